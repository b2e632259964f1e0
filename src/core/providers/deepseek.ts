import { z } from 'zod';
import { toMicros } from '../../shared/decimal.ts';
import type { Currency } from '../../shared/units.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { currencyOption } from './currency-option.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against DeepSeek's docs (api-docs.deepseek.com/api/get-user-balance and
 * /quick_start/error_codes):
 * - GET /user/balance (Bearer) → {"is_available":true,"balance_infos":[{"currency":"CNY",
 *   "total_balance":"110.00","granted_balance":"10.00","topped_up_balance":"100.00"}]};
 *   amounts are decimal strings, currency is CNY or USD, one entry per currency;
 *   is_available: "whether the account has balance available for API calls".
 * - 401 authentication fails, 402 insufficient balance, 429 rate limit, 500, 503.
 * - Error bodies are OpenAI-shaped: {"error":{"message","type","param","code"}}; a 401 says
 *   "Authentication Fails, Your api key: ****abcd is invalid" (continuedev/continue#11820),
 *   so the tail of the key is scrubbed from messages too.
 */

const balanceReply = z.object({
  is_available: z.boolean().optional(),
  balance_infos: z.array(
    z.object({
      currency: z.string(),
      total_balance: decimalLike,
      granted_balance: decimalLike.optional(),
      topped_up_balance: decimalLike.optional(),
    }),
  ),
});

const embeddedErrorBody = z.object({
  error: z.object({ message: z.string().optional(), type: z.string().nullish() }).passthrough(),
});

/** "Your api key: ****abcd is invalid" → "Your api key: **** is invalid". */
function scrubKeyTail(message: string | null): string | null {
  return message === null ? null : message.replace(/\*{3,}[A-Za-z0-9_-]{1,12}/g, '****');
}

function scrubbed(out: PollOutcome): PollOutcome {
  return { ...out, message: scrubKeyTail(out.message) };
}

/** An OpenAI-style error inside a 200, classified by its type as the status it stands for. */
function embeddedError(res: HttpResponse, now: number): PollOutcome | null {
  const parsed = embeddedErrorBody.safeParse(tryParseJson(res.text));
  if (!parsed.success) return null;
  const type = parsed.data.error.type ?? '';
  const status = /auth/i.test(type) ? 401 : /rate/i.test(type) ? 429 : /balance|quota|billing/i.test(type) ? 402 : 400;
  const out = failedReply({ ...res, status }, now);
  return {
    ...out,
    state: status === 400 ? 'bad_response' : out.state,
    httpStatus: res.status,
    message: parsed.data.error.message ?? out.message,
  };
}

/** DeepSeek: balance per currency (CNY or USD), as decimal strings. */
export const deepseek: ProviderDefinition = {
  id: 'deepseek',
  name: 'DeepSeek',
  unit: 'CNY',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.deepseek.com',
  keyRequired: true,
  keyHint: 'API key (sk-…)',
  options: [
    currencyOption(
      'Which balance to follow when the account holds both CNY and USD (default: the first one DeepSeek lists).',
    ),
  ],
  docsUrl: 'https://api-docs.deepseek.com/api/get-user-balance',
  balanceEndpoint: '/user/balance',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/user/balance`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status >= 200 && res.status < 300) {
      const flagged = embeddedError(res, now);
      if (flagged) return scrubbed(flagged);
    }
    const read = readJson(res, balanceReply, now);
    if (!read.ok) return scrubbed(read.outcome);
    const { is_available: available, balance_infos: infos } = read.data;

    const wanted = typeof ctx.options.currency === 'string' ? ctx.options.currency : null;
    const info = wanted ? infos.find((i) => i.currency.toUpperCase() === wanted) : infos[0];
    if (!info) {
      if (available === false)
        return outcome({
          state: 'insufficient_balance',
          httpStatus: res.status,
          message: 'no balance: top up to call the API',
        });
      const listed = infos.map((i) => i.currency).join(', ') || 'none';
      return outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: wanted ? `no ${wanted} balance in the reply (currencies: ${listed})` : 'the reply lists no balance',
      });
    }
    const currency = info.currency.toUpperCase();
    if (currency !== 'CNY' && currency !== 'USD') {
      return outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: `unsupported currency ${JSON.stringify(info.currency.slice(0, 10))}`,
      });
    }
    const micros = toMicros(info.total_balance);
    const others = infos.filter((i) => i !== info).map((i) => `${i.currency} ${String(i.total_balance)}`);
    const notes: string[] = [];
    // is_available:false is DeepSeek saying this balance cannot pay for a call any more.
    const short = available === false || (available === undefined && micros <= 0);
    if (short) notes.push('balance too low to call the API');
    if (others.length) notes.push(`also ${others.join(', ')}`);
    return outcome({
      state: short ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros, unit: currency as Currency },
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
