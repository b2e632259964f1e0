import { z } from 'zod';
import { bigToMicros, divRoundBig, toMicrosBig } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { amountLike, decimalLike, failedReply, readJson } from './respond.ts';
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
 * The balance is reported in US dollars, converted exactly from the raw credits at the
 * documented rate: integer micros of credits could not hold a business balance (above
 * about 9.0e9 credits, ~$4,500, they pass Number.MAX_SAFE_INTEGER), while micro-dollars
 * hold up to ~$9.0e9. The raw figure is parsed as a BigInt, divided by 2,000,000 and
 * rounded to the micro-dollar (half away from zero): a micro-dollar is two credits, so at
 * most one credit is rounded. Dollars are also what the rest of the app values money in.
 * History stored in credits before this was converted by migration 003.
 */

/** AIML API's fixed rate: 2,000,000 credits are one US dollar. */
export const AIMLAPI_CREDITS_PER_USD = 2_000_000;

/** Credits (as BigInt micros of credits) → USD micros, exactly (half a micro rounds away from zero). */
export function aimlCreditsToUsdMicros(creditMicros: bigint): number {
  return bigToMicros(divRoundBig(creditMicros, BigInt(AIMLAPI_CREDITS_PER_USD)));
}

/** Raw credits that convert to micro-dollars (up to ~1.8e16 credits, ~$9.0e9); anything else is a bad reply, by field. */
const creditsLike = amountLike.superRefine((value, ctx) => {
  try {
    aimlCreditsToUsdMicros(toMicrosBig(value));
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'expected an amount' });
  }
});

const balanceReply = z.object({
  balance: creditsLike,
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

/** AIML API: credits, 2,000,000 per USD, reported in USD. */
export const aimlapi: ProviderDefinition = {
  id: 'aimlapi',
  name: 'AIML API',
  unit: 'USD',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.aimlapi.com',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://docs.aimlapi.com/api-references/service-endpoints/account-balance',
  balanceEndpoint: '/v1/billing/balance',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/billing/balance`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status >= 200 && res.status < 300) {
      const flagged = embeddedError(res, now);
      if (flagged) return flagged;
    }
    const read = readJson(res, balanceReply, now);
    if (!read.ok) return read.outcome;
    const d = read.data;
    const usd = aimlCreditsToUsdMicros(toMicrosBig(d.balance));
    const notes: string[] = [];
    if (usd <= 0) notes.push('no credits left: top up to keep calling the API');
    else if (d.lowBalance)
      notes.push(
        `low balance${d.lowBalanceThreshold === null || d.lowBalanceThreshold === undefined ? '' : ` (under ${String(d.lowBalanceThreshold)} credits)`}`,
      );
    // "current" means the figure is up to date; anything else comes with the provider's explanation.
    if (d.status && d.status !== 'current') notes.push(d.statusExplanation || `balance status: ${d.status}`);
    return outcome({
      state: usd <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros: usd, unit: 'USD' },
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
