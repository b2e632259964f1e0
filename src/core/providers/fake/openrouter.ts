import { fromMicros, toMicros } from '../../../shared/decimal.ts';
import type { FakeAccount, FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * OpenRouter's replies (see ../openrouter.ts for the sources). Account state:
 * - balance: the account credits left (total_credits − total_usage);
 * - cap: the key's spend limit {limit, used, reset} (used = usage in the reset period);
 * - expiresAt: the key's expires_at;
 * - fields.managementKey (default true): false makes /v1/credits answer 403, as it does for
 *   an ordinary key; fields.totalUsage (default "0") and fields.usage (lifetime key usage).
 */

const err = (status: number, message: string, metadata?: Record<string, unknown>): FakeReply => ({
  status,
  body: { error: { code: status, message, ...(metadata ? { metadata } : {}) }, user_id: null },
});

function keyData(account: FakeAccount): Record<string, unknown> {
  const cap = account.cap ?? null;
  const reset = cap?.reset ?? null;
  const used = cap ? Number(cap.used) : 0;
  const lifetime = account.fields?.usage === undefined ? used : Number(account.fields.usage);
  const limit = cap?.limit === null || cap?.limit === undefined ? null : Number(cap.limit);
  return {
    label: 'sk-or-v1-abc...xyz',
    limit,
    limit_remaining: limit === null ? null : Number(fromMicros(toMicros(cap!.limit) - toMicros(cap!.used))),
    limit_reset: reset,
    usage: lifetime,
    usage_daily: reset === 'daily' ? used : lifetime,
    usage_weekly: reset === 'weekly' ? used : lifetime,
    usage_monthly: reset === 'monthly' ? used : lifetime,
    byok_usage: 0,
    is_free_tier: false,
    is_management_key: account.fields?.managementKey !== false,
    expires_at: account.expiresAt ? new Date(account.expiresAt).toISOString() : null,
  };
}

export const openrouterFake: FakeProviderModule = {
  id: 'openrouter',
  keyOf: bearer,
  sample: {
    account: {
      key: 'sk-or-v1-sample',
      balance: '74.5',
      scenario: 'ok',
      cap: { limit: '100', used: '25.5', reset: 'monthly' },
    },
    expect: { amount: '74.5', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/v1/key' && req.path !== '/v1/credits') return err(404, 'Not Found');
    if (!account || account.scenario === 'invalid_key') return err(401, 'User not found.');
    switch (account.scenario) {
      case 'expired_key':
        return err(401, 'API key expired');
      case 'insufficient_balance':
        return err(402, 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', {
          limit_source: 'openrouter_credits',
        });
      case 'daily_cap':
        return err(402, 'Key limit exceeded (daily limit). Manage it using https://openrouter.ai/settings/keys', {
          limit_source: 'openrouter_key_limit',
        });
      case 'rate_limited':
        return { ...err(429, 'Rate limit exceeded'), headers: retryAfterHeaders(account) };
      case 'error_in_200':
        return { status: 200, body: { error: { code: 401, message: 'No auth credentials found' } } };
      case 'wrong_types':
        return req.path === '/v1/key'
          ? { status: 200, body: { data: { ...keyData(account), limit: { usd: 100 } } } }
          : { status: 200, body: { data: { total_credits: 'lots', total_usage: 0 } } };
      default:
        break;
    }
    if (req.path === '/v1/key') return { status: 200, body: { data: keyData(account) } };
    if (account.fields?.managementKey === false) return err(403, 'Only management keys can perform this operation');
    const totalUsage = String(account.fields?.totalUsage ?? '0');
    const totalCredits = fromMicros(toMicros(account.balance) + toMicros(totalUsage));
    return { status: 200, body: { data: { total_credits: Number(totalCredits), total_usage: Number(totalUsage) } } };
  },
};
