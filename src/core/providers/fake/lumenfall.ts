import type { FakeAccount, FakeProviderModule } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * Lumenfall's replies (seed 002 and docs.lumenfall.ai): errors are
 * `{"error":{"message","type","code"}}` with codes like AUTHENTICATION_FAILED,
 * INSUFFICIENT_BALANCE, RATE_LIMITED. `fields.billingType` = "postpaid" makes a postpaid
 * account; `fields.currency` overrides "usd".
 */
export const lumenfallFake: FakeProviderModule = {
  id: 'lumenfall',
  keyOf: bearer,
  sample: {
    account: { key: 'lmnfl_sample', balance: '12.5', scenario: 'ok' },
    expect: { amount: '12.5', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/v1/balance')
      return {
        status: 404,
        body: { error: { message: 'Not found', type: 'invalid_request_error', code: 'NOT_FOUND' } },
      };
    if (!account || account.scenario === 'invalid_key') return authFailed('Invalid API key');
    switch (account.scenario) {
      case 'expired_key':
        return authFailed('API key has expired');
      case 'insufficient_balance':
        return {
          status: 402,
          body: { error: { message: 'Insufficient balance', type: 'billing_error', code: 'INSUFFICIENT_BALANCE' } },
        };
      case 'daily_cap':
        return {
          status: 429,
          body: {
            error: {
              message: 'Daily spend limit reached for this API key',
              type: 'rate_limit_error',
              code: 'RATE_LIMITED',
            },
          },
        };
      case 'rate_limited':
        return {
          status: 429,
          headers: retryAfterHeaders(account),
          body: { error: { message: 'Too many requests', type: 'rate_limit_error', code: 'RATE_LIMITED' } },
        };
      case 'error_in_200':
        return {
          status: 200,
          body: { error: { message: 'Invalid API key', type: 'authentication_error', code: 'AUTHENTICATION_FAILED' } },
        };
      case 'wrong_types':
        return {
          status: 200,
          body: { object: 'balance', billing_type: billingType(account), available: `${account.balance} usd` },
        };
      default:
        return {
          status: 200,
          body: {
            object: 'balance',
            billing_type: billingType(account),
            available: { amount: Number(account.balance), currency: String(account.fields?.currency ?? 'usd') },
          },
        };
    }
  },
};

function authFailed(message: string) {
  return { status: 401, body: { error: { message, type: 'authentication_error', code: 'AUTHENTICATION_FAILED' } } };
}

function billingType(account: FakeAccount): string {
  return account.fields?.billingType === 'postpaid' ? 'postpaid' : 'prepaid';
}
