import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * AIML API's replies (see ../aimlapi.ts for the sources). Account state:
 * - balance: raw credits (sent as a JSON number, as AIML API does); the adapter reports
 *   them in USD at 2,000,000 credits per dollar;
 * - fields.lowBalanceThreshold (default 10000), fields.status / fields.statusExplanation.
 */

function err(req: FakeRequest, status: number, message: string): FakeReply {
  return {
    status,
    body: {
      message,
      path: req.path,
      requestId: '798b860e-98c2-4e8e-8c50-550bcfc2eccc',
      statusCode: status,
      timestamp: '2026-11-21T10:00:00.000Z',
    },
  };
}

function balanceBody(account: FakeAccount): Record<string, unknown> {
  const threshold = Number(account.fields?.lowBalanceThreshold ?? 10000);
  return {
    balance: Number(account.balance),
    lowBalance: Number(account.balance) < threshold, // a flag, not an amount: a float compare is fine here
    lowBalanceThreshold: threshold,
    lastUpdated: '2026-11-21T10:00:00.000Z',
    autoDebitStatus: 'disabled',
    status: account.fields?.status ?? 'current',
    statusExplanation: account.fields?.statusExplanation ?? 'Balance is current and up to date',
  };
}

export const aimlapiFake: FakeProviderModule = {
  id: 'aimlapi',
  keyOf: bearer,
  sample: {
    account: { key: 'aiml-sample-key', balance: '10000000', scenario: 'ok' },
    expect: { amount: '5', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/v1/billing/balance') return err(req, 404, 'Cannot GET ' + req.path);
    if (!account || account.scenario === 'invalid_key')
      return err(req, 401, 'Invalid API key. Check your key at https://aimlapi.com/app/keys');
    switch (account.scenario) {
      case 'expired_key':
        return err(req, 401, 'API key has expired');
      case 'insufficient_balance':
        return err(req, 403, 'Insufficient credits: top up your balance at https://aimlapi.com/app/billing');
      case 'daily_cap':
        return err(req, 429, 'Free-tier limit: You have reached your daily limit. Get AI/ML Subscription to use API');
      case 'rate_limited':
        return { ...err(req, 429, 'Too many requests, please slow down'), headers: retryAfterHeaders(account) };
      case 'error_in_200':
        return { ...err(req, 401, 'Invalid API key'), status: 200 };
      case 'wrong_types':
        return { status: 200, body: { ...balanceBody(account), balance: { credits: account.balance } } };
      default:
        return { status: 200, body: balanceBody(account) };
    }
  },
};
