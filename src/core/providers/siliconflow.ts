import { z } from 'zod';
import { toMicros } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { currencyOf, currencyOption } from './currency-option.ts';
import { decimalLike, defaultErrorFlag, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against SiliconFlow's docs:
 * - GET /v1/user/info (Bearer) → {"code":20000,"message":"OK","status":true,"data":{"id",
 *   "name","image","email","isAdmin","balance":"0.88","status":"normal","introduction","role",
 *   "chargeBalance":"88.00","totalBalance":"88.88"}} — amounts are decimal strings; balance
 *   is the granted part, chargeBalance the paid part, totalBalance their sum
 *   (docs.siliconflow.cn/en/api-reference/userinfo/get-user-info; the .com page is the same).
 * - api.siliconflow.cn bills in CNY, api.siliconflow.com in USD; the reply does not say.
 * - Errors: {"code":<n>,"message":"…","data":null}; 401 bad key (plain text such as
 *   "Api key is invalid"), 403 permissions or, with code 30001, "Sorry, your account balance is
 *   insufficient", 429 rate limits (RPM/RPD/TPM/TPD…), 503/504 load
 *   (docs.siliconflow.cn/en/faqs/error-code; the 30001 body as seen in public bug reports).
 */

const INSUFFICIENT_CODE = 30001;

const userInfoReply = z.object({
  code: z.number(),
  message: z.string().nullish(),
  status: z.boolean().optional(),
  data: z
    .object({
      balance: decimalLike,
      chargeBalance: decimalLike,
      totalBalance: decimalLike,
      status: z.string().nullish(),
    })
    .passthrough(),
});

/** status:false or any code other than 20000 in a 200 is a failure. */
function errorFlag(json: unknown): string | null {
  const flagged = defaultErrorFlag(json);
  if (flagged !== null) return flagged;
  const o = json as { code?: unknown; message?: unknown } | null;
  if (typeof o?.code === 'number' && o.code !== 20000)
    return typeof o.message === 'string' && o.message ? o.message : `the provider answered code ${o.code}`;
  return null;
}

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  const code = (tryParseJson(res.text) as { code?: unknown } | undefined)?.code;
  if (code === INSUFFICIENT_CODE) return { ...base, state: 'insufficient_balance' };
  return base;
}

const DOMAINS = [
  ['siliconflow.cn', 'CNY'],
  ['siliconflow.com', 'USD'],
] as const;

/** SiliconFlow: api.siliconflow.cn bills in CNY, api.siliconflow.com in USD. */
export const siliconflow: ProviderDefinition = {
  id: 'siliconflow',
  name: 'SiliconFlow',
  unit: 'CNY',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.siliconflow.cn',
  keyRequired: true,
  keyHint: 'API key (sk-…)',
  options: [
    currencyOption(
      'The currency the account bills in. Needed only for a base URL other than api.siliconflow.cn (CNY) or api.siliconflow.com (USD).',
    ),
  ],
  docsUrl: 'https://docs.siliconflow.cn/en/api-reference/userinfo/get-user-info',
  balanceEndpoint: '/v1/user/info',
  async poll(ctx) {
    const currency = currencyOf(ctx.options, ctx.baseUrl, DOMAINS);
    if (currency === null) {
      return outcome({
        state: 'bad_response',
        message:
          'set the currency option (CNY or USD): the reply does not say, and this base URL is not api.siliconflow.cn or api.siliconflow.com',
      });
    }
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/user/info`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status < 200 || res.status >= 300) return failure(res, now);
    const read = readJson(res, userInfoReply, now, errorFlag);
    if (!read.ok) return read.outcome;
    const total = toMicros(read.data.data.totalBalance);
    return outcome({
      state: total <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros: total, unit: currency },
      message: total <= 0 ? 'no balance left for paid models: top up to keep calling them' : null,
    });
  },
};
