import { fromMicros, toMicros } from '../../../shared/decimal.ts';
import type { FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * Novita's replies (see ../novita.ts for the sources). Account state, all in Novita's own
 * unit of 1/10,000 USD as integer strings:
 * - balance: availableBalance;
 * - fields.cashBalance, fields.creditLimit (default "0"), fields.outstandingInvoices (default "0");
 *   cashBalance defaults to availableBalance − creditLimit.
 */

const err = (status: number, reason: string, message: string): FakeReply => ({
  status,
  body: { code: status, reason, message, metadata: {} },
});

export const novitaFake: FakeProviderModule = {
  id: 'novita',
  keyOf: bearer,
  sample: {
    account: { key: 'sk_novita_sample', balance: '1000000', scenario: 'ok' },
    expect: { amount: '100', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/openapi/v1/billing/balance/detail') return err(404, 'NOT_FOUND', 'not found');
    if (!account || account.scenario === 'invalid_key') return err(401, 'FAILED_TO_AUTH', 'invalid api key');
    switch (account.scenario) {
      case 'expired_key':
        return err(401, 'FAILED_TO_AUTH', 'api key expired');
      case 'insufficient_balance':
        return err(403, 'NOT_ENOUGH_BALANCE', 'not enough balance');
      case 'daily_cap':
        return err(429, 'RATE_LIMIT_EXCEEDED', 'daily request limit exceeded');
      case 'rate_limited':
        return {
          ...err(429, 'RATE_LIMIT_EXCEEDED', 'Requests are too frequent. Please try again later.'),
          headers: retryAfterHeaders(account),
        };
      case 'error_in_200':
        return { status: 200, body: { code: 401, reason: 'FAILED_TO_AUTH', message: 'invalid api key', metadata: {} } };
      case 'wrong_types':
        return { status: 200, body: { availableBalance: ['1000000'], cashBalance: '800000', creditLimit: '200000' } };
      default: {
        const creditLimit = String(account.fields?.creditLimit ?? '0');
        const cashBalance = String(
          account.fields?.cashBalance ?? fromMicros(toMicros(account.balance) - toMicros(creditLimit)),
        );
        return {
          status: 200,
          body: {
            availableBalance: account.balance,
            cashBalance,
            creditLimit,
            pendingCharges: '0',
            outstandingInvoices: String(account.fields?.outstandingInvoices ?? '0'),
          },
        };
      }
    }
  },
};
