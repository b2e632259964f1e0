import { describe, expect, it } from 'vitest';
import { nextResetAt } from '../../../src/core/providers/openrouter.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const NOW = Date.parse('2026-11-18T10:30:00Z'); // a Wednesday
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const p = useFakeProvider(
  'openrouter',
  { key: KEY, balance: '74.5', cap: { limit: '100', used: '25.5', reset: 'monthly' } },
  { now: () => NOW },
);
const { account } = p;
const poll = (now = NOW) => pollOnce('openrouter', p.baseUrl(), KEY, {}, {}, () => now);

describe('OpenRouter adapter against the fake server', () => {
  it('reads the account credits and the key limit as cap figures', async () => {
    account('ok');
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 74_500_000, unit: 'USD' },
      keyExpiresAt: null,
    });
    expect(out.cap).toEqual({
      unit: 'USD',
      limit: 100_000_000,
      used: 25_500_000,
      remaining: 74_500_000,
      resetAt: Date.parse('2026-12-01T00:00:00Z'),
    });
    const sent = p.server.requests.slice(-2);
    expect(sent.map((r) => r.path)).toEqual(['/openrouter/v1/key', '/openrouter/v1/credits']);
    expect(sent.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('keeps the key reading when /v1/credits refuses an ordinary key (403)', async () => {
    account('ok', { fields: { managementKey: false } });
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: null,
      message: expect.stringMatching(/management key/),
    });
    expect(out.cap).toMatchObject({ limit: 100_000_000, used: 25_500_000, remaining: 74_500_000 });
  });

  it('subtracts total_usage from total_credits exactly', async () => {
    account('ok', { balance: '0.3', fields: { totalUsage: '0.1' } }); // 0.4 − 0.1, which floats get wrong
    expect((await poll()).balance).toEqual({ micros: 300_000, unit: 'USD' });
  });

  it('a key without a limit has no cap figures', async () => {
    account('ok', { cap: { limit: null, used: '3.25', reset: null } });
    expect((await poll()).cap).toBeNull();
  });

  it('a spent daily key limit is daily_cap_reached, with the figures and the next UTC midnight', async () => {
    account('ok', { cap: { limit: '5', used: '5', reset: 'daily' } });
    const out = await poll();
    expect(out.state).toBe('daily_cap_reached');
    expect(out.cap).toEqual({
      unit: 'USD',
      limit: 5_000_000,
      used: 5_000_000,
      remaining: 0,
      resetAt: Date.parse('2026-11-19T00:00:00Z'),
    });
    expect(out.message).toMatch(/daily limit of \$5 is used up; resets 2026-11-19T00:00:00.000Z/);
    expect(out.balance).toEqual({ micros: 74_500_000, unit: 'USD' });
  });

  it('a spent monthly or lifetime key limit blocks the key: insufficient_balance', async () => {
    account('ok', { cap: { limit: '20', used: '20', reset: 'monthly' } });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      message: expect.stringMatching(/monthly limit of \$20 is used up/),
    });
    account('ok', { cap: { limit: '20', used: '20.5', reset: null } });
    const out = await poll();
    expect(out).toMatchObject({ state: 'insufficient_balance', message: expect.stringMatching(/total limit/) });
    expect(out.cap).toMatchObject({ used: 20_500_000, remaining: -500_000, resetAt: null });
  });

  it('account credits at or below zero are insufficient_balance, negative balance kept', async () => {
    account('ok', { balance: '-0.42' });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      balance: { micros: -420_000, unit: 'USD' },
      message: expect.stringMatching(/credits are used up/),
    });
  });

  it('an expires_at in the past is expired_key; a future one is reported as key expiry', async () => {
    account('ok', { expiresAt: NOW - 60_000 });
    expect(await poll()).toMatchObject({
      state: 'expired_key',
      keyExpiresAt: NOW - 60_000,
      message: expect.stringMatching(/expired at 2026-11-18T10:29:00/),
    });
    account('ok', { expiresAt: Date.parse('2027-12-31T23:59:59Z') });
    expect(await poll()).toMatchObject({ state: 'ok', keyExpiresAt: Date.parse('2027-12-31T23:59:59Z') });
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /User not found/],
    ['expired_key', 'expired_key', 401, /expired/],
    ['insufficient_balance', 'insufficient_balance', 402, /Insufficient credits/],
    ['daily_cap', 'daily_cap_reached', 402, /Key limit exceeded \(daily limit\)/],
    ['rate_limited', 'rate_limited', 429, /Rate limit exceeded/],
    ['error_in_200', 'invalid_key', 200, /No auth credentials/],
    ['wrong_types', 'bad_response', 200, /data\.limit/],
    ...TRANSPORT_FAILURES,
  ]);

  it('an unknown key is an invalid key', async () => {
    expect((await pollOnce('openrouter', p.baseUrl(), 'sk-or-v1-nobody')).state).toBe('invalid_key');
  });

  it('honours Retry-After on 429', async () => {
    account('rate_limited', { retryAfter: '30' });
    expect((await poll()).retryAfterSeconds).toBe(30);
  });

  itEnforcesTransportLimits(p);
});

