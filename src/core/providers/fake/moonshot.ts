import { fromMicros, toMicros } from '../../../shared/decimal.ts';
import type { FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * Moonshot's replies (see ../moonshot.ts for the sources). Account state:
 * - balance: available_balance (sent as a JSON number, as Moonshot does);
 * - fields.voucher (default "0") and fields.cash (default balance − voucher; may be negative).
 * The fake lives on 127.0.0.1, so accounts need the currency option.
 */

const err = (status: number, message: string, type: string): FakeReply => ({
  status,
  body: { error: { message, type } },
});

export const moonshotFake: FakeProviderModule = {
  id: 'moonshot',
  keyOf: bearer,
  sample: {
    account: { key: 'sk-moonshot-sample', balance: '49.58894', scenario: 'ok', fields: { voucher: '46.58893' } },
    options: { currency: 'CNY' },
    expect: { amount: '49.58894', unit: 'CNY' },
  },
  handle(req, account) {
    if (req.path !== '/v1/users/me/balance') return err(404, 'url not found', 'resource_not_found_error');
    if (!account || account.scenario === 'invalid_key')
      return err(401, 'Invalid Authentication', 'invalid_authentication_error');
    switch (account.scenario) {
      case 'expired_key':
        return err(401, 'The API key has expired', 'invalid_authentication_error');
      case 'insufficient_balance':
        return err(
          429,
          'Your account is suspended due to insufficient balance, please recharge your account or check your plan and billing details',
          'exceeded_current_quota_error',
        );
      case 'daily_cap':
        return err(
          429,
          'Your account has reached its max requests per day, please try again tomorrow',
          'rate_limit_reached_error',
        );
      case 'rate_limited':
        return {
          ...err(
            429,
            'Your account request reached organization max RPM: 3, please try again after 1 seconds',
            'rate_limit_reached_error',
          ),
          headers: retryAfterHeaders(account),
        };
      case 'error_in_200':
        return {
          status: 200,
          body: {
            code: 401,
            data: null,
            error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' },
            scode: '0x191',
            status: false,
          },
        };
      case 'wrong_types':
        return {
          status: 200,
          body: {
            code: 0,
            data: { available_balance: 'forty-nine', voucher_balance: 0, cash_balance: 0 },
            scode: '0x0',
            status: true,
          },
        };
      default: {
        const voucher = String(account.fields?.voucher ?? '0');
        const cash =
          account.fields?.cash === undefined
            ? fromMicros(toMicros(account.balance) - toMicros(voucher))
            : String(account.fields.cash);
        return {
          status: 200,
          body: {
            code: 0,
            data: {
              available_balance: Number(account.balance),
              voucher_balance: Number(voucher),
              cash_balance: Number(cash),
            },
            scode: '0x0',
            status: true,
          },
        };
      }
    }
  },
};
