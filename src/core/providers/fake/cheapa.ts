import { fromMicros, toMicros } from '../../../shared/decimal.ts';
import type { FakeAccount, FakeProviderModule } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * Cheapa API's replies (seed 001): an OpenAI-compatible gateway, so errors use OpenAI's
 * `{"error":{"message","type","code"}}` shape. `cap.used` (default 0) is what the account
 * has spent; the grant is balance + used.
 */
export const cheapaFake: FakeProviderModule = {
  id: 'cheapa',
  keyOf: bearer,
  sample: {
    account: { key: 'sk-llmaai-sample', balance: '17.97', scenario: 'ok', cap: { limit: null, used: '0.03' } },
    expect: { amount: '17.97', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/v1/dashboard/billing/credit_grants') {
      return {
        status: 404,
        body: { error: { message: `Invalid URL (GET ${req.path})`, type: 'invalid_request_error', code: null } },
      };
    }
    if (!account || account.scenario === 'invalid_key') {
      return {
        status: 401,
        body: {
          error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
        },
      };
    }
    switch (account.scenario) {
      case 'expired_key':
        return {
          status: 401,
          body: {
            error: { message: 'Your API key has expired', type: 'invalid_request_error', code: 'invalid_api_key' },
          },
        };
      case 'insufficient_balance':
        return {
          status: 402,
          body: {
            error: {
              message: 'Insufficient balance: please add credit to continue',
              type: 'insufficient_funds',
              code: 'payment_required',
            },
          },
        };
      case 'daily_cap':
        return {
          status: 429,
          body: {
            error: {
              message: 'Rate limit reached for requests per day (RPD)',
              type: 'requests',
              code: 'rate_limit_exceeded',
            },
          },
        };
      case 'rate_limited':
        return {
          status: 429,
          headers: retryAfterHeaders(account),
          body: {
            error: { message: 'Rate limit reached, please slow down', type: 'requests', code: 'rate_limit_exceeded' },
          },
        };
      case 'error_in_200':
        return {
          status: 200,
          body: {
            error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
          },
        };
      case 'wrong_types':
        return { status: 200, body: { object: 'credit_summary', total_available: { usd: account.balance } } };
      default:
        return { status: 200, body: creditSummary(account) };
    }
  },
};

function creditSummary(account: FakeAccount) {
  const used = toMicros(account.cap?.used ?? '0');
  const available = toMicros(account.balance);
  const granted = Number(fromMicros(available + used));
  return {
    object: 'credit_summary',
    total_granted: granted,
    total_used: Number(fromMicros(used)),
    total_available: Number(account.balance),
    grants: {
      object: 'list',
      data: [
        {
          object: 'credit_grant',
          id: 'grant-fake-1',
          grant_amount: granted,
          used_amount: Number(fromMicros(used)),
          effective_at: 1675900800.0,
          expires_at: 1685577600.0,
        },
      ],
    },
  };
}
