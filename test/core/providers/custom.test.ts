import { describe, expect, it } from 'vitest';
import type { FakeAccount, FakeScenario } from '../../../src/core/providers/fake/types.ts';
import { custom, lookup, parseExpiry, parseJsonPath } from '../../../src/core/providers/custom.ts';
import { parseOptions } from '../../../src/core/providers/options.ts';
import { runPoll } from '../../../src/core/providers/run.ts';
import type { HttpClient, HttpRequest } from '../../../src/core/net/http.ts';
import type { AccountOptions } from '../../../src/shared/domain.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { itClassifiesScenarios, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'relay-secret-0123456789abcdef';
const NOW = Date.parse('2026-11-21T10:00:00Z');
const BASE: AccountOptions = { path: '/api/balance', balancePath: 'data.balance' };

const p = useFakeProvider('custom', { key: KEY, balance: '12345' }, { options: BASE, now: () => NOW });
const account = (scenario: FakeScenario, extra: Partial<FakeAccount> = {}, key = KEY) =>
  p.account(scenario, { ...extra, key });
const poll = (options: AccountOptions = BASE, key: string | null = KEY) =>
  pollOnce('custom', p.baseUrl(), key, options, {}, () => NOW);

describe('custom endpoint against the fake relay', () => {
  it('reads the figure at a JSON path and divides it exactly', async () => {
    account('ok');
    expect(await poll({ ...BASE, divisor: 100, unit: 'USD' })).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 123_450_000, unit: 'USD' },
      cap: null,
      keyExpiresAt: null,
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/custom/api/balance');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('defaults to credits, divisor 1', async () => {
    account('ok');
    expect(await poll()).toMatchObject({ state: 'ok', balance: { micros: 12_345_000_000, unit: 'credits' } });
  });

  it('follows array indexes, reads decimal strings and ISO expiries', async () => {
    const expires = Date.parse('2027-02-01T00:00:00Z');
    account('ok', { balance: '0.3', expiresAt: expires });
    const out = await poll({
      path: '/v2/wallet',
      balancePath: 'wallets[0].amount',
      expiryPath: 'expires_at',
      divisor: 0.1,
      unit: 'USD',
    });
    // 0.3 / 0.1 in floats is 2.9999999999999996; in micros it is exactly 3.
    expect(out).toMatchObject({ state: 'ok', balance: { micros: 3_000_000, unit: 'USD' }, keyExpiresAt: expires });
  });

  it('reads limit and used into cap figures, divided like the balance', async () => {
    account('ok', { balance: '5000', cap: { limit: '20000', used: '15000' } });
    expect(
      await poll({ ...BASE, limitPath: 'data.limit', usedPath: 'data.used', divisor: 10000, unit: 'USD' }),
    ).toMatchObject({
      state: 'ok',
      balance: { micros: 500_000, unit: 'USD' },
      cap: { unit: 'USD', limit: 2_000_000, used: 1_500_000, remaining: 500_000, resetAt: null },
    });
  });

  it('an expiry in unix seconds in the past makes the key expired', async () => {
    account('ok', { expiresAt: Date.parse('2026-11-01T00:00:00Z') });
    expect(await poll({ ...BASE, expiryPath: 'data.expires' })).toMatchObject({
      state: 'expired_key',
      keyExpiresAt: Date.parse('2026-11-01T00:00:00Z'),
      balance: { micros: 12_345_000_000 },
    });
    account('ok', { expiresAt: null });
    expect(await poll({ ...BASE, expiryPath: 'data.expires' })).toMatchObject({ state: 'ok', keyExpiresAt: null });
  });

  it('sends the secret in the header and scheme asked for', async () => {
    account('ok');
    await poll({ ...BASE, authScheme: 'none' });
    expect(p.server.requests.at(-1)!.headers.authorization).toBe(KEY);
    await poll({ ...BASE, authScheme: 'Token' });
    expect(p.server.requests.at(-1)!.headers.authorization).toBe(`Token ${KEY}`);
    expect((await poll({ ...BASE, authHeader: 'X-Api-Key', authScheme: 'none' })).state).toBe('ok');
    const sent = p.server.requests.at(-1)!;
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('an empty key sends no auth header at all', async () => {
    account('ok', { balance: '7' }, '');
    expect(await poll(BASE, null)).toMatchObject({ state: 'ok', balance: { micros: 7_000_000 } });
    expect(p.server.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(await poll(BASE, '')).toMatchObject({ state: 'ok' });
    expect(p.server.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('a path that is not in the reply is a bad response, not zero', async () => {
    account('ok');
    expect(await poll({ ...BASE, balancePath: 'data.items[0].amount' })).toMatchObject({
      state: 'bad_response',
      balance: null,
      message: 'no balance at data.items[0].amount in the reply',
    });
    expect(await poll({ ...BASE, limitPath: 'data.nope' })).toMatchObject({
      state: 'bad_response',
      message: 'no limit at data.nope in the reply',
    });
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /invalid api key/],
    ['expired_key', 'expired_key', 401, /expired/],
    ['insufficient_balance', 'insufficient_balance', 402, /insufficient balance/],
    ['daily_cap', 'daily_cap_reached', 429, /daily spend limit/],
    ['rate_limited', 'rate_limited', 429, /slow down/],
    ['error_in_200', 'invalid_key', 200, /invalid api key/],
    ['wrong_types', 'bad_response', 200, /unusable amount/],
    ...TRANSPORT_FAILURES,
  ]);
});

describe('custom options keep requests under the base URL', () => {
  it.each([
    'https://evil.example/steal',
    '//evil.example/x',
    'api/balance',
    '/x@evil.example',
    '/a\\b',
    '/a b',
    '/x#frag',
    '/redirect?to=http://evil.example',
  ])('refuses path %j', (path) => {
    expect(() => parseOptions(custom, { path, balancePath: 'data.balance' })).toThrow(/option "path"/);
  });

  it('accepts an ordinary path with a query and well-formed JSON paths', () => {
    expect(
      parseOptions(custom, {
        path: '/v1/billing?expand=credits',
        balancePath: 'data.items[0].amount',
        divisor: '10000',
      }),
    ).toMatchObject({ divisor: 10000 });
  });

  it('refuses malformed JSON paths, a zero divisor and odd header names', () => {
    expect(() => parseOptions(custom, { ...stringy(BASE), balancePath: 'data..balance' })).toThrow(/balancePath/);
    expect(() => parseOptions(custom, { ...stringy(BASE), usedPath: 'data[x]' })).toThrow(/usedPath/);
    expect(() => parseOptions(custom, { ...stringy(BASE), divisor: '0' })).toThrow(/divisor/);
    expect(() => parseOptions(custom, { ...stringy(BASE), authHeader: 'X Api: Key' })).toThrow(/authHeader/);
  });

  it('checks again at poll time and sends nothing for a bad stored path', async () => {
    const before = p.server.requests.length;
    const out = await poll({ path: 'http://evil.example/x', balancePath: 'data.balance' });
    expect(out).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/^account settings: option "path"/),
    });
    expect(p.server.requests.length).toBe(before);
  });
});

const stringy = (o: AccountOptions) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

function stored(status: number, body: string, seen: HttpRequest[] = []): HttpClient {
  return {
    async request(req) {
      seen.push(req);
      return { status, headers: {}, text: body, url: req.url, credentialsWithheldAt: null };
    },
  };
}
const read = (body: string, options: AccountOptions) =>
  runPoll(custom, { baseUrl: 'https://relay.example.com', key: KEY, options, http: stored(200, body), now: () => NOW });

describe('custom endpoint on stored bodies of known shapes', () => {
  it('DeepSeek-style: a decimal string inside a list', async () => {
    const body =
      '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"110.00","granted_balance":"10.00","topped_up_balance":"100.00"}]}';
    expect(
      await read(body, { path: '/user/balance', balancePath: 'balance_infos[0].total_balance', unit: 'CNY' }),
    ).toMatchObject({ state: 'ok', balance: { micros: 110_000_000, unit: 'CNY' } });
  });

  it('Novita-style: 1/10,000 USD in strings', async () => {
    const body = '{"availableBalance":"1000000","cashBalance":"800000","creditLimit":"200000"}';
    expect(
      await read(body, {
        path: '/openapi/v1/billing/balance/detail',
        balancePath: 'availableBalance',
        divisor: 10000,
        unit: 'USD',
      }),
    ).toMatchObject({ balance: { micros: 100_000_000, unit: 'USD' } });
  });

  it('OpenRouter-style key: limit, usage and an ISO expiry', async () => {
    const body =
      '{"data":{"label":"k","limit":100,"limit_remaining":74.5,"usage":25.5,"expires_at":"2027-12-31T23:59:59Z"}}';
    expect(
      await read(body, {
        path: '/v1/key',
        balancePath: 'data.limit_remaining',
        limitPath: 'data.limit',
        usedPath: 'data.usage',
        expiryPath: 'data.expires_at',
        unit: 'USD',
      }),
    ).toMatchObject({
      state: 'ok',
      balance: { micros: 74_500_000 },
      cap: { limit: 100_000_000, used: 25_500_000, remaining: 74_500_000 },
      keyExpiresAt: Date.parse('2027-12-31T23:59:59Z'),
    });
  });

  it('a divisor that does not divide evenly rounds half away from zero at the sixth decimal', async () => {
    expect(await read('{"b":1}', { path: '/b', balancePath: 'b', divisor: 3 })).toMatchObject({
      balance: { micros: 333_333 },
    });
    expect(await read('{"b":2}', { path: '/b', balancePath: 'b', divisor: 3 })).toMatchObject({
      balance: { micros: 666_667 },
    });
    expect(await read('{"b":-2}', { path: '/b', balancePath: 'b', divisor: 3 })).toMatchObject({
      balance: { micros: -666_667 },
    });
  });

  it('an error flag in a 200 and an impossible amount are caught', async () => {
    expect((await read('{"success":false,"message":"invalid api key"}', BASE)).state).toBe('invalid_key');
    expect(await read('{"data":{"balance":1e308}}', BASE)).toMatchObject({ state: 'bad_response', httpStatus: 200 });
    expect(await read('{"data":{"balance":true}}', BASE)).toMatchObject({ state: 'bad_response', httpStatus: 200 });
  });
});

describe('JSON paths and expiries', () => {
  it('parses paths with indexes', () => {
    expect(parseJsonPath('data.items[0].amount')).toEqual(['data', 'items', 0, 'amount']);
    expect(parseJsonPath('[2].a[0][1]')).toEqual([2, 'a', 0, 1]);
    expect(parseJsonPath('a.')).toBeNull();
    expect(parseJsonPath('a[-1]')).toBeNull();
  });

  it('reads own properties only', () => {
    expect(lookup({}, 'constructor')).toEqual({ found: false });
    expect(lookup({ a: [1] }, 'a.length')).toEqual({ found: false });
    expect(lookup({ a: [{ b: null }] }, 'a[0].b')).toEqual({ found: true, value: null });
  });

  it('reads seconds, milliseconds and ISO; 0 means never', () => {
    expect(parseExpiry(1_800_000_000)).toBe(1_800_000_000_000);
    expect(parseExpiry(1_800_000_000_000)).toBe(1_800_000_000_000);
    expect(parseExpiry('1800000000')).toBe(1_800_000_000_000);
    expect(parseExpiry('2027-01-01T00:00:00Z')).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(parseExpiry(0)).toBeNull();
    expect(parseExpiry('soon')).toBeUndefined();
    expect(parseExpiry(-5)).toBeUndefined();
  });
});
