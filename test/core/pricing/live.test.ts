import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/core.ts';
import { openCore } from '../../../src/core/core.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeAccount } from '../../../src/core/providers/fake/types.ts';
import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import type { Unit } from '../../../src/shared/units.ts';
import {
  computeBuys,
  estimate,
  packOffers,
  setAccountPricingSettings,
  setPrice,
} from '../../../src/core/pricing/index.ts';
import { UserError } from '../../../src/core/errors.ts';
import { refreshSiteSettings } from '../../../src/core/site-settings.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { DAY, HOUR, bal } from '../analytics/fixtures.ts';
import { FakeClock } from '../../helpers/clock.ts';

/**
 * The live price sources against the fake provider server: CheapAI's packages and price
 * check, Lumenfall's dry run, a new-api site's /api/pricing and the user's group — each
 * with its failure states. Whatever goes wrong, no key appears in any answer or error, the
 * error says what happened, and a fallback says where the figure came from instead.
 */

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const NOW = Date.parse('2026-11-30T12:00:00Z');

interface Home {
  core: Core;
  clock: FakeClock;
}

function home(): Home {
  const clock = new FakeClock(NOW);
  return { core: openCore({ home: tempDir(), secrets: new MemorySecrets(), now: () => clock.now }), clock };
}

async function account(
  h: Home,
  provider: string,
  key: string,
  fake: Partial<FakeAccount> = {},
  options: Record<string, unknown> = {},
  baseUrl = server.baseUrl(provider),
): Promise<StoredAccount> {
  server.setAccount(provider, { key, balance: '1000', scenario: 'ok', ...fake });
  const added = await h.core.accounts.add({ provider, label: `${provider}-${key.slice(-6)}`, key, options, baseUrl });
  return h.core.accounts.require(added.id);
}

/** Two days of readings falling by `perDay`, ending at `end`. */
function history(h: Home, a: StoredAccount, end: number, perDay: number, unit: Unit) {
  for (let t = NOW - 2 * DAY; t <= NOW; t += HOUR) bal(h.core, a, t, end + (perDay * (NOW - t)) / DAY, unit);
}

const requestsTo = (path: string) => server.requests.filter((r) => r.path.endsWith(path));

async function userError(p: Promise<unknown>): Promise<UserError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/* ------------------------------------------------------------------ CheapAI */

