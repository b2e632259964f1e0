import { z } from 'zod';
import { mulDivMicros, toMicros } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against AIML API's docs:
 * - GET /v1/billing/balance (Bearer) → {"balance":10000000,"lowBalance":false,
 *   "lowBalanceThreshold":10000,"lastUpdated":"2025-11-25T17:45:00Z","autoDebitStatus":"disabled",
 *   "status":"current","statusExplanation":"Balance is current and up to date"}; balance is
 *   "the total credits associated with the provided API key"
 *   (docs.aimlapi.com/api-references/service-endpoints/account-balance; one version of the page
 *   shows the host billing.aimlapi.com, another api.aimlapi.com).
 * - "$1 USD = 2,000,000 credits" (docs.aimlapi.com/faq/how-can-i-track-my-funds).
 * - Errors: 401 bad key, 403 "authenticated but not allowed (e.g., no credits)", 429 limits
 *   with no Retry-After (docs.aimlapi.com/errors-and-messages/errors-with-status-code-4xx); the
 *   body is {"message","path","requestId","statusCode","timestamp"}
 *   (docs.aimlapi.com/errors-and-messages/general-info).
 *
 * The balance stays in raw credits (unit `credits`); the rate below turns it into money.
 * Note the micros range: above about 9.0e9 credits (~$4,500) a balance cannot be held
 * exactly and the poll reports the amount as out of range.
 */

/** AIML API's fixed rate: 2,000,000 credits are one US dollar. */
export const AIMLAPI_CREDITS_PER_USD = 2_000_000;

/** Credits (as micros of credits) → USD micros, exactly (half a micro rounds away from zero). */
export function aimlCreditsToUsdMicros(creditMicros: number): number {
  return mulDivMicros(creditMicros, 1, AIMLAPI_CREDITS_PER_USD);
}

const balanceReply = z.object({
  balance: decimalLike,
  lowBalance: z.boolean().nullish(),
  lowBalanceThreshold: decimalLike.nullish(),
  lastUpdated: z.string().nullish(),
  autoDebitStatus: z.string().nullish(),
  status: z.string().nullish(),
  statusExplanation: z.string().nullish(),
});

/** {"statusCode":4xx/5xx,…} inside a 200, classified as the status it carries. */
function embeddedError(res: HttpResponse, now: number): PollOutcome | null {
  const json = tryParseJson(res.text) as { statusCode?: unknown } | undefined;
  const code = Number(json?.statusCode);
  if (!Number.isInteger(code) || code < 400 || code > 599) return null;
  return { ...failedReply({ ...res, status: code }, now), httpStatus: res.status };
}

/** AIML API: credits, 2,000,000 per USD. */
export const aimlapi: ProviderDefinition = {
  id: 'aimlapi',
  name: 'AIML API',
  unit: 'credits',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.aimlapi.com',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://docs.aimlapi.com/api-references/service-endpoints/account-balance',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({ url: `${ctx.baseUrl}/v1/billing/balance`, headers: { authorization: `Bearer ${ctx.key ?? ''}` } });
    if (res.status >= 200 && res.status < 300) {
      const flagged = embeddedError(res, now);
      if (flagged) return flagged;
    }
    const read = readJson(res, balanceReply, now);
    if (!read.ok) return read.outcome;
    const d = read.data;
    const credits = toMicros(d.balance);
    const notes: string[] = [];
    if (credits <= 0) notes.push('no credits left: top up to keep calling the API');
    else if (d.lowBalance) notes.push(`low balance${d.lowBalanceThreshold === null || d.lowBalanceThreshold === undefined ? '' : ` (under ${String(d.lowBalanceThreshold)} credits)`}`);
    // "current" means the figure is up to date; anything else comes with the provider's explanation.
    if (d.status && d.status !== 'current') notes.push(d.statusExplanation || `balance status: ${d.status}`);
    return outcome({
      state: credits <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros: credits, unit: 'credits' },
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
