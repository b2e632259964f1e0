import { describe, expect, it } from 'vitest';
import type { FakeScenario } from '../../../src/core/providers/fake/types.ts';
import { newapi } from '../../../src/core/providers/newapi.ts';
import { runPoll } from '../../../src/core/providers/run.ts';
import { parseOptions } from '../../../src/core/providers/options.ts';
import type { HttpClient } from '../../../src/core/net/http.ts';
import type { AccountOptions } from '../../../src/shared/domain.ts';
import { itClassifiesScenarios, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-newapitestkey0123456789abcdef';
const Q = 1_000_000; // micros per quota
const NOW = Date.parse('2026-11-21T10:00:00Z');

const p = useFakeProvider(
  'newapi',
  { key: KEY, balance: '987655', cap: { limit: null, used: '12345' } },
  { now: () => NOW },
);
const { account, poll } = p;
const pathsSince = (n: number) => p.server.requests.slice(n).map((r) => r.path.replace('/newapi', ''));

describe('new-api with an sk- key: /api/usage/token/', () => {
  it('reports the token quota raw, with its cap figures', async () => {
    account('ok');
    const before = p.server.requests.length;
    expect(await poll()).toEqual({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 987_655 * Q, unit: 'quota' },
      cap: { unit: 'quota', limit: 1_000_000 * Q, used: 12_345 * Q, remaining: 987_655 * Q, resetAt: null },
      keyExpiresAt: null,
      retryAfterSeconds: null,
      message: null,
    });
    expect(pathsSince(before)).toEqual(['/api/usage/token/']);
    expect(p.server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reports a future expiry and keeps the key ok', async () => {
    const at = Date.parse('2027-01-01T00:00:00Z');
    account('ok', { expiresAt: at });
    expect(await poll()).toMatchObject({ state: 'ok', keyExpiresAt: at });
  });

  it('tells an expired token from an exhausted one (both answer on the read-only route)', async () => {
    const expiredAt = Date.parse('2026-11-01T00:00:00Z');
    account('expired_key', { expiresAt: expiredAt });
    expect(await poll()).toMatchObject({
      state: 'expired_key',
      httpStatus: 200,
      keyExpiresAt: expiredAt,
      balance: { micros: 987_655 * Q },
      message: 'the token expired on 2026-11-01T00:00:00.000Z',
    });
    account('insufficient_balance');
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      httpStatus: 200,
      balance: { micros: 0, unit: 'quota' },
      message: "the token's quota is used up",
    });
  });

  it('an unlimited token is ok with no balance, and says why', async () => {
    account('ok', { fields: { unlimited: true } });
    expect(await poll()).toMatchObject({
      state: 'ok',
      balance: null,
      message: 'unlimited token: the gateway sets no quota limit on it',
      cap: { limit: null, used: 12_345 * Q, remaining: null },
    });
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /Invalid token/],
    ['daily_cap', 'daily_cap_reached', 429, /daily request limit/],
    ['rate_limited', 'rate_limited', 429, /^rate limited$/],
    ['error_in_200', 'invalid_key', 200, /token not found/],
    ['wrong_types', 'bad_response', 200, /total_/],
    ...TRANSPORT_FAILURES,
  ]);

  it('a 429 with an empty body and no Retry-After is a plain rate limit', async () => {
    account('rate_limited', { retryAfter: null });
    expect(await poll()).toMatchObject({
      state: 'rate_limited',
      httpStatus: 429,
      retryAfterSeconds: null,
      message: 'rate limited',
    });
  });
});