describe('CheapAI price check (POST /v1i/task/price)', () => {
  const KEY = 'sk_cheapai_price_check_key_0001';

  it('prices the very request, says so, and keeps the answer as a price for "what it buys"', async () => {
    const h = home();
    const a = await account(h, 'cheapai', KEY);
    history(h, a, 100_000, 24_000, 'credits');
    const report = await estimate(h.core, {
      account: a.label,
      model: 'bytedance-seedream-4.5',
      params: { resolution: '2K', aspect_ratio: '16:9', assets: '2' },
      count: 2,
    });
    expect(report).toMatchObject({
      source: 'provider',
      sourceName: 'CheapAI price check',
      fallback: null,
      cost: { amount: '1228', unit: 'credits' },
      costEach: { amount: '614', unit: 'credits' },
      balance: { amount: '100000', unit: 'credits' },
      balanceAfter: { amount: '98772', unit: 'credits' },
      coveredByBalance: true,
    });
    expect(report.runway.usedDays).toBeCloseTo(0.05, 2);
    const sent = requestsTo('/v1i/task/price').at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body).toEqual({
      model_id: 'bytedance-seedream-4.5',
      generations_count: 2,
      model_parameters: { aspect_ratio: '16:9', resolution: '2K' },
      assets: 2,
    });

    const [buys] = await computeBuys(h.core, { accounts: [a.id] });
    expect(buys!.models).toEqual([
      expect.objectContaining({
        model: 'bytedance-seedream-4.5',
        params: { aspect_ratio: '16:9', assets: '2', resolution: '2K' },
        costEach: '614',
        unit: 'credits',
        count: 162, // 100,000 / 614
        origin: 'price_check',
        source: 'CheapAI price check',
        date: '2026-11-30',
      }),
    ]);
    expect(buys!.models[0]!.perDay).toBeCloseTo(24_000 / 614, 1);
  });

  it.each<[string, Partial<FakeAccount>, RegExp]>([
    ['a refused key', { scenario: 'invalid_key' }, /HTTP 401: Invalid API key/],
    ['an expired key', { scenario: 'expired_key' }, /HTTP 401: API key has expired/],
    ['the daily cap', { scenario: 'daily_cap' }, /HTTP 429: Daily spend limit/],
    ['a server error', { scenario: 'server_error' }, /HTTP 500/],
    ['an HTML error page', { scenario: 'bad_gateway_html' }, /502 Bad Gateway/],
    ['a wrong reply', { scenario: 'wrong_types' }, /unexpected reply at credits/],
    ['a key quoted back', { scenario: 'echo_key' }, /HTTP 401/],
    ['an unknown model', { fields: { prices: {} } }, /HTTP 400: Unknown model/],
  ])('falls back to your price on %s, and says why', async (_what, fake, why) => {
    const h = home();
    const a = await account(h, 'cheapai', KEY, fake);
    history(h, a, 5_000, 1_000, 'credits');
    setPrice(h.core, {
      provider: 'cheapai',
      model: 'mystery-model',
      rule: { kind: 'flat', cost: '50' },
      unit: 'credits',
    });
    const report = await estimate(h.core, { account: a.id, model: 'mystery-model', count: 3 });
    expect(report).toMatchObject({ source: 'override', cost: { amount: '150', unit: 'credits' } });
    expect(report.fallback).toMatch(/^CheapAI was not asked or could not answer \(/);
    expect(report.fallback).toMatch(why);
    expect(report.fallback).toMatch(/estimated from the price list$/);
    expect(JSON.stringify(report)).not.toContain(KEY.slice(4, 20));
  });

  it('with no price anywhere, the error names the provider failure and what to do', async () => {
    const h = home();
    const a = await account(h, 'cheapai', KEY, { scenario: 'echo_key' });
    const error = await userError(estimate(h.core, { account: a.id, model: 'mystery-model' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(
      /no price is known for mystery-model at .*\(CheapAI .*HTTP 401.*\).*burnrate prices set/,
    );
    expect(error.message).not.toContain(KEY.slice(4, 20));
  });

  it('an account without a key is not asked, and the reason is given', async () => {
    const h = home();
    const a = await account(h, 'cheapai', KEY);
    h.core.repos.accounts.update(a.id, { keyUpdatedAt: null }, NOW);
    setPrice(h.core, { provider: 'cheapai', model: 'm', rule: { kind: 'flat', cost: '5' }, unit: 'credits' });
    const before = requestsTo('/v1i/task/price').length;
    const report = await estimate(h.core, { account: a.id, model: 'm' });
    expect(report.fallback).toMatch(/the account has no API key/);
    expect(requestsTo('/v1i/task/price')).toHaveLength(before);
  });
});

describe('CheapAI packages (GET /v1/packages)', () => {
  const KEY = 'sk_cheapai_packages_key_0002';

  it('reads the live list through the account, keeps it a day with its date, then reads again', async () => {
    const h = home();
    const a = await account(h, 'cheapai', KEY, { fields: { packagesBody: liveBody(27) } });
    const first = await packOffers(h.core, { account: a.id });
    expect(first[0]).toMatchObject({
      name: 'starter',
      prices: [{ validity: '30d', price: '27', currency: 'USD' }],
      source: 'live',
      fetchedAt: new Date(NOW).toISOString(),
      reason: null,
    });
    expect(requestsTo('/cheapai/v1/packages').at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    const count = requestsTo('/v1/packages').length;
    h.clock.now += 2 * HOUR;
    expect((await packOffers(h.core, { account: a.id }))[0]).toMatchObject({ source: 'cached', reason: null });
    expect(requestsTo('/v1/packages')).toHaveLength(count);
    // Without --account the first CheapAI account with a key is used.
    expect((await packOffers(h.core, { provider: 'cheapai' }))[0]).toMatchObject({ source: 'cached' });
    h.clock.now += DAY;
    server.updateAccount('cheapai', KEY, { fields: { packagesBody: liveBody(29) } });
    expect((await packOffers(h.core, { account: a.id }))[0]).toMatchObject({
      source: 'live',
      prices: [{ price: '29' }],
    });
  });

  it('falls back to the cached list, then to the seed table, naming why', async () => {
    const h = home();
    const a = await account(h, 'cheapai', KEY, { fields: { packagesBody: liveBody(27) } });
    await packOffers(h.core, { account: a.id });
    h.clock.now += 2 * DAY;
    server.updateAccount('cheapai', KEY, { fields: { packagesStatus: 503, packagesBody: { error: 'down' } } });
    expect((await packOffers(h.core, { account: a.id }))[0]).toMatchObject({
      source: 'cached',
      fetchedAt: new Date(NOW).toISOString(),
      reason: 'the packages endpoint answered HTTP 503',
    });

    const fresh = home();
    const b = await account(fresh, 'cheapai', `${KEY}b`, { scenario: 'echo_key' });
    const offers = await packOffers(fresh.core, { account: b.id });
    expect(offers).toHaveLength(5);
    expect(offers[0]).toMatchObject({
      name: 'starter',
      source: 'static',
      prices: [{ price: '25' }, { price: '30' }, { price: '37.5' }],
    });
    expect(offers[0]!.reason).toMatch(/HTTP 401/);
    expect(JSON.stringify(offers)).not.toContain(KEY.slice(4, 20));

    const none = home();
    expect((await packOffers(none.core, { provider: 'cheapai' }))[0]).toMatchObject({
      source: 'static',
      reason: 'no cheapai account with a key to read the live list through',
    });
  });
});

function liveBody(starter: number) {
  return { packages: [{ name: 'starter', credits: 1_000_000, currency: 'usd', prices: { '30d': starter } }] };
}

/* ------------------------------------------------------------------ Lumenfall */

describe('Lumenfall dry run (?dryRun=true)', () => {
  const KEY = 'lmnfl_dry_run_test_key_0003';

  it('asks Lumenfall for the request and says so', async () => {
    const h = home();
    const a = await account(h, 'lumenfall', KEY);
    history(h, a, 12.5, 2, 'USD');
    const report = await estimate(h.core, {
      account: a.id,
      model: 'gemini-3-pro-image',
      params: { size: '2048x2048' },
      count: 2,
    });
    expect(report).toMatchObject({
      source: 'provider',
      sourceName: 'Lumenfall dry run',
      cost: { amount: '0.32', unit: 'USD' },
      costEach: { amount: '0.16', unit: 'USD' },
      balanceAfter: { amount: '12.18', unit: 'USD' },
      coveredByBalance: true,
    });
    expect(report.runway.usedDays).toBeCloseTo(0.16, 2);
    const sent = requestsTo('/lumenfall/openai/v1/images/generations').at(-1)!;
    expect(sent.query).toBe('dryRun=true');
    expect(sent.body).toEqual({
      model: 'gemini-3-pro-image',
      prompt: 'Burnrate price estimate',
      n: 1,
      size: '2048x2048',
    });
    // Three images a request, two requests: the dry run prices one request of three.
    const six = await estimate(h.core, { account: a.id, model: 'gemini-3-pro-image', params: { n: '3' }, count: 2 });
    expect(six).toMatchObject({ source: 'provider', cost: { amount: '0.24' }, costEach: { amount: '0.12' } });
    expect(requestsTo('/lumenfall/openai/v1/images/generations').at(-1)!.body).toMatchObject({ n: 3 });
  });

  it.each<[string, Partial<FakeAccount>, RegExp]>([
    ['a refused key', { scenario: 'invalid_key' }, /HTTP 401: Invalid API key/],
    ['a rate limit', { scenario: 'rate_limited' }, /HTTP 429/],
    ['a reply without a number', { scenario: 'wrong_types' }, /total_cost_micros|not a number/],
    [
      'a reply that is not an estimate',
      { fields: { dryRunBody: { estimated: false, total_cost_micros: 1 } } },
      /not an estimate/,
    ],
    ['a truncated reply', { scenario: 'truncated_json' }, /not valid JSON/],
    ['a key quoted back', { scenario: 'echo_key' }, /HTTP 401/],
  ])('falls back to the catalog on %s, and says why', async (_what, fake, why) => {
    const h = home();
    const a = await account(h, 'lumenfall', KEY, fake);
    const report = await estimate(h.core, { account: a.id, model: 'gemini-3-pro-image', params: { n: '3' } });
    expect(report).toMatchObject({
      source: 'catalog',
      sourceName: 'docs.lumenfall.ai/api-reference/cost-estimation (2026-11-30)',
      cost: { amount: '0.12', unit: 'USD' },
    });
    expect(report.fallback).toMatch(why);
    expect(JSON.stringify(report)).not.toContain(KEY.slice(6, 22));
  });

  it('an unknown model with no catalog price is refused with the dry run’s reason', async () => {
    const h = home();
    const a = await account(h, 'lumenfall', KEY);
    const error = await userError(estimate(h.core, { account: a.id, model: 'no-such-model' }));
    expect(error.message).toMatch(/no price is known for no-such-model .*HTTP 404: Model no-such-model not found/);
  });
});

/* ------------------------------------------------------------------ new-api */

describe('new-api price list (GET /api/pricing)', () => {
  const KEY = 'sk-newapi-pricing-test-key-0004';

  it("reads the site's list without sending the key, and counts quota in list prices × the group ratio", async () => {
    const h = home();
    const a = await account(h, 'newapi', KEY, { balance: '1000000' });
    history(h, a, 1_000_000, 200_000, 'quota');
    const [buys] = await computeBuys(h.core, { accounts: [a.id] });
    const sent = requestsTo('/newapi/api/pricing').at(-1)!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(buys!.priceList).toMatchObject({ state: 'live', reason: null });
    expect(buys!.multipliers).toEqual([
      { name: 'group ratio', factor: '1', source: expect.stringMatching(/default group, assumed/) },
    ]);
    expect(buys!.notes).toEqual(["left out of the site's list: 1 priced by an expression"]);
    const row = (model: string, tokens?: string) =>
      buys!.models.find((m) => m.model === model && (tokens === undefined || m.params.tokens === tokens))!;
    expect(buys!.models.map((m) => m.model)).toEqual([
      'gpt-4o-mini',
      'gpt-4o-mini',
      'claude-sonnet-4',
      'claude-sonnet-4',
      'dall-e-3',
      'veo-3.1',
    ]);
    // ratio 0.075: 0.075 quota per input token, 0.3 per output token
    expect(row('gpt-4o-mini', 'input')).toMatchObject({
      costEach: '0.075',
      unit: 'quota',
      count: 13_333_333,
      per: 'input token',
      listPrice: { amount: '0.00000015', unit: 'USD' },
      origin: 'live',
    });
    expect(row('gpt-4o-mini', 'output')).toMatchObject({ costEach: '0.3', count: 3_333_333 });
    expect(row('dall-e-3')).toMatchObject({ costEach: '20000', count: 50, per: 'request', perDay: 10 });
    expect(row('veo-3.1')).toMatchObject({ costEach: '250000', count: 4 });

    // The user's own group ratio wins, and the estimate agrees with the list.
    setAccountPricingSettings(h.core, a, { groupRatio: '1.8' });
    const [vip] = await computeBuys(h.core, { accounts: [a.id], models: ['dall-e-3'] });
    expect(vip!.models).toEqual([expect.objectContaining({ costEach: '36000', count: 27 })]);
    const job = await estimate(h.core, {
      account: a.id,
      model: 'gpt-4o-mini',
      params: { input: '1000', output: '1000' },
    });
    expect(job).toMatchObject({
      source: 'live',
      cost: { amount: '675', unit: 'quota' }, // (75 + 300) × 1.8
      multipliers: [{ name: 'group ratio', factor: '1.8', source: 'your setting' }],
      fallback: null,
    });
  });

  it("counts a site's list prices at the site's own quota per dollar (/api/status)", async () => {
    const own = await startFakeServer();
    try {
      own.setSite('newapi', { quotaPerUnit: 1_000_000 });
      const h = home();
      const key = `${KEY}-own-units`;
      own.setAccount('newapi', { key, balance: '1000000', scenario: 'ok' });
      const added = await h.core.accounts.add({
        provider: 'newapi',
        label: 'own',
        key,
        baseUrl: own.baseUrl('newapi'),
      });
      const a = h.core.accounts.require(added.id);
      await refreshSiteSettings(h.core, a, { force: true });
      history(h, a, 1_000_000, 0, 'quota');
      const [buys] = await computeBuys(h.core, { accounts: [a.id], models: ['dall-e-3', 'gpt-4o-mini'] });
      const of = (model: string, tokens?: string) =>
        buys!.models.find((m) => m.model === model && (tokens === undefined || m.params.tokens === tokens))!;
      // $0.04 a request is 40,000 quota where a dollar is 1,000,000 quota; a ratio is still quota per token.
      expect(of('dall-e-3')).toMatchObject({
        costEach: '40000',
        count: 25,
        listPrice: { amount: '0.04', unit: 'USD' },
      });
      expect(of('gpt-4o-mini', 'input')).toMatchObject({
        costEach: '0.075',
        listPrice: { amount: '0.000000075', unit: 'USD' },
      });
    } finally {
      await own.close();
    }
  });

  it("reads the user's group with an access token: group priority is ×1.8", async () => {
    const h = home();
    const a = await account(
      h,
      'newapi',
      'access-token-abcdef0123456789',
      { balance: '500000', fields: { accessToken: true, userId: 7, group: 'priority' } },
      { auth: 'access_token', userId: 7 },
    );
    history(h, a, 500_000, 50_000, 'quota');
    const [buys] = await computeBuys(h.core, { accounts: [a.id], models: ['dall-e-3'] });
    expect(buys!.multipliers).toEqual([
      { name: 'group ratio', factor: '1.8', source: 'group priority (/api/user/self)' },
    ]);
    expect(buys!.models[0]).toMatchObject({ costEach: '36000', count: 13 });
    const sent = requestsTo('/newapi/api/user/self').at(-1)!;
    expect(sent.headers['new-api-user']).toBe('7');
  });

  it('keeps the list a day, then reads it again; a failed read keeps the cached one and says why', async () => {
    const h = home();
    const a = await account(h, 'newapi', `${KEY}x`, {}, {}, `${server.baseUrl('newapi')}/site/flaky`);
    server.setAccount('newapi', { key: 'site:flaky', balance: '0', scenario: 'ok' });
    await computeBuys(h.core, { accounts: [a.id] });
    const reads = requestsTo('/site/flaky/api/pricing').length;
    h.clock.now += 3 * HOUR;
    const [cached] = await computeBuys(h.core, { accounts: [a.id] });
    expect(requestsTo('/site/flaky/api/pricing')).toHaveLength(reads);
    expect(cached!.priceList).toMatchObject({ state: 'cached', fetchedAt: new Date(NOW).toISOString() });
    h.clock.now += DAY;
    server.updateAccount('newapi', 'site:flaky', { scenario: 'bad_gateway_html' });
    const [stale] = await computeBuys(h.core, { accounts: [a.id] });
    expect(stale!.priceList).toMatchObject({
      state: 'cached',
      fetchedAt: new Date(NOW).toISOString(),
      reason: expect.stringMatching(/could not be read \(HTTP 502: .*502 Bad Gateway\)/),
    });
    expect(stale!.models.some((m) => m.model === 'dall-e-3')).toBe(true);
  });

  it.each<[string, Partial<FakeAccount>, RegExp]>([
    ['one-api (no such route)', { fields: { flavor: 'one-api' } }, /HTTP 404.*publishes no price list/],
    ['a server error', { scenario: 'server_error' }, /HTTP 500/],
    ['a wrong reply', { scenario: 'wrong_types' }, /unexpected reply at data/],
    ['an empty reply', { scenario: 'empty_body' }, /empty reply/],
    ['an unreadable list', { fields: { pricing: { success: true, data: [{ model: 'x' }] } } }, /no readable model/],
  ])('with no list yet, %s leaves no prices and says why', async (_what, fake, why) => {
    const h = home();
    const site = `s${Math.random().toString(36).slice(2, 8)}`;
    server.setAccount('newapi', { key: `site:${site}`, balance: '0', scenario: 'ok', ...fake });
    const a = await account(h, 'newapi', `${KEY}${site}`, {}, {}, `${server.baseUrl('newapi')}/site/${site}`);
    const [buys] = await computeBuys(h.core, { accounts: [a.id] });
    expect(buys!.models).toEqual([]);
    expect(buys!.priceList).toMatchObject({ state: 'none', fetchedAt: null, reason: expect.stringMatching(why) });
    expect(buys!.notes.join(' ')).toMatch(why);
    const error = await userError(estimate(h.core, { account: a.id, model: 'dall-e-3' }));
    expect(error.message).toMatch(/no price is known for dall-e-3/);
  });
});
