import type { FakeProviderModule, FakeReply, FakeRequest } from './types.ts';
import { retryAfterHeaders } from './types.ts';

/**
 * fal's replies (see ../fal.ts for the sources). Account state:
 * - balance: credits.current_balance (a JSON number), in fields.currency (default "USD");
 * - fields.adminKey: false makes the key an ordinary one, which the billing API refuses.
 * `credits` is only in the reply when the request asks for ?expand=credits, as on fal.
 */

const detail = (status: number, text: string): FakeReply => ({ status, body: { detail: text } });

function keyOf(req: FakeRequest): string | null {
  const m = /^Key\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]!.trim() : null;
}

export const falFake: FakeProviderModule = {
  id: 'fal',
  keyOf,
  sample: {
    account: { key: 'fal-key-id:fal-key-secret', balance: '24.5', scenario: 'ok' },
    expect: { amount: '24.5', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/v1/account/billing') return detail(404, 'Not Found');
    if (!account || account.scenario === 'invalid_key') return detail(401, 'No user found for Key ID and Secret');
    if (account.fields?.adminKey === false) return detail(403, 'This endpoint requires an Admin API key');
    switch (account.scenario) {
      case 'expired_key':
        return detail(401, 'The API key has expired');
      case 'insufficient_balance':
        return detail(
          403,
          'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.',
        );
      case 'daily_cap':
        return detail(429, 'Daily spend limit reached for this key');
      case 'rate_limited':
        return { ...detail(429, 'Too many requests'), headers: retryAfterHeaders(account) };
      case 'error_in_200':
        return detail(200, 'No user found for Key ID and Secret');
      case 'wrong_types':
        return { status: 200, body: { username: 'my-team', credits: { current_balance: 'a lot', currency: 'USD' } } };
      default: {
        const expand = req.query.getAll('expand').flatMap((v) => v.split(','));
        const credits = expand.includes('credits')
          ? { credits: { current_balance: Number(account.balance), currency: account.fields?.currency ?? 'USD' } }
          : {};
        return { status: 200, body: { username: 'my-team', ...credits } };
      }
    }
  },
};
