import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest } from './types.ts';
import { retryAfterHeaders } from './types.ts';

/**
 * ElevenLabs' replies (see ../elevenlabs.ts for the sources). Account state:
 * - cap: {limit: character_limit, used: character_count}; without one, balance is what is
 *   left of a 100,000-character quota;
 * - fields.resetAt: the next quota reset in unix ms (next_character_count_reset_unix), none by default;
 * - fields.canExtend: can_extend_character_limit (usage-based overage allowed).
 */

const detail = (status: number, state: string, message: string): FakeReply => ({
  status,
  body: { detail: { status: state, message } },
});

function keyOf(req: FakeRequest): string | null {
  return req.headers['xi-api-key'] ?? null;
}

function subscription(account: FakeAccount): Record<string, unknown> {
  const limit = account.cap?.limit ?? '100000';
  const used = account.cap ? account.cap.used : String(Number(limit) - Number(account.balance));
  return {
    tier: 'creator',
    character_count: Number(used),
    character_limit: Number(limit),
    max_character_limit_extension: 10000,
    max_credit_limit_extension: 10000,
    can_extend_character_limit: account.fields?.canExtend === true,
    allowed_to_extend_character_limit: account.fields?.canExtend === true,
    next_character_count_reset_unix:
      typeof account.fields?.resetAt === 'number' ? Math.floor(account.fields.resetAt / 1000) : null,
    voice_slots_used: 1,
    voice_limit: 30,
    professional_voice_limit: 1,
    can_extend_voice_limit: false,
    can_use_instant_voice_cloning: true,
    can_use_professional_voice_cloning: true,
    currency: 'usd',
    status: 'active',
    billing_period: 'monthly_period',
    character_refresh_period: 'monthly_period',
  };
}

export const elevenlabsFake: FakeProviderModule = {
  id: 'elevenlabs',
  keyOf,
  sample: {
    account: {
      key: 'sk_elevenlabs_sample',
      balance: '82769',
      scenario: 'ok',
      cap: { limit: '100000', used: '17231' },
      fields: { resetAt: Date.parse('2030-01-01T00:00:00Z') },
    },
    expect: { amount: '82769', unit: 'characters' },
  },
  handle(req, account) {
    if (req.path !== '/v1/user/subscription') return { status: 404, body: { detail: 'Not Found' } };
    if (!account || account.scenario === 'invalid_key') return detail(401, 'invalid_api_key', 'Invalid API key');
    switch (account.scenario) {
      case 'expired_key':
        return detail(401, 'invalid_api_key', 'This API key has expired');
      case 'insufficient_balance':
        return detail(
          401,
          'quota_exceeded',
          'This request exceeds your quota of 100000. You have 0 credits remaining, while 91 credits are required for this request.',
        );
      case 'daily_cap':
        return detail(429, 'rate_limit_exceeded', 'You have reached the daily request limit for this API key.');
      case 'rate_limited':
        return {
          ...detail(
            429,
            'too_many_concurrent_requests',
            'Too many concurrent requests. Your current subscription is associated with a maximum of 5 concurrent requests.',
          ),
          headers: retryAfterHeaders(account),
        };
      case 'error_in_200':
        return detail(200, 'invalid_api_key', 'Invalid API key');
      case 'wrong_types':
        return { status: 200, body: { ...subscription(account), character_count: 'many' } };
      default:
        return { status: 200, body: subscription(account) };
    }
  },
};
