import { fromMicros, toMicros } from '../../../shared/decimal.ts';
import type { FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * SiliconFlow's replies (see ../siliconflow.ts for the sources). Account state:
 * - balance: totalBalance; fields.gift (default "0") is the granted `balance`, the rest is
 *   chargeBalance. The fake lives on 127.0.0.1, so accounts need the currency option.
 */

const err = (status: number, code: number, message: string): FakeReply => ({
  status,
  body: { code, message, data: null },
});

export const siliconflowFake: FakeProviderModule = {
  id: 'siliconflow',
  keyOf: bearer,
  sample: {
    account: { key: 'sk-siliconflow-sample', balance: '88.88', scenario: 'ok', fields: { gift: '0.88' } },
    options: { currency: 'CNY' },
    expect: { amount: '88.88', unit: 'CNY' },
  },
  handle(req, account) {
    if (req.path !== '/v1/user/info') return { status: 404, body: '404 page not found' };
    // A refused key gets a bare JSON string, not an object.
    if (!account || account.scenario === 'invalid_key') return { status: 401, body: '"Api key is invalid"' };
    switch (account.scenario) {
      case 'expired_key':
        return err(401, 20007, 'The API key has expired');
      case 'insufficient_balance':
        return err(403, 30001, 'Sorry, your account balance is insufficient');
      case 'daily_cap':
        return err(429, 50603, 'Request was rejected due to rate limiting: daily request limit (RPD) reached');
      case 'rate_limited':
        return {
          ...err(
            429,
            50603,
            'Request was rejected due to rate limiting. If you want more, please contact contact@siliconflow.cn. Details:RPM limit reached.',
          ),
          headers: retryAfterHeaders(account),
        };
      case 'error_in_200':
        return { status: 200, body: { code: 20003, message: 'Invalid token', status: false, data: null } };
      case 'wrong_types':
        return {
          status: 200,
          body: {
            code: 20000,
            message: 'OK',
            status: true,
            data: { balance: '0', chargeBalance: '0', totalBalance: 'plenty' },
          },
        };
      default: {
        const gift = String(account.fields?.gift ?? '0');
        const charge = fromMicros(toMicros(account.balance) - toMicros(gift));
        return {
          status: 200,
          body: {
            code: 20000,
            message: 'OK',
            status: true,
            data: {
              id: 'userid',
              name: 'username',
              image: '',
              email: 'user@example.com',
              isAdmin: false,
              balance: gift,
              status: 'normal',
              introduction: '',
              role: '',
              chargeBalance: charge,
              totalBalance: account.balance,
            },
          },
        };
      }
    }
  },
};
