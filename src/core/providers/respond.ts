import { z } from 'zod';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { classifyFailure, errorMessageOf, looksLikeHtml, parseRetryAfter, tryParseJson } from './classify.ts';
import type { KeyState } from '../../shared/states.ts';
import { toMicros } from '../../shared/decimal.ts';

/** A number or a decimal string: providers send both for the same field. */
export const amountLike = z.union([z.number(), z.string()]);

/**
 * amountLike that must also be a usable amount ("110.00", 17.97; not "lots", not 1e400), so a
 * bad value is caught by the schema and reported with its field and the reply's HTTP status.
 */
export const decimalLike = amountLike.superRefine((value, ctx) => {
  try {
    toMicros(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'expected an amount' });
  }
});

export type Read<T> = { ok: true; data: T } | { ok: false; outcome: PollOutcome };

/**
 * An error flag inside a 2xx body: `success:false`, `status:false`, or an `error` field.
 * Returns the provider's message when flagged, null when the body looks like a success.
 */
export function defaultErrorFlag(json: unknown): string | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const flagged =
    o.success === false || o.status === false || (o.error !== undefined && o.error !== null && o.error !== '');
  if (!flagged) return null;
  return errorMessageOf(JSON.stringify(json)) ?? 'the provider reported an error';
}

/** What an error flag in a 2xx means, judged from its wording. */
export function stateOfFlaggedMessage(message: string): KeyState {
  if (/expir/i.test(message)) return 'expired_key';
  if (/insufficient|not enough|no (credits|balance|quota)|余额不足|额度不足/i.test(message))
    return 'insufficient_balance';
  if (/daily|spend limit/i.test(message)) return 'daily_cap_reached';
  if (/invalid|unauthori[sz]ed|not (logged in|authenticated)|token|api key|forbidden|无效|未登录/i.test(message))
    return 'invalid_key';
  return 'bad_response';
}

/** The outcome for any reply that is not a 2xx: the shared state table plus Retry-After. */
export function failedReply(res: HttpResponse, now: number): PollOutcome {
  const cls = classifyFailure(res);
  return outcome({
    state: cls.state,
    httpStatus: res.status,
    message: cls.message,
    retryAfterSeconds: parseRetryAfter(res.headers['retry-after'], now),
  });
}

/**
 * Read a reply that should be a 2xx JSON body of a known shape. Non-2xx, non-JSON (HTML,
 * truncated, empty), error flags and schema mismatches all come back as an outcome with the
 * right state; a ZodError never escapes.
 */
export function readJson<T>(
  res: HttpResponse,
  schema: z.ZodType<T>,
  now: number,
  errorFlag: (json: unknown) => string | null = defaultErrorFlag,
): Read<T> {
  if (res.status < 200 || res.status >= 300) return { ok: false, outcome: failedReply(res, now) };
  const json = tryParseJson(res.text);
  if (json === undefined) {
    const why = !res.text.trim()
      ? 'empty reply'
      : looksLikeHtml(res.text)
        ? (errorMessageOf(res.text) ?? 'HTML page instead of JSON')
        : 'reply is not valid JSON (truncated?)';
    return { ok: false, outcome: outcome({ state: 'bad_response', httpStatus: res.status, message: why }) };
  }
  const flagged = errorFlag(json);
  if (flagged !== null) {
    return {
      ok: false,
      outcome: outcome({ state: stateOfFlaggedMessage(flagged), httpStatus: res.status, message: flagged }),
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      outcome: outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: `unexpected reply${where}: ${issue?.message ?? 'wrong shape'}`,
      }),
    };
  }
  return { ok: true, data: parsed.data };
}
