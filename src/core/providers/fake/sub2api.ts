import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * Sub2API's replies (see ../sub2api.ts for the sources). Account state:
 * - fields.mode: "wallet" (default: the user's balance), "quota" (the key's total quota
 *   from `cap` {limit, used}, and fields.day {limit, used, resetAt} as the "1d" rate limit),
 *   "subscription" (a plan: fields.plan {daily_limit_usd, daily_usage_usd, …, remaining}) or
 *   "legacy" (releases before `mode`: {isValid, planName, remaining, unit});
 * - fields.status: the key status in quota mode ("active", "quota_exhausted", "expired");
 * - expiresAt: the key's expires_at (quota mode) or the plan's (subscription mode).
 */

const abort = (status: number, code: string, message: string): FakeReply => ({ status, body: { code, message } });

function keyOf(req: FakeRequest): string | null {
  return bearer(req) ?? req.headers['x-api-key'] ?? null;
}

function usage(account: FakeAccount): Record<string, unknown> {
  const mode = (account.fields?.mode as string | undefined) ?? 'wallet';
  const expires = account.expiresAt ? new Date(account.expiresAt).toISOString() : null;
  const stats = { today: { requests: 3, cost: 0.42, actual_cost: 0.42 }, total: { requests: 90, cost: 12.5 } };
  switch (mode) {
    case 'legacy':
      return { isValid: true, planName: '钱包余额', remaining: Number(account.balance), unit: 'USD' };
    case 'quota': {
      const cap = account.cap ?? { limit: '50', used: '0' };
      const remaining = Math.max(0, Number(cap.limit) - Number(cap.used));
      const day = account.fields?.day as { limit: number; used: number; resetAt?: string } | undefined;
      return {
        mode: 'quota_limited',
        isValid: true,
        status: (account.fields?.status as string | undefined) ?? 'active',
        quota: { limit: Number(cap.limit), used: Number(cap.used), remaining, unit: 'USD' },
        remaining,
        unit: 'USD',
        ...(day
          ? {
              rate_limits: [
                { window: '5h', limit: 100, used: 1, remaining: 99, window_start: '2026-11-18T08:00:00Z' },
                {
                  window: '1d',
                  limit: day.limit,
                  used: day.used,
                  remaining: Math.max(0, day.limit - day.used),
                  window_start: '2026-11-18T00:00:00Z',
                  ...(day.resetAt ? { reset_at: day.resetAt } : {}),
                },
              ],
            }
          : {}),
        ...(expires ? { expires_at: expires, days_until_expiry: 30 } : {}),
        usage: stats,
      };
    }
    case 'subscription': {
      const plan = (account.fields?.plan as Record<string, unknown> | undefined) ?? {};
      return {
        mode: 'unrestricted',
        isValid: true,
        planName: 'Claude Pro',
        unit: 'USD',
        remaining: plan.remaining ?? Number(account.balance),
        subscription: {
          daily_usage_usd: 0,
          weekly_usage_usd: 0,
          monthly_usage_usd: 0,
          daily_limit_usd: null,
          weekly_limit_usd: null,
          monthly_limit_usd: null,
          weekly_window_start: null,
          expires_at: expires,
          ...plan,
        },
        usage: stats,
      };
    }
    default:
      return {
        mode: 'unrestricted',
        isValid: true,
        planName: '钱包余额',
        remaining: Number(account.balance),
        unit: 'USD',
        balance: Number(account.balance),
        usage: stats,
      };
  }
}

export const sub2apiFake: FakeProviderModule = {
  id: 'sub2api',
  keyOf,
  sample: {
    account: { key: 'sk-sub2api-sample', balance: '18.75', scenario: 'ok' },
    expect: { amount: '18.75', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/v1/usage') return { status: 404, body: '404 page not found' };
    if (!account || account.scenario === 'invalid_key') return abort(401, 'INVALID_API_KEY', 'Invalid API key');
    switch (account.scenario) {
      case 'expired_key':
        return abort(403, 'SUBSCRIPTION_INVALID', 'subscription has expired');
      case 'insufficient_balance':
        return abort(403, 'INSUFFICIENT_BALANCE', 'Insufficient account balance');
      case 'daily_cap':
        return abort(429, 'USAGE_LIMIT_EXCEEDED', 'daily usage limit exceeded');
      case 'rate_limited':
        return {
          status: 429,
          headers: retryAfterHeaders(account),
          body: {
            type: 'error',
            error: { type: 'rate_limit_error', message: 'Too many pending requests, please retry later' },
          },
        };
      case 'error_in_200':
        return {
          status: 200,
          body: { type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' } },
        };
      case 'wrong_types':
        return {
          status: 200,
          body: { mode: 'unrestricted', isValid: true, remaining: 'lots', balance: { usd: 1 }, unit: 'USD' },
        };
      default:
        return { status: 200, body: usage(account) };
    }
  },
};
