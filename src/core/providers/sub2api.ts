import { z } from 'zod';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { KeyState } from '../../shared/states.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { errorCodeOf, errorMessageOf } from './classify.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against Sub2API's Go source (Wei-Shaw/sub2api, backend/internal/…):
 * - GET /v1/usage with the gateway's API key (`Authorization: Bearer`, or `x-api-key`) — the
 *   endpoint CC Switch reads (handler/gateway_handler.go, Usage). Amounts are USD floats.
 *   Three shapes, told apart by `mode`:
 *   - "quota_limited" (the key has a total quota or rate limits): {mode, isValid, status
 *     ("active" | "quota_exhausted" | "expired"), quota: {limit, used, remaining, unit:"USD"},
 *     remaining, unit, rate_limits: [{window: "5h"|"1d"|"7d", limit, used, remaining,
 *     window_start, reset_at?}], expires_at?, days_until_expiry?, usage, …}.
 *   - "unrestricted" on a subscription group: {mode, isValid, planName, unit, remaining (the
 *     tightest of the daily/weekly/monthly limits left; -1 = no limit), subscription:
 *     {daily_usage_usd, weekly_usage_usd, monthly_usage_usd, daily_limit_usd, weekly_limit_usd,
 *     monthly_limit_usd, weekly_window_start, expires_at}}.
 *   - "unrestricted" on the wallet: {mode, isValid, planName, remaining, unit, balance}.
 *   Releases before `mode` (2025) answer {isValid, planName, remaining, unit} only.
 * - Errors from the key middleware (server/middleware/api_key_auth.go) are {"code","message"}:
 *   401 INVALID_API_KEY / API_KEY_DISABLED / USER_INACTIVE; 403 INSUFFICIENT_BALANCE ("Insufficient
 *   account balance", wallet at or below zero); 403 SUBSCRIPTION_NOT_FOUND / SUBSCRIPTION_INVALID
 *   ("subscription has expired"); 429 USAGE_LIMIT_EXCEEDED ("daily usage limit exceeded", or
 *   weekly/monthly); handler errors are {"type":"error","error":{"type","message"}}.
 *
 * The reading: the wallet balance, the key's quota left, or what the subscription has left,
 * as the balance in USD; a daily limit (the key's "1d" window, or the plan's daily limit) as the
 * cap figures, since Burnrate's cap is the daily one.
 */

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time');

const windowSchema = z.object({
  window: z.string(),
  limit: decimalLike,
  used: decimalLike,
  remaining: decimalLike.nullish(),
  reset_at: isoTime.nullish(),
});

const usageReply = z.object({
  mode: z.string().nullish(),
  isValid: z.boolean().nullish(),
  status: z.string().nullish(),
  planName: z.string().nullish(),
  unit: z.string().nullish(),
  remaining: decimalLike.nullish(),
  balance: decimalLike.nullish(),
  quota: z.object({ limit: decimalLike, used: decimalLike, remaining: decimalLike }).nullish(),
  rate_limits: z.array(windowSchema).nullish(),
  expires_at: isoTime.nullish(),
  subscription: z
    .object({
      daily_usage_usd: decimalLike.nullish(),
      daily_limit_usd: decimalLike.nullish(),
      weekly_usage_usd: decimalLike.nullish(),
      weekly_limit_usd: decimalLike.nullish(),
      monthly_usage_usd: decimalLike.nullish(),
      monthly_limit_usd: decimalLike.nullish(),
      expires_at: isoTime.nullish(),
    })
    .nullish(),
});
type Usage = z.infer<typeof usageReply>;
type Cap = NonNullable<PollOutcome['cap']>;

const usd = (micros: number) => (micros < 0 ? `-$${fromMicros(-micros)}` : `$${fromMicros(micros)}`);

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  const code = errorCodeOf(res.text) ?? '';
  const said = errorMessageOf(res.text) ?? '';
  // A spent weekly or monthly plan limit blocks the key until it resets: out of money, not a rate limit.
  if (res.status === 429 && code === 'usage_limit_exceeded' && !/daily/i.test(said))
    return { ...base, state: 'insufficient_balance', message: said || 'the plan limit is used up' };
  if (code === 'subscription_not_found') return { ...base, state: 'invalid_key', message: said };
  return base;
}

