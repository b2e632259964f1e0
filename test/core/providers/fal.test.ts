import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY_ID = '6a3f09c1-5b7e-4d2a-9c1f-0e8b7a6d5c4b';
const KEY = `${KEY_ID}:0123456789abcdef0123456789abcdef`;

const p = useFakeProvider('fal', { key: KEY, balance: '24.5' });
const { account, poll } = p;

describe('fal adapter against the fake server', () => {
  it('reads credits.current_balance, asking for it with expand=credits and a Key header', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 24_500_000, unit: 'USD' },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/fal/v1/account/billing');
    expect(sent.headers.authorization).toBe(`Key ${KEY}`);
  });

  it('an ordinary key is refused by the billing API: invalid_key, saying an admin key is needed', async () => {
    account('ok', { fields: { adminKey: false } });
    expect(await poll()).toMatchObject({
      state: 'invalid_key',
      httpStatus: 403,
      message: expect.stringMatching(/Admin API key/),
    });
  });

  it('no credits left is insufficient_balance, balance kept', async () => {
    account('ok', { balance: '0' });
    expect(await poll()).toMatchObject({ state: 'insufficient_balance', balance: { micros: 0, unit: 'USD' } });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /No user found/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 403, /Exhausted balance/],
      ['daily_cap', 'daily_cap_reached', 429, /Daily spend limit/],
      ['rate_limited', 'rate_limited', 429, /Too many requests/],
      ['error_in_200', 'invalid_key', 200, /No user found/],
      ['wrong_types', 'bad_response', 200, /credits\.current_balance/],
      ...TRANSPORT_FAILURES,
    ],
    {
      account: { retryAfter: '20' },
      also: (scenario, out) => {
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(20);
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('fal documented shapes (inline fixtures)', () => {
  const base = 'https://api.fal.ai';
  it('parses the documented example and sends expand=credits', async () => {
    const fetch = fixtureFetch({
      '/v1/account/billing': { body: { username: 'my-team', credits: { current_balance: 24.5, currency: 'USD' } } },
    });
    expect(await pollOnce('fal', base, KEY, {}, { fetch })).toMatchObject({
      state: 'ok',
      balance: { micros: 24_500_000, unit: 'USD' },
    });
    expect(fetch.urls).toEqual([`${base}/v1/account/billing?expand=credits`]);
  });

  it('a reply without credits, or in a currency it cannot store, is a bad response', async () => {
    let fetch = fixtureFetch({ '/v1/account/billing': { body: { username: 'my-team' } } });
    expect(await pollOnce('fal', base, KEY, {}, { fetch })).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/no credits/),
    });
    fetch = fixtureFetch({
      '/v1/account/billing': { body: { username: 'my-team', credits: { current_balance: 3, currency: 'EUR' } } },
    });
    expect(await pollOnce('fal', base, KEY, {}, { fetch })).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/EUR/),
    });
  });

  it('keeps both halves of the key out of messages', async () => {
    const fetch = fixtureFetch({
      '/v1/account/billing': { status: 401, body: { detail: `Key ${KEY_ID} is not authorized` } },
    });
    const out = await pollOnce('fal', base, KEY, {}, { fetch });
    expect(out).toMatchObject({ state: 'invalid_key', message: 'Key [redacted] is not authorized' });
  });

  it.each([
    [
      403,
      { detail: 'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.' },
      'insufficient_balance',
    ],
    [403, { detail: 'Admin API key required' }, 'invalid_key'],
    [401, { detail: 'Authentication is required to access this resource' }, 'invalid_key'],
    [429, { detail: 'Rate limit exceeded' }, 'rate_limited'],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/v1/account/billing': { status, body } });
    expect(await pollOnce('fal', base, KEY, {}, { fetch })).toMatchObject({ state, httpStatus: status, balance: null });
  });
});
