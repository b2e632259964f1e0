import { z } from 'zod';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { currencyOf, currencyOption } from './currency-option.ts';
import { decimalLike, defaultErrorFlag, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against Moonshot's docs (platform.moonshot.cn/docs/api/balance; the
 * platform.moonshot.ai English page says the same in USD):
 * - GET /v1/users/me/balance (Bearer) → {"code":0,"data":{"available_balance":49.58894,
 *   "voucher_balance":46.58893,"cash_balance":3.00001},"scode":"0x0","status":true}.
 * - No currency in the reply: api.moonshot.cn bills in CNY, api.moonshot.ai in USD.
 * - available_balance includes cash and vouchers; "when it is <= 0 the user cannot call the
 *   inference API". cash_balance may be negative (the account owes); then available_balance
 *   equals voucher_balance.
 * - A 200 can carry status:false / a non-zero code.
 * - Out of money is HTTP 429 with error.type "exceeded_current_quota_error" ("Your account
 *   is suspended due to insufficient balance…"), not 402 (forum.moonshot.ai/t/429-insufficient-balance/244);
 *   a real rate limit is 429 "rate_limit_reached_error"; a bad key 401 "invalid_authentication_error".
 */

const balanceReply = z.object({
  code: z.number().optional(),
  data: z.object({ available_balance: decimalLike, voucher_balance: decimalLike, cash_balance: decimalLike }),
  scode: z.string().optional(),
  status: z.boolean().optional(),
});

const errorType = (text: string): string | null => {
  const json = tryParseJson(text) as { error?: { type?: unknown } } | undefined;
  return typeof json?.error?.type === 'string' ? json.error.type : null;
};

/** status:false or a non-zero code in a 200 is a failure, whatever else the body holds. */
function errorFlag(json: unknown): string | null {
  const flagged = defaultErrorFlag(json);
  if (flagged !== null) return flagged;
  const code = (json as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code !== 0 ? `the provider answered code ${code}` : null;
}

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  if (res.status === 429 && errorType(res.text) === 'exceeded_current_quota_error')
    return { ...base, state: 'insufficient_balance' };
  return base;
}

const DOMAINS = [
  ['moonshot.cn', 'CNY'],
  ['moonshot.ai', 'USD'],
] as const;

/** Moonshot / Kimi: api.moonshot.cn bills in CNY, api.moonshot.ai in USD. */
export const moonshot: ProviderDefinition = {
  id: 'moonshot',
  name: 'Moonshot (Kimi)',
  unit: 'CNY',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.moonshot.cn',
  keyRequired: true,
  keyHint: 'API key (sk-…)',
  options: [
    currencyOption(
      'The currency the account bills in. Needed only for a base URL other than api.moonshot.cn (CNY) or api.moonshot.ai (USD).',
    ),
  ],
  docsUrl: 'https://platform.moonshot.ai/docs/api/balance',
  balanceEndpoint: '/v1/users/me/balance',
  async poll(ctx) {
    const currency = currencyOf(ctx.options, ctx.baseUrl, DOMAINS);
    if (currency === null) {
      return outcome({
        state: 'bad_response',
        message:
          'set the currency option (CNY or USD): the reply does not say, and this base URL is not api.moonshot.cn or api.moonshot.ai',
      });
    }
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/users/me/balance`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status < 200 || res.status >= 300) return failure(res, now);
    const read = readJson(res, balanceReply, now, errorFlag);
    if (!read.ok) return read.outcome;
    const available = toMicros(read.data.data.available_balance);
    const cash = toMicros(read.data.data.cash_balance);
    const notes: string[] = [];
    if (available <= 0) notes.push('no available balance: the API refuses calls until a top-up');
    if (cash < 0) notes.push(`cash balance ${fromMicros(cash)} ${currency} (owed)`);
    return outcome({
      state: available <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros: available, unit: currency },
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
