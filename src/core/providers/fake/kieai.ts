import type { FakeAccount, FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * kie.ai's replies (see ../kieai.ts for the sources). Account state:
 * - balance: the remaining credits (data, a JSON number);
 * - fields.codeIn200: answer failures as HTTP 200 with the code in the body (default: the
 *   HTTP status is the code, and the body repeats it);
 * - fields.maintenance: answer 455, as kie.ai does during maintenance.
 */

function fail(account: FakeAccount | null, code: number, msg: string, headers?: Record<string, string>): FakeReply {
  const status = account?.fields?.codeIn200 ? 200 : code;
  return { status, headers, body: { code, msg, data: null } };
}

export const kieaiFake: FakeProviderModule = {
  id: 'kieai',
  keyOf: bearer,
  sample: {
    account: { key: 'kie-sample-key', balance: '100', scenario: 'ok' },
    expect: { amount: '100', unit: 'credits' },
  },
  handle(req, account) {
    if (req.path !== '/api/v1/chat/credit')
      return fail(account, 404, 'Not Found - The requested resource or endpoint does not exist');
    if (!account || account.scenario === 'invalid_key')
      return fail(account, 401, 'Unauthorized - Authentication credentials are missing or invalid');
    if (account.fields?.maintenance)
      return fail(account, 455, 'Service Unavailable - System is currently undergoing maintenance');
    switch (account.scenario) {
      case 'expired_key':
        return fail(account, 401, 'Unauthorized - the API key has expired');
      case 'insufficient_balance':
        return fail(
          account,
          402,
          'Insufficient Credits - Account does not have enough credits to perform the operation',
        );
      case 'daily_cap':
        return fail(account, 429, 'Rate Limited - The daily request limit for this key has been exceeded');
      case 'rate_limited':
        return fail(
          account,
          429,
          'Rate Limited - Request limit has been exceeded for this resource',
          retryAfterHeaders(account),
        );
      case 'error_in_200':
        return {
          status: 200,
          body: { code: 401, msg: 'Unauthorized - Authentication credentials are missing or invalid', data: null },
        };
      case 'wrong_types':
        return { status: 200, body: { code: 200, msg: 'success', data: { credits: account.balance } } };
      default:
        return { status: 200, body: { code: 200, msg: 'success', data: Number(account.balance) } };
    }
  },
};