function dailyCap(usage: Usage): Cap | null {
  const day = usage.rate_limits?.find((w) => w.window === '1d');
  if (day) {
    const limit = toMicros(day.limit);
    const used = toMicros(day.used);
    return {
      unit: 'USD',
      limit,
      used,
      remaining: day.remaining === null || day.remaining === undefined ? limit - used : toMicros(day.remaining),
      resetAt: day.reset_at ? Date.parse(day.reset_at) : null,
    };
  }
  const sub = usage.subscription;
  if (sub && sub.daily_limit_usd !== null && sub.daily_limit_usd !== undefined) {
    const limit = toMicros(sub.daily_limit_usd);
    const used = toMicros(sub.daily_usage_usd ?? 0);
    return { unit: 'USD', limit, used, remaining: limit - used, resetAt: null };
  }
  return null;
}

/** Sub2API: a gateway that resells subscriptions as API keys, with a wallet, key quotas or plans. */
export const sub2api: ProviderDefinition = {
  id: 'sub2api',
  name: 'Sub2API',
  unit: 'USD',
  capabilities: ['balance', 'key_limit', 'key_expiry', 'daily_cap'],
  defaultBaseUrl: null,
  keyRequired: true,
  keyHint: 'the API key the gateway issued (sk-…)',
  options: [],
  docsUrl: 'https://github.com/Wei-Shaw/sub2api',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/usage`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status < 200 || res.status >= 300) return failure(res, now);
    const read = readJson(res, usageReply, now);
    if (!read.ok) return read.outcome;
    const usage = read.data;
    if (usage.unit && usage.unit.toUpperCase() !== 'USD')
      return outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: `the gateway reports in ${usage.unit}, not USD`,
      });

    const notes: string[] = [];
    let balance: number | null = null;
    const keyExpiresAt = usage.expires_at
      ? Date.parse(usage.expires_at)
      : usage.subscription?.expires_at
        ? Date.parse(usage.subscription.expires_at)
        : null;
    if (usage.quota) {
      balance = toMicros(usage.quota.remaining);
      notes.push(`key quota: ${usd(toMicros(usage.quota.used))} of ${usd(toMicros(usage.quota.limit))} used`);
    } else if (usage.balance !== null && usage.balance !== undefined) {
      balance = toMicros(usage.balance);
    } else if (usage.remaining !== null && usage.remaining !== undefined) {
      const remaining = toMicros(usage.remaining);
      // -1 is "no limit" on a subscription: nothing runs out.
      if (remaining >= 0) balance = remaining;
      else notes.push('no spending limit');
    }
    if (usage.subscription) notes.unshift(`plan ${usage.planName ?? ''}`.trim());
    const cap = dailyCap(usage);

    let state: KeyState = 'ok';
    const status = usage.status ?? null;
    if (usage.isValid === false) {
      state = 'invalid_key';
      notes.unshift('the gateway says the key is not valid');
    } else if (status === 'expired' || (keyExpiresAt !== null && keyExpiresAt <= now)) {
      state = 'expired_key';
      notes.unshift(
        keyExpiresAt !== null ? `expired at ${new Date(keyExpiresAt).toISOString()}` : 'the key has expired',
      );
    } else if (status === 'quota_exhausted' || (balance !== null && balance <= 0)) {
      state = 'insufficient_balance';
      notes.unshift(usage.quota ? 'the key quota is used up' : 'nothing left to spend');
    } else if (cap && cap.remaining !== null && cap.remaining <= 0) {
      state = 'daily_cap_reached';
      notes.unshift(`the daily limit of ${usd(cap.limit!)} is used up`);
    }
    return outcome({
      state,
      httpStatus: res.status,
      balance: balance === null ? null : { micros: balance, unit: 'USD' },
      cap,
      keyExpiresAt,
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
