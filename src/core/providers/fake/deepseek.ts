import { toMicros } from '../../../shared/decimal.ts';
import type { FakeAccount, FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * DeepSeek's replies (see ../deepseek.ts for the sources). Account state:
 * - balance: total_balance of the single CNY entry (fields.currency changes its currency);
 * - fields.balances: the whole balance_infos array, for multi-currency accounts;
 * - fields.isAvailable: is_available (default: balance above zero).
 */

const err = (status: number, message: string, type: string): FakeReply => ({
  status,
  body: { error: { message, type, param: null, code: 'invalid_request_error' } },
});

function balanceInfos(account: FakeAccount): unknown[] {
  if (Array.isArray(account.fields?.balances)) return account.fields.balances as unknown[];
  return [
    {
      currency: account.fields?.currency ?? 'CNY',
      total_balance: account.balance,
      granted_balance: '0.00',
      topped_up_balance: account.balance,
    },
  ];
}

export const deepseekFake: FakeProviderModule = {
  id: 'deepseek',
  keyOf: bearer,
  sample: {
    account: { key: 'sk-deepseek-sample', balance: '110.00', scenario: 'ok' },
    expect: { amount: '110', unit: 'CNY' },
  },
  handle(req, account) {
    if (req.path !== '/user/balance')
      return {
        status: 404,
        body: { error: { message: 'Not Found', type: 'invalid_request_error', param: null, code: null } },
      };
    // DeepSeek names the last four characters of the key it refused.
    const tail = (req.headers.authorization ?? '').slice(-4);
    if (!account || account.scenario === 'invalid_key')
      return err(401, `Authentication Fails, Your api key: ****${tail} is invalid`, 'authentication_error');
    switch (account.scenario) {
      case 'expired_key':
        return err(401, 'Authentication Fails, your api key has expired', 'authentication_error');
      case 'insufficient_balance':
        return err(402, 'Insufficient Balance', 'unknown_error');
      case 'daily_cap':
        return err(429, 'Daily request limit reached for this API key', 'rate_limit_error');
      case 'rate_limited':
        return { ...err(429, 'Rate Limit Reached', 'rate_limit_error'), headers: retryAfterHeaders(account) };
      case 'error_in_200':
        return {
          status: 200,
          body: {
            error: {
              message: 'Authentication Fails (no such user)',
              type: 'authentication_error',
              param: null,
              code: 'invalid_request_error',
            },
          },
        };
      case 'wrong_types':
        return {
          status: 200,
          body: { is_available: true, balance_infos: { currency: 'CNY', total_balance: account.balance } },
        };
      default: {
        const available = account.fields?.isAvailable ?? toMicros(account.balance) > 0;
        return { status: 200, body: { is_available: available, balance_infos: balanceInfos(account) } };
      }
    }
  },
};
