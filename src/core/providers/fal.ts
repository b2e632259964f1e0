import { z } from 'zod';
import { toMicros } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { scrubSecrets } from '../secrets/scrub.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against fal's docs (fal.ai/docs/platform-apis/v1/account/billing):
 * - GET https://api.fal.ai/v1/account/billing?expand=credits with
 *   `Authorization: Key <ADMIN_API_KEY>` ("Admin API key must be prefixed with 'Key '") →
 *   {"username":"my-team","credits":{"current_balance":24.5,"currency":"USD"}}; `credits` is
 *   "only present when 'credits' is included in expand".
 * - An ordinary (non-admin) key is refused; SDKs match "Admin API key" in the error
 *   (tryAGI/Fal examples). A locked account answers 403 {"detail":"User is locked. Reason:
 *   Exhausted balance. Top up your balance at fal.ai/dashboard/billing."} (seen across public
 *   code and issues); fal's FAQ: below the lock threshold "API requests will be rejected".
 * - fal keys look like "<key id>:<secret>"; both halves are kept out of messages.
 */

const billingReply = z.object({
  username: z.string().nullish(),
  credits: z.object({ current_balance: decimalLike, currency: z.string() }).nullish(),
});

const EXHAUSTED_RE = /exhausted balance|insufficient (balance|credits)|user is locked/i;

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  if ((res.status === 401 || res.status === 403 || res.status === 402) && EXHAUSTED_RE.test(base.message ?? ''))
    return { ...base, state: 'insufficient_balance' };
  return base;
}

/** fal's FastAPI-style {"detail": …} error inside a 200 is a refusal, read as a 403. */
function embeddedError(res: HttpResponse, now: number): PollOutcome | null {
  const json = tryParseJson(res.text) as { detail?: unknown; credits?: unknown } | undefined;
  if (!json || json.detail === undefined || json.credits) return null;
  return { ...failure({ ...res, status: 403 }, now), httpStatus: res.status };
}

/** fal: USD credits, read with an admin key (`Authorization: Key …`). */
export const fal: ProviderDefinition = {
  id: 'fal',
  name: 'fal',
  unit: 'USD',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.fal.ai',
  keyRequired: true,
  keyHint: 'Admin API key',
  options: [],
  docsUrl: 'https://docs.fal.ai/platform-apis/v1/account/billing',
  balanceEndpoint: '/v1/account/billing',
  async poll(ctx) {
    const now = ctx.now();
    const key = ctx.key ?? '';
    const scrub = (out: PollOutcome): PollOutcome =>
      out.message === null ? out : { ...out, message: scrubSecrets(out.message, [key, ...key.split(':')]) };
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/account/billing?expand=credits`,
      headers: { authorization: `Key ${key}` },
    });
    if (res.status < 200 || res.status >= 300) return scrub(failure(res, now));
    const flagged = embeddedError(res, now);
    if (flagged) return scrub(flagged);
    const read = readJson(res, billingReply, now);
    if (!read.ok) return scrub(read.outcome);
    const credits = read.data.credits;
    if (!credits)
      return outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: 'the reply has no credits (expand=credits was not honoured)',
      });
    const currency = credits.currency.toUpperCase();
    if (currency !== 'USD' && currency !== 'CNY') {
      return outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: `unsupported currency ${JSON.stringify(credits.currency.slice(0, 10))}`,
      });
    }
    const micros = toMicros(credits.current_balance);
    return outcome({
      state: micros <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros, unit: currency },
      message: micros <= 0 ? 'no credits left: fal locks the account until a top-up' : null,
    });
  },
};