describe('billing endpoints: one-api, or a new-api without /api/usage/token/', () => {
  it('one-api: remaining = hard_limit_usd − total_usage/100, back in raw quota', async () => {
    account('ok', { fields: { flavor: 'one-api' }, expiresAt: Date.parse('2027-03-01T00:00:00Z') });
    const before = p.server.requests.length;
    expect(await poll({ flavor: 'one-api' })).toMatchObject({
      state: 'ok',
      balance: { micros: 987_655 * Q, unit: 'quota' },
      cap: { limit: 1_000_000 * Q, used: 12_345 * Q, remaining: 987_655 * Q },
      keyExpiresAt: Date.parse('2027-03-01T00:00:00Z'),
    });
    expect(pathsSince(before)).toEqual(['/v1/dashboard/billing/subscription', '/v1/dashboard/billing/usage']);
  });

  it('falls back when /api/usage/token/ is 404, and undoes a CNY display exactly', async () => {
    account('ok', {
      balance: '24997909',
      cap: { limit: null, used: '10027091' },
      fields: { tokenUsageRoute: false, display: 'CNY', exchangeRate: 7.3 },
    });
    const before = p.server.requests.length;
    expect(await poll({ currency: 'CNY', exchangeRate: 7.3 })).toMatchObject({
      state: 'ok',
      balance: { micros: 24_997_909 * Q, unit: 'quota' },
      cap: { used: 10_027_091 * Q },
    });
    expect(pathsSince(before)).toEqual([
      '/api/usage/token/',
      '/v1/dashboard/billing/subscription',
      '/v1/dashboard/billing/usage',
    ]);
  });

  it('reads a site that displays raw tokens', async () => {
    account('ok', { balance: '1234567', fields: { flavor: 'one-api', display: 'tokens' } });
    expect(await poll({ flavor: 'one-api', currency: 'tokens' })).toMatchObject({
      state: 'ok',
      balance: { micros: 1_234_567 * Q },
    });
  });

  it('an unlimited token reports 100000000: ok, no balance', async () => {
    account('ok', { fields: { flavor: 'one-api', unlimited: true } });
    expect(await poll({ flavor: 'one-api' })).toMatchObject({
      state: 'ok',
      balance: null,
      message: expect.stringMatching(/unlimited token/),
      cap: { limit: null, used: 12_345 * Q },
    });
  });

  it.each<[FakeScenario, string, RegExp]>([
    ['invalid_key', 'invalid_key', /无效的令牌/],
    ['expired_key', 'expired_key', /已过期/],
    ['insufficient_balance', 'insufficient_balance', /已用尽/],
    ['error_in_200', 'invalid_key', /无效的令牌/],
    ['wrong_types', 'bad_response', /hard_limit_usd/],
  ])('one-api %s → %s from its own wording', async (scenario, state, message) => {
    account(scenario, { fields: { flavor: 'one-api' } });
    const out = await poll({ flavor: 'one-api' });
    expect(out).toMatchObject({ state, balance: null });
    expect(out.message).toMatch(message);
  });

  it('a new-api that says only "Invalid token" is asked on the read-only route whether the token expired or ran out', async () => {
    account('expired_key', { expiresAt: Date.parse('2026-11-01T00:00:00Z') });
    expect(await poll({ flavor: 'one-api' })).toMatchObject({
      state: 'expired_key',
      httpStatus: 401,
      message: 'Invalid token: the token expired on 2026-11-01T00:00:00.000Z',
    });
    account('insufficient_balance');
    expect(await poll({ flavor: 'one-api' })).toMatchObject({
      state: 'insufficient_balance',
      httpStatus: 401,
      message: "Invalid token: the token's quota is used up",
    });
    account('invalid_key');
    expect(await poll({ flavor: 'one-api' })).toMatchObject({
      state: 'invalid_key',
      httpStatus: 401,
      message: 'Invalid token',
    });
  });

  it('403 insufficient_user_quota: the user is out of quota though the token is fine', async () => {
    account('ok', { fields: { flavor: 'one-api', userQuotaExhausted: true } });
    expect(await poll({ flavor: 'one-api' })).toMatchObject({
      state: 'insufficient_balance',
      httpStatus: 403,
      balance: null,
    });
  });
});

describe('with the user access token: /api/user/self', () => {
  const user = (scenario: FakeScenario, fields: Record<string, unknown> = {}) =>
    account(scenario, {
      balance: '24997909',
      cap: { limit: null, used: '10027091' },
      fields: { accessToken: true, userId: 42, ...fields },
    });

  it('reads the whole user quota, sending New-Api-User', async () => {
    user('ok');
    expect(await poll({ auth: 'access_token', userId: 42 })).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 24_997_909 * Q, unit: 'quota' },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/newapi/api/user/self');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['new-api-user']).toBe('42');
  });

  it('new-api refuses without New-Api-User or with the wrong id', async () => {
    user('ok');
    expect(await poll({ auth: 'access_token' })).toMatchObject({
      state: 'invalid_key',
      httpStatus: 401,
      message: expect.stringMatching(/New-Api-User.*set the userId option/),
    });
    expect(await poll({ auth: 'access_token', userId: 7 })).toMatchObject({
      state: 'invalid_key',
      httpStatus: 401,
      message: expect.stringMatching(/不匹配/),
    });
  });

  it('one-api answers a bad access token with HTTP 200 success:false', async () => {
    user('invalid_key', { flavor: 'one-api' });
    expect(await poll({ auth: 'access_token', flavor: 'one-api' })).toMatchObject({
      state: 'invalid_key',
      httpStatus: 200,
      balance: null,
      message: '无权进行此操作，access token 无效',
    });
  });

  it('an exhausted user, an expired access token', async () => {
    user('insufficient_balance');
    expect(await poll({ auth: 'access_token', userId: 42 })).toMatchObject({
      state: 'insufficient_balance',
      balance: { micros: 0, unit: 'quota' },
    });
    user('expired_key');
    expect(await poll({ auth: 'access_token', userId: 42 })).toMatchObject({ state: 'expired_key', httpStatus: 401 });
  });

  it('wrong types in the user record are a bad response', async () => {
    user('wrong_types');
    expect(await poll({ auth: 'access_token', userId: 42 })).toMatchObject({
      state: 'bad_response',
      httpStatus: 200,
      message: expect.stringMatching(/data\.quota/),
    });
  });
});

