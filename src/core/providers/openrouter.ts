import { z } from 'zod';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { KeyState } from '../../shared/states.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against OpenRouter's own docs and SDK reference:
 * - GET /api/v1/key with any key → {"data":{label, limit, limit_remaining, limit_reset, usage,
 *   usage_daily, usage_weekly, usage_monthly, is_free_tier, expires_at, …}} in USD
 *   (openrouter.ai/docs/api/api-reference/api-keys/get-current-key; SDK GetCurrentKeyData:
 *   usage_daily "for the current UTC day", usage_weekly "for the current UTC week
 *   (Monday-Sunday)", usage_monthly "for the current UTC month", expires_at "ISO 8601 UTC
 *   timestamp when the API key expires, or null"). `limit` null means no spend limit.
 * - GET /api/v1/credits → {"data":{total_credits,total_usage}}: "Management key required"
 *   (openrouter.ai/docs/client-sdks/typescript/sdks/credits/README, errors 401/403).
 * - Errors are {"error":{"code","message","metadata"?}}. 402 means the account or the key
 *   is out of credits: error.metadata.limit_source is "openrouter_credits" or
 *   "openrouter_key_limit" (openrouter.ai/docs/api-reference/limits, "Handling 402 errors").
 *   A spent key limit is also seen as 403 "Key limit exceeded (daily limit)" / "(total limit)"
 *   (NousResearch/hermes-agent#93979, RooCodeInc/Roo-Code#515).
 */

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time');

const keyReply = z.object({
  data: z.object({
    label: z.string().nullish(),
    limit: decimalLike.nullish(),
    limit_remaining: decimalLike.nullish(),
    limit_reset: z.string().nullish(),
    usage: decimalLike.nullish(),
    usage_daily: decimalLike.nullish(),
    usage_weekly: decimalLike.nullish(),
    usage_monthly: decimalLike.nullish(),
    is_free_tier: z.boolean().nullish(),
    expires_at: isoTime.nullish(),
  }),
});
type KeyData = z.infer<typeof keyReply>['data'];

const creditsReply = z.object({ data: z.object({ total_credits: decimalLike, total_usage: decimalLike }) });

const errorBody = z.object({
  error: z
    .object({
      message: z.string().optional(),
      metadata: z.object({ limit_source: z.string().optional() }).passthrough().nullish(),
    })
    .passthrough(),
});

export type ResetPeriod = 'daily' | 'weekly' | 'monthly';
const PERIODS: readonly string[] = ['daily', 'weekly', 'monthly'];

/** When a key limit with this reset period next resets: UTC midnight, Monday 00:00 UTC, or the 1st of the month. */
export function nextResetAt(period: ResetPeriod, now: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (period) {
    case 'daily':
      return Date.UTC(y, m, day + 1);
    case 'weekly':
      // getUTCDay: 0 = Sunday … 6 = Saturday. From a Monday the next reset is a week away.
      return Date.UTC(y, m, day + ((8 - d.getUTCDay()) % 7 || 7));
    case 'monthly':
      return Date.UTC(y, m + 1, 1); // Date.UTC rolls December over into January
  }
}

type Cap = NonNullable<PollOutcome['cap']>;

/** The key's spend limit as cap figures; null when the key has no limit. */
function capOf(key: KeyData, now: number): Cap | null {
  if (key.limit === null || key.limit === undefined) return null;
  const limit = toMicros(key.limit);
  const period = key.limit_reset && PERIODS.includes(key.limit_reset) ? (key.limit_reset as ResetPeriod) : null;
  const usedRaw =
    period === 'daily'
      ? key.usage_daily
      : period === 'weekly'
        ? key.usage_weekly
        : period === 'monthly'
          ? key.usage_monthly
          : key.limit_reset
            ? null
            : key.usage;
  const used = usedRaw === null || usedRaw === undefined ? null : toMicros(usedRaw);
  const remaining =
    key.limit_remaining !== null && key.limit_remaining !== undefined
      ? toMicros(key.limit_remaining)
      : used !== null
        ? limit - used
        : null;
  return { unit: 'USD', limit, used, remaining, resetAt: period ? nextResetAt(period, now) : null };
}

const usd = (micros: number) => (micros < 0 ? `-$${fromMicros(-micros)}` : `$${fromMicros(micros)}`);

/**
 * A failed reply: the shared state table, except that a spent key limit (402 with
 * limit_source openrouter_key_limit, or 402/403 "Key limit exceeded (… limit)") is told apart
 * from an account out of credits — a daily one is daily_cap_reached.
 */
function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  if (res.status !== 402 && res.status !== 403) return base;
  const parsed = errorBody.safeParse(tryParseJson(res.text));
  const err = parsed.success ? parsed.data.error : null;
  const said = err?.message ?? '';
  if (err?.metadata?.limit_source === 'openrouter_key_limit' || /key limit (exceeded|reached)/i.test(said)) {
    const daily = /daily/i.test(said);
    return {
      ...base,
      state: daily ? 'daily_cap_reached' : 'insufficient_balance',
      message: said || "the key's spend limit is used up",
    };
  }
  return base;
}

const is2xx = (res: HttpResponse) => res.status >= 200 && res.status < 300;

/**
 * A 2xx can still carry {"error":{"code":401,…}}; its code says what it means better than its
 * wording, so it is classified as that status (the reading keeps the real HTTP status).
 */
function embeddedError(res: HttpResponse, now: number): PollOutcome | null {
  const json = tryParseJson(res.text) as { error?: { code?: unknown } } | undefined;
  const code = json?.error?.code;
  if (typeof code !== 'number' || code < 400 || code > 599) return null;
  return { ...failure({ ...res, status: code }, now), httpStatus: res.status };
}

/** OpenRouter: USD credits; keys can carry a spend limit that resets daily/weekly/monthly. */
export const openrouter: ProviderDefinition = {
  id: 'openrouter',
  name: 'OpenRouter',
  unit: 'USD',
  capabilities: ['balance', 'key_limit', 'key_expiry', 'daily_cap'],
  defaultBaseUrl: 'https://openrouter.ai/api',
  keyRequired: true,
  keyHint: 'API key (sk-or-…); a management key also reads the account credits',
  options: [],
  docsUrl: 'https://openrouter.ai/docs/api-reference/limits',
  balanceEndpoint: '/v1/credits',
  async poll(ctx) {
    const headers = { authorization: `Bearer ${ctx.key ?? ''}` };
    const now = ctx.now();

    const keyRes = await ctx.http.request({ url: `${ctx.baseUrl}/v1/key`, headers });
    if (!is2xx(keyRes)) return failure(keyRes, now);
    const keyFlagged = embeddedError(keyRes, now);
    if (keyFlagged) return keyFlagged;
    const keyRead = readJson(keyRes, keyReply, now);
    if (!keyRead.ok) return keyRead.outcome;
    const key = keyRead.data.data;
    const cap = capOf(key, now);
    const keyExpiresAt = key.expires_at ? Date.parse(key.expires_at) : null;

    // The account balance needs a management key; an ordinary key is refused (401/403) after
    // /v1/key accepted it. That is not a failure: the key's own limit is still worth recording.
    const creditsRes = await ctx.http.request({ url: `${ctx.baseUrl}/v1/credits`, headers });
    let balance: number | null = null;
    const notes: string[] = [];
    if (creditsRes.status === 401 || creditsRes.status === 403) {
      notes.push('account credits need a management key; showing this key only');
    } else {
      if (!is2xx(creditsRes)) return { ...failure(creditsRes, now), cap, keyExpiresAt };
      const creditsFlagged = embeddedError(creditsRes, now);
      if (creditsFlagged) return { ...creditsFlagged, cap, keyExpiresAt };
      const credits = readJson(creditsRes, creditsReply, now);
      if (!credits.ok) return { ...credits.outcome, cap, keyExpiresAt };
      balance = toMicros(credits.data.data.total_credits) - toMicros(credits.data.data.total_usage);
    }

    let state: KeyState = 'ok';
    if (keyExpiresAt !== null && keyExpiresAt <= now) {
      state = 'expired_key';
      notes.unshift(`the key expired at ${new Date(keyExpiresAt).toISOString()}`);
    } else if (balance !== null && balance <= 0) {
      state = 'insufficient_balance';
      notes.unshift(`account credits are used up (${usd(balance)})`);
    } else if (cap && cap.limit !== null && cap.remaining !== null && cap.remaining <= 0) {
      const period = key.limit_reset && PERIODS.includes(key.limit_reset) ? key.limit_reset : 'total';
      state = period === 'daily' ? 'daily_cap_reached' : 'insufficient_balance';
      const resets = cap.resetAt === null ? '' : `; resets ${new Date(cap.resetAt).toISOString()}`;
      notes.unshift(`the key's ${period} limit of ${usd(cap.limit)} is used up${resets}`);
    }

    return outcome({
      state,
      // The key reading stands even when the credits call was refused, so it carries /v1/key's status.
      httpStatus: keyRes.status,
      balance: balance === null ? null : { micros: balance, unit: 'USD' },
      cap,
      keyExpiresAt,
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
