import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-sub2api-0123456789abcdefABCDEF';
const NOW = Date.parse('2026-11-18T10:30:00Z');

const p = useFakeProvider('sub2api', { key: KEY, balance: '18.75' }, { now: () => NOW });
const { account } = p;
const poll = () => pollOnce('sub2api', p.baseUrl(), KEY, {}, {}, () => NOW);

describe('Sub2API adapter against the fake gateway', () => {
  it('reads the wallet balance from /v1/usage', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 18_750_000, unit: 'USD' },
      cap: null,
      keyExpiresAt: null,
      message: null,
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/sub2api/v1/usage');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reads a key quota as the balance and the 1d window as the daily cap', async () => {
    account('ok', {
      cap: { limit: '50', used: '12.5' },
      expiresAt: Date.parse('2027-01-01T00:00:00Z'),
      fields: { mode: 'quota', day: { limit: 10, used: 4, resetAt: '2026-11-19T00:00:00Z' } },
    });
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: 37_500_000, unit: 'USD' },
      keyExpiresAt: Date.parse('2027-01-01T00:00:00Z'),
      message: 'key quota: $12.5 of $50 used',
    });
    expect(out.cap).toEqual({
      unit: 'USD',
      limit: 10_000_000,
      used: 4_000_000,
      remaining: 6_000_000,
      resetAt: Date.parse('2026-11-19T00:00:00Z'),
    });
  });

  it('a spent daily window is daily_cap_reached; an exhausted quota or an expired key says so', async () => {
    account('ok', { cap: { limit: '50', used: '1' }, fields: { mode: 'quota', day: { limit: 10, used: 10 } } });
    expect(await poll()).toMatchObject({
      state: 'daily_cap_reached',
      message: expect.stringMatching(/daily limit of \$10/),
    });
    account('ok', { cap: { limit: '50', used: '50' }, fields: { mode: 'quota', status: 'quota_exhausted' } });
    expect(await poll()).toMatchObject({ state: 'insufficient_balance', balance: { micros: 0, unit: 'USD' } });
    account('ok', { cap: { limit: '50', used: '1' }, fields: { mode: 'quota', status: 'expired' } });
    expect(await poll()).toMatchObject({ state: 'expired_key' });
  });

  it('reads a subscription plan: what it has left, its daily limit, and when it ends', async () => {
    account('ok', {
      expiresAt: Date.parse('2026-12-18T00:00:00Z'),
      fields: {
        mode: 'subscription',
        plan: { remaining: 7.5, daily_limit_usd: 20, daily_usage_usd: 12.5, monthly_limit_usd: 300 },
      },
    });
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: 7_500_000, unit: 'USD' },
      cap: { limit: 20_000_000, used: 12_500_000, remaining: 7_500_000, resetAt: null },
      keyExpiresAt: Date.parse('2026-12-18T00:00:00Z'),
      message: 'plan Claude Pro',
    });
    account('ok', { fields: { mode: 'subscription', plan: { remaining: -1 } } });
    expect(await poll()).toMatchObject({ state: 'ok', balance: null, message: 'plan Claude Pro; no spending limit' });
  });

  it('reads the reply of releases before `mode`', async () => {
    account('ok', { balance: '3.2', fields: { mode: 'legacy' } });
    expect(await poll()).toMatchObject({ state: 'ok', balance: { micros: 3_200_000, unit: 'USD' } });
  });

  it('a weekly or monthly plan limit (429) is insufficient_balance, not a rate limit', async () => {
    const fetch = fixtureFetch({
      '/v1/usage': { status: 429, body: { code: 'USAGE_LIMIT_EXCEEDED', message: 'weekly usage limit exceeded' } },
    });
    expect(await pollOnce('sub2api', 'https://gw.example.com', KEY, {}, { fetch }, () => NOW)).toMatchObject({
      state: 'insufficient_balance',
      httpStatus: 429,
      message: 'weekly usage limit exceeded',
    });
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /Invalid API key/],
    ['expired_key', 'expired_key', 403, /subscription has expired/],
    ['insufficient_balance', 'insufficient_balance', 403, /Insufficient account balance/],
    ['daily_cap', 'daily_cap_reached', 429, /daily usage limit exceeded/],
    ['rate_limited', 'rate_limited', 429, /Too many pending requests/],
    ['error_in_200', 'invalid_key', 200, /Invalid API key/],
    ['wrong_types', 'bad_response', 200, /remaining/],
    ...TRANSPORT_FAILURES,
  ]);

  it('honours Retry-After on 429', async () => {
    account('rate_limited', { retryAfter: '15' });
    expect((await poll()).retryAfterSeconds).toBe(15);
  });

  itEnforcesTransportLimits(p);
});