describe('options', () => {
  it('new-api needs userId with an access token; one-api does not', () => {
    expect(() => parseOptions(newapi, { auth: 'access_token' })).toThrow(/userId.*New-Api-User/);
    expect(parseOptions(newapi, { auth: 'access_token', userId: '42' })).toEqual({ auth: 'access_token', userId: 42 });
    expect(parseOptions(newapi, { auth: 'access_token', flavor: 'one-api' })).toEqual({
      auth: 'access_token',
      flavor: 'one-api',
    });
    expect(() => parseOptions(newapi, { exchangeRate: '0' })).toThrow(/exchangeRate/);
  });
});

/** Stored replies by path: exact bodies from the gateways' source and docs. */
function stored(replies: Record<string, [number, string]>): HttpClient {
  return {
    async request(req) {
      const path = new URL(req.url).pathname;
      const [status, text] = replies[path] ?? [404, '404 page not found'];
      return { status, headers: {}, text, url: req.url, credentialsWithheldAt: null };
    },
  };
}
const read = (replies: Record<string, [number, string]>, options: AccountOptions = {}) =>
  runPoll(newapi, { baseUrl: 'https://relay.example.com', key: KEY, options, http: stored(replies), now: () => NOW });

describe('new-api / one-api stored bodies', () => {
  it('GET /api/usage/token/ as documented', async () => {
    const body =
      '{"code":true,"message":"ok","data":{"object":"token_usage","name":"Default Token","total_granted":1000000,"total_used":12345,"total_available":987655,"unlimited_quota":false,"model_limits":{"gpt-4o-mini":500000},"model_limits_enabled":false,"expires_at":0}}';
    expect(await read({ '/api/usage/token/': [200, body] })).toMatchObject({
      state: 'ok',
      balance: { micros: 987_655 * Q },
      cap: { limit: 1_000_000 * Q },
      keyExpiresAt: null,
    });
  });

  it('subscription + usage in USD (500,000 quota = $1)', async () => {
    const out = await read(
      {
        '/v1/dashboard/billing/subscription': [
          200,
          '{"object":"billing_subscription","has_payment_method":true,"soft_limit_usd":2,"hard_limit_usd":2,"system_hard_limit_usd":2,"access_until":0}',
        ],
        '/v1/dashboard/billing/usage': [200, '{"object":"list","total_usage":50}'],
      },
      { flavor: 'one-api' },
    );
    // $2 granted, $0.50 used → $1.50 = 750,000 quota left.
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: 750_000 * Q, unit: 'quota' },
      cap: { limit: 1_000_000 * Q, used: 250_000 * Q },
    });
  });

  it('GET /api/user/self with an access token', async () => {
    const body =
      '{"success":true,"message":"","data":{"id":42,"username":"u","quota":24997909,"used_quota":10027091,"request_count":7}}';
    expect(await read({ '/api/user/self': [200, body] }, { auth: 'access_token', userId: 42 })).toMatchObject({
      state: 'ok',
      balance: { micros: 24_997_909 * Q },
    });
  });

  it('error shapes: new_api_error, one_api_error, insufficient_user_quota, empty 429', async () => {
    expect(
      (await read({ '/api/usage/token/': [401, '{"error":{"message":"该令牌已过期","type":"new_api_error"}}'] })).state,
    ).toBe('expired_key');
    expect(
      (
        await read(
          {
            '/v1/dashboard/billing/subscription': [
              401,
              '{"error":{"message":"该令牌额度已用尽","type":"one_api_error"}}',
            ],
          },
          { flavor: 'one-api' },
        )
      ).state,
    ).toBe('insufficient_balance');
    expect(
      (
        await read(
          {
            '/v1/dashboard/billing/subscription': [200, '{"error":{"message":"该令牌已过期","type":"one_api_error"}}'],
          },
          { flavor: 'one-api' },
        )
      ).state,
    ).toBe('expired_key');
    expect(
      (
        await read({
          '/api/usage/token/': [
            403,
            '{"error":{"message":"用户额度不足","type":"new_api_error","code":"insufficient_user_quota"}}',
          ],
        })
      ).state,
    ).toBe('insufficient_balance');
    expect(
      (
        await read(
          {
            '/api/user/self': [
              403,
              '{"success":false,"code":"AUTH_INSUFFICIENT_PRIVILEGE","message":"insufficient privilege"}',
            ],
          },
          { auth: 'access_token', userId: 1 },
        )
      ).state,
    ).toBe('invalid_key');
    expect(await read({ '/api/usage/token/': [429, ''] })).toMatchObject({
      state: 'rate_limited',
      retryAfterSeconds: null,
    });
  });

  it('an impossible amount is a bad response with its status', async () => {
    const body =
      '{"code":true,"data":{"total_granted":1e400,"total_used":0,"total_available":1,"unlimited_quota":false,"expires_at":0}}';
    expect(await read({ '/api/usage/token/': [200, body] })).toMatchObject({ state: 'bad_response', httpStatus: 200 });
  });
});