describe('OpenRouter key limit reset times (UTC; weeks start on Monday)', () => {
  it.each([
    ['daily', '2026-11-18T10:30:00Z', '2026-11-19T00:00:00.000Z'],
    ['daily', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00.000Z'],
    ['weekly', '2026-11-18T10:30:00Z', '2026-11-23T00:00:00.000Z'], // Wednesday → Monday
    ['weekly', '2026-11-22T23:59:59Z', '2026-11-23T00:00:00.000Z'], // Sunday night → next minute
    ['weekly', '2026-11-23T00:00:00Z', '2026-11-30T00:00:00.000Z'], // Monday 00:00 → a week later
    ['weekly', '2026-12-29T12:00:00Z', '2027-01-04T00:00:00.000Z'], // across the year
    ['monthly', '2026-11-18T10:30:00Z', '2026-12-01T00:00:00.000Z'],
    ['monthly', '2026-12-31T23:00:00Z', '2027-01-01T00:00:00.000Z'], // December rolls into January
    ['monthly', '2027-01-31T12:00:00Z', '2027-02-01T00:00:00.000Z'],
    ['monthly', '2028-02-29T12:00:00Z', '2028-03-01T00:00:00.000Z'], // leap day
  ] as const)('%s from %s → %s', (period, now, expected) => {
    expect(new Date(nextResetAt(period, Date.parse(now))).toISOString()).toBe(expected);
  });

  it('a weekly limit polled on a Sunday resets the next day', async () => {
    account('ok', { cap: { limit: '50', used: '12', reset: 'weekly' } });
    const out = await poll(Date.parse('2026-11-22T18:00:00Z'));
    expect(iso(out.cap!.resetAt)).toBe('2026-11-23T00:00:00.000Z');
    expect(out.cap!.used).toBe(12_000_000);
  });
});

describe('OpenRouter documented shapes (inline fixtures)', () => {
  const base = 'https://openrouter.ai/api';
  // The example from the get-current-key reference.
  const documentedKey = {
    data: {
      byok_usage: 17.38,
      byok_usage_daily: 17.38,
      byok_usage_monthly: 17.38,
      byok_usage_weekly: 17.38,
      creator_user_id: 'user_2dHFtVWx2n56w6HkM0000000000',
      expires_at: '2027-12-31T23:59:59Z',
      include_byok_in_limit: false,
      is_free_tier: false,
      is_management_key: false,
      is_provisioning_key: false,
      label: 'sk-or-v1-au7...890',
      limit: 100,
      limit_remaining: 74.5,
      limit_reset: 'monthly',
      rate_limit: { interval: '1h', note: 'This field is deprecated and safe to ignore.', requests: 1000 },
      usage: 25.5,
      usage_daily: 25.5,
      usage_monthly: 25.5,
      usage_weekly: 25.5,
    },
  };

  it('parses the documented /v1/key and /v1/credits bodies', async () => {
    const fetch = fixtureFetch({
      '/v1/key': { body: documentedKey },
      '/v1/credits': { body: { data: { total_credits: 100.5, total_usage: 25.75 } } },
    });
    const out = await pollOnce('openrouter', base, KEY, {}, { fetch }, () => NOW);
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: 74_750_000, unit: 'USD' },
      keyExpiresAt: Date.parse('2027-12-31T23:59:59Z'),
    });
    expect(out.cap).toEqual({
      unit: 'USD',
      limit: 100_000_000,
      used: 25_500_000,
      remaining: 74_500_000,
      resetAt: Date.parse('2026-12-01T00:00:00Z'),
    });
    expect(fetch.urls).toEqual([`${base}/v1/key`, `${base}/v1/credits`]);
  });

  it('parses an older /v1/key body without the per-period usage fields', async () => {
    const older = {
      data: {
        label: 'sk-or-v1-116...0ce',
        limit: 5,
        usage: 0.1015644762,
        is_provisioning_key: false,
        limit_remaining: 4.8984355238,
        is_free_tier: false,
        rate_limit: { requests: 50, interval: '10s' },
      },
    };
    const fetch = fixtureFetch({
      '/v1/key': { body: older },
      '/v1/credits': { status: 403, body: { error: { code: 403, message: 'Forbidden' } } },
    });
    const out = await pollOnce('openrouter', base, KEY, {}, { fetch }, () => NOW);
    expect(out).toMatchObject({ state: 'ok', balance: null });
    expect(out.cap).toEqual({ unit: 'USD', limit: 5_000_000, used: 101_564, remaining: 4_898_436, resetAt: null });
  });

  it.each([
    [
      402,
      {
        error: {
          code: 402,
          message: 'Key limit exceeded (daily limit). Manage it using https://openrouter.ai/settings/keys',
          metadata: { limit_source: 'openrouter_key_limit' },
        },
      },
      'daily_cap_reached',
    ],
    [
      402,
      {
        error: {
          code: 402,
          message: 'This request requires more credits',
          metadata: { limit_source: 'openrouter_key_limit' },
        },
      },
      'insufficient_balance',
    ],
    [
      402,
      { error: { code: 402, message: 'Insufficient credits', metadata: { limit_source: 'openrouter_credits' } } },
      'insufficient_balance',
    ],
    [
      403,
      {
        error: {
          code: 403,
          message: 'Key limit exceeded (daily limit). Manage it using https://openrouter.ai/settings/keys',
        },
      },
      'daily_cap_reached',
    ],
    [
      403,
      {
        error: {
          code: 403,
          message: 'Key limit exceeded (total limit). Manage it using https://openrouter.ai/settings/keys',
        },
      },
      'insufficient_balance',
    ],
    [403, { error: { code: 403, message: 'API key disabled' } }, 'invalid_key'],
    [
      401,
      {
        error: { code: 401, message: 'Authentication required or invalid credentials', metadata: null },
        user_id: null,
      },
      'invalid_key',
    ],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/v1/key': { status, body } });
    const out = await pollOnce('openrouter', base, KEY, {}, { fetch }, () => NOW);
    expect(out).toMatchObject({ state, httpStatus: status, balance: null });
    expect(fetch.urls).toHaveLength(1);
  });

  it('a credits failure other than a refusal keeps the key figures but reports the failure', async () => {
    const fetch = fixtureFetch({
      '/v1/key': { body: documentedKey },
      '/v1/credits': { status: 503, body: { error: { code: 503, message: 'Service unavailable' } } },
    });
    const out = await pollOnce('openrouter', base, KEY, {}, { fetch }, () => NOW);
    expect(out).toMatchObject({
      state: 'server_error',
      httpStatus: 503,
      balance: null,
      keyExpiresAt: Date.parse('2027-12-31T23:59:59Z'),
    });
    expect(out.cap).toMatchObject({ limit: 100_000_000 });
  });

  it('an unreadable expires_at is a bad response', async () => {
    const fetch = fixtureFetch({ '/v1/key': { body: { data: { ...documentedKey.data, expires_at: 'someday' } } } });
    expect(await pollOnce('openrouter', base, KEY, {}, { fetch }, () => NOW)).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/expires_at/),
    });
  });
});
