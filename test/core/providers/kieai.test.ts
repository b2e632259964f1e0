import { describe, expect, it } from 'vitest';
import type { FakeScenario } from '../../../src/core/providers/fake/types.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'kie0123456789abcdef0123456789abcd';

const p = useFakeProvider('kieai', { key: KEY, balance: '100' });
const { account, poll } = p;

const table: [FakeScenario, string, number, RegExp][] = [
  ['invalid_key', 'invalid_key', 401, /Authentication credentials are missing or invalid/],
  ['expired_key', 'expired_key', 401, /expired/],
  ['insufficient_balance', 'insufficient_balance', 402, /Insufficient Credits/],
  ['daily_cap', 'daily_cap_reached', 429, /daily request limit/],
  ['rate_limited', 'rate_limited', 429, /Request limit has been exceeded/],
];

describe('kie.ai adapter against the fake server', () => {
  it('reads the remaining credits', async () => {
    account('ok', { balance: '1234.5' });
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 1_234_500_000, unit: 'credits' },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/kieai/api/v1/chat/credit');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('zero credits is insufficient_balance, balance kept', async () => {
    account('ok', { balance: '0' });
    expect(await poll()).toMatchObject({ state: 'insufficient_balance', balance: { micros: 0, unit: 'credits' } });
  });

  it('455 is maintenance: a server error, as HTTP status or as the code in a 200', async () => {
    account('ok', { fields: { maintenance: true } });
    expect(await poll()).toMatchObject({
      state: 'server_error',
      httpStatus: 455,
      balance: null,
      message: expect.stringMatching(/maintenance \(455\)/),
    });
    account('ok', { fields: { maintenance: true, codeIn200: true } });
    expect(await poll()).toMatchObject({
      state: 'server_error',
      httpStatus: 200,
      balance: null,
      message: expect.stringMatching(/maintenance/),
    });
  });

  it.each(table)('%s as HTTP status → %s', async (scenario, state, status, message) => {
    account(scenario, { retryAfter: '45' });
    const out = await poll();
    expect(out).toMatchObject({ state, httpStatus: status, balance: null });
    expect(out.message).toMatch(message);
    expect(out.message).not.toContain(KEY);
    if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(45);
  });

  it.each(table)('%s as the code inside a 200 → %s', async (scenario, state, _status, message) => {
    account(scenario, { fields: { codeIn200: true } });
    const out = await poll();
    expect(out).toMatchObject({ state, httpStatus: 200, balance: null });
    expect(out.message).toMatch(message);
  });

  itClassifiesScenarios(p, [
    ['error_in_200', 'invalid_key', 200, /Unauthorized/],
    ['wrong_types', 'bad_response', 200, /data/],
    ...TRANSPORT_FAILURES,
  ]);

  itEnforcesTransportLimits(p);
});

describe('kie.ai documented shapes (inline fixtures)', () => {
  const base = 'https://api.kie.ai';
  it('parses the documented example', async () => {
    const fetch = fixtureFetch({ '/api/v1/chat/credit': { body: { code: 200, msg: 'success', data: 100 } } });
    expect(await pollOnce('kieai', base, KEY, {}, { fetch })).toMatchObject({
      state: 'ok',
      balance: { micros: 100_000_000, unit: 'credits' },
    });
    expect(fetch.urls).toEqual([`${base}/api/v1/chat/credit`]);
  });

  it.each([
    [200, { code: 505, msg: 'Feature Disabled', data: null }, 'server_error'],
    [200, { code: 500, msg: 'Server Error', data: null }, 'server_error'],
    [200, { code: 422, msg: 'Validation Error', data: null }, 'bad_response'],
    [455, { code: 455, msg: 'Service Unavailable', data: null }, 'server_error'],
    [402, '', 'insufficient_balance'],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/api/v1/chat/credit': { status, body } });
    expect(await pollOnce('kieai', base, KEY, {}, { fetch })).toMatchObject({
      state,
      httpStatus: status,
      balance: null,
    });
  });
});
