import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk_0123456789abcdef0123456789abcdef0123456789abcdef';
const RESET = Date.parse('2026-12-01T08:14:18Z');

const p = useFakeProvider('elevenlabs', {
  key: KEY,
  balance: '82769',
  cap: { limit: '100000', used: '17231' },
  fields: { resetAt: RESET },
});
const { account, poll } = p;

describe('ElevenLabs adapter against the fake server', () => {
  it('reports what is left of the character quota, with cap figures and the reset time', async () => {
    account('ok');
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 82_769_000_000, unit: 'characters' },
    });
    expect(out.cap).toEqual({
      unit: 'characters',
      limit: 100_000_000_000,
      used: 17_231_000_000,
      remaining: 82_769_000_000,
      resetAt: RESET,
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/elevenlabs/v1/user/subscription');
    expect(sent.headers['xi-api-key']).toBe(KEY);
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('a quota without a reset time has resetAt null', async () => {
    account('ok', { fields: {} });
    expect((await poll()).cap?.resetAt).toBeNull();
  });

  it('a used-up quota is insufficient_balance until the reset, unless overage is allowed', async () => {
    account('ok', { cap: { limit: '10000', used: '10000' } });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      balance: { micros: 0, unit: 'characters' },
      message: 'character quota used up; resets 2026-12-01T08:14:18.000Z',
    });
    account('ok', { cap: { limit: '10000', used: '12500' }, fields: { resetAt: RESET, canExtend: true } });
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: -2_500_000_000, unit: 'characters' },
      message: expect.stringMatching(/^2500 characters over the quota/),
    });
    expect(out.cap).toMatchObject({ remaining: -2_500_000_000 });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /Invalid API key/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 401, /exceeds your quota/], // ElevenLabs' 401 quota_exceeded
      ['daily_cap', 'daily_cap_reached', 429, /daily request limit/],
      ['rate_limited', 'rate_limited', 429, /concurrent requests/],
      ['error_in_200', 'invalid_key', 200, /Invalid API key/],
      ['wrong_types', 'bad_response', 200, /character_count/],
      ...TRANSPORT_FAILURES,
    ],
    {
      account: { retryAfter: '2' },
      also: (scenario, out) => {
        expect(out.cap).toBeNull();
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(2);
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('ElevenLabs documented shapes (inline fixtures)', () => {
  const base = 'https://api.elevenlabs.io';
  // The example from ExtendedSubscriptionResponseModel / SubscriptionResponseModel.
  const documented = {
    allowed_to_extend_character_limit: false,
    billing_period: 'monthly_period',
    can_extend_character_limit: false,
    can_extend_voice_limit: false,
    can_use_instant_voice_cloning: true,
    can_use_professional_voice_cloning: true,
    character_count: 17231,
    character_limit: 100000,
    character_refresh_period: 'monthly_period',
    currency: 'usd',
    current_overage: { amount: '0', currency: 'usd' },
    max_character_limit_extension: 10000,
    max_credit_limit_extension: 10000,
    max_voice_add_edits: 230,
    next_character_count_reset_unix: 1738356858,
    professional_voice_limit: 1,
    professional_voice_slots_used: 0,
    professional_voice_slots_used_in_workspace: 0,
    status: 'free',
    tier: 'trial',
    voice_add_edit_counter: 212,
    voice_limit: 120,
    voice_slots_used: 1,
  };

  it('parses the documented example; the reset time is unix seconds', async () => {
    const fetch = fixtureFetch({ '/v1/user/subscription': { body: documented } });
    const out = await pollOnce('elevenlabs', base, KEY, {}, { fetch });
    expect(out).toMatchObject({ state: 'ok', balance: { micros: 82_769_000_000, unit: 'characters' } });
    expect(out.cap).toEqual({
      unit: 'characters',
      limit: 100_000_000_000,
      used: 17_231_000_000,
      remaining: 82_769_000_000,
      resetAt: 1_738_356_858_000,
    });
    expect(new Date(out.cap!.resetAt!).toISOString()).toBe('2025-01-31T20:54:18.000Z');
    expect(fetch.urls).toEqual([`${base}/v1/user/subscription`]);
  });

  it('a null reset time is allowed', async () => {
    const fetch = fixtureFetch({
      '/v1/user/subscription': { body: { ...documented, next_character_count_reset_unix: null } },
    });
    expect((await pollOnce('elevenlabs', base, KEY, {}, { fetch })).cap?.resetAt).toBeNull();
  });

  it.each([
    [
      401,
      {
        detail: {
          status: 'quota_exceeded',
          message:
            'This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request.',
        },
      },
      'insufficient_balance',
    ],
    [
      401,
      {
        detail: {
          status: 'missing_permissions',
          message: 'The API key you used is missing the permission user_read to execute this operation.',
        },
      },
      'invalid_key',
    ],
    [401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } }, 'invalid_key'],
    [429, { detail: { status: 'system_busy', message: 'We are experiencing heavy traffic' } }, 'rate_limited'],
    [
      422,
      { detail: [{ loc: ['header', 'xi-api-key'], msg: 'field required', type: 'value_error.missing' }] },
      'bad_response',
    ],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/v1/user/subscription': { status, body } });
    expect(await pollOnce('elevenlabs', base, KEY, {}, { fetch })).toMatchObject({
      state,
      httpStatus: status,
      balance: null,
    });
  });
});
