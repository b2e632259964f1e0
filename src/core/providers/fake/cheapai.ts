import type { FakeProviderModule } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/** CheapAI's replies, as seed 000 documents them. */
export const cheapaiFake: FakeProviderModule = {
  id: 'cheapai',
  keyOf: bearer,
  sample: { account: { key: 'sk_sample_cheapai', balance: '123456', scenario: 'ok' }, expect: { amount: '123456', unit: 'credits' } },
  handle(req, account) {
    if (req.path !== '/v1/credits') return { status: 404, body: { success: false, error: 'Not found' } };
    if (!account || account.scenario === 'invalid_key') return { status: 401, body: { success: false, error: 'Invalid API key' } };
    switch (account.scenario) {
      case 'expired_key':
        return { status: 401, body: { success: false, error: 'API key has expired' } };
      case 'insufficient_balance':
        return { status: 402, body: { error: { message: 'Insufficient credits', type: 'insufficient_balance' } } };
      case 'daily_cap':
        return { status: 429, body: { error: { message: 'Daily spend limit reached for this API key', type: 'daily_limit_exceeded' } } };
      case 'rate_limited':
        return { status: 429, headers: retryAfterHeaders(account), body: { error: { message: 'Too many requests', type: 'rate_limit_exceeded' } } };
      case 'error_in_200':
        return { status: 200, body: { success: false, error: 'Invalid API key' } };
      case 'wrong_types':
        return { status: 200, body: { success: true, credits: { amount: account.balance } } };
      default:
        return { status: 200, body: { success: true, credits: Number(account.balance) } };
    }
  },
};
