import type { FakeAccount, FakeProviderModule, FakeRequest } from './types.ts';
import { retryAfterHeaders } from './types.ts';

/**
 * A home-grown relay for the "custom endpoint" provider. It answers GET /api/balance (and
 * /v2/wallet, the same figures nested in a list) with the raw figures, whatever header
 * carries the secret: `Authorization: Bearer …`, a bare `Authorization`, or `X-Api-Key`.
 * A request with no credential at all is looked up under the empty key "", so an account
 * with key "" is an endpoint that needs no auth.
 *
 *  /api/balance → {"data":{"balance":<balance>,"limit":<cap.limit>,"used":<cap.used>,"expires":<unix s>}}
 *  /v2/wallet   → {"ok":true,"wallets":[{"amount":"<balance>","currency":"usd"}],"expires_at":"<ISO>"}
 */
export const customFake: FakeProviderModule = {
  id: 'custom',
  keyOf(req: FakeRequest) {
    const auth = req.headers.authorization;
    if (auth) return /^\S+\s+(.+)$/.exec(auth)?.[1]?.trim() ?? auth.trim();
    return req.headers['x-api-key'] ?? '';
  },
  sample: {
    account: { key: 'relay-secret-sample', balance: '12345', scenario: 'ok' },
    options: { path: '/api/balance', balancePath: 'data.balance', divisor: '100', unit: 'USD' },
    expect: { amount: '123.45', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/api/balance' && req.path !== '/v2/wallet') return { status: 404, body: { error: 'not found' } };
    if (!account || account.scenario === 'invalid_key') return { status: 401, body: { error: 'invalid api key' } };
    switch (account.scenario) {
      case 'expired_key':
        return { status: 401, body: { error: 'api key expired' } };
      case 'insufficient_balance':
        return { status: 402, body: { success: false, message: 'insufficient balance' } };
      case 'daily_cap':
        return { status: 429, body: { success: false, message: 'daily spend limit reached' } };
      case 'rate_limited':
        return { status: 429, headers: retryAfterHeaders(account), body: { success: false, message: 'slow down' } };
      case 'error_in_200':
        return { status: 200, body: { success: false, message: 'invalid api key' } };
      case 'wrong_types':
        return { status: 200, body: { data: { balance: { value: account.balance } } } };
      default:
        return { status: 200, body: req.path === '/v2/wallet' ? wallet(account) : balance(account) };
    }
  },
};

function balance(account: FakeAccount) {
  return {
    data: {
      balance: Number(account.balance),
      limit: account.cap?.limit === undefined || account.cap.limit === null ? null : Number(account.cap.limit),
      used: account.cap ? Number(account.cap.used) : null,
      expires: account.expiresAt ? Math.floor(account.expiresAt / 1000) : 0,
    },
  };
}

function wallet(account: FakeAccount) {
  return {
    ok: true,
    wallets: [{ amount: account.balance, currency: 'usd' }],
    expires_at: account.expiresAt ? new Date(account.expiresAt).toISOString() : null,
  };
}
