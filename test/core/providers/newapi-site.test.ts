import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeSite } from '../../../src/core/providers/fake/types.ts';
import { newapi } from '../../../src/core/providers/newapi.ts';
import { readNewApiSite, resolveQuotaUnits } from '../../../src/core/providers/newapi-site.ts';
import { runPoll } from '../../../src/core/providers/run.ts';
import { parseOptions } from '../../../src/core/providers/options.ts';
import type { SiteUnits } from '../../../src/shared/site.ts';
import { createHttpClient } from '../../../src/core/net/http.ts';
import type { HttpClient } from '../../../src/core/net/http.ts';

const KEY = 'sk-newapisitetest0123456789abcdef';
const Q = 1_000_000; // micros per quota
const NOW = Date.parse('2026-11-21T10:00:00Z');

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const http = () => createHttpClient({ timeoutMs: 2000 });
const readSite = (site: FakeSite) => {
  server.setSite('newapi', site);
  return readNewApiSite({ baseUrl: server.baseUrl('newapi'), http: http(), now: () => NOW });
};

describe('GET /api/status: the site publishes its own units', () => {
  it('reads quota_per_unit, quota_display_type and usd_exchange_rate, sending no key', async () => {
    const before = server.requests.length;
    expect(await readSite({ quotaPerUnit: 1_000_000, displayType: 'CNY', usdExchangeRate: 7.1 })).toEqual({
      ok: true,
      units: { quotaPerUnit: '1000000', displayType: 'CNY', usdExchangeRate: '7.1' },
    });
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/newapi/api/status']);
    expect(sent[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent[0]!.headers)).not.toMatch(/Bearer|sk-/);
  });

  it("new-api's defaults: 500,000 per USD, USD, 7.3", async () => {
    expect(await readSite({})).toEqual({
      ok: true,
      units: { quotaPerUnit: '500000', displayType: 'USD', usdExchangeRate: '7.3' },
    });
  });

  it('one-api and older new-api publish only display_in_currency: true = USD, false = raw tokens', async () => {
    expect(await readSite({ flavor: 'one-api', quotaPerUnit: 250_000 })).toEqual({
      ok: true,
      units: { quotaPerUnit: '250000', displayType: 'USD', usdExchangeRate: null },
    });
    expect(await readSite({ statusReply: 'legacy', displayType: 'TOKENS' })).toEqual({
      ok: true,
      units: { quotaPerUnit: '500000', displayType: 'TOKENS', usdExchangeRate: null },
    });
  });

  it('a site that does not say its quota per unit reads as null (the default applies later)', async () => {
    expect(await readSite({ statusReply: 'silent' })).toMatchObject({ ok: true, units: { quotaPerUnit: null } });
  });

  it.each<[string, FakeSite, string, RegExp]>([
    ['an HTML page', { statusReply: 'html' }, 'not_json', /^HTML page instead of JSON \(Sign in\)$/],
    ['a 404', { statusReply: 'not_found' }, 'http_status', /^HTTP 404/],
    ['a 500', { statusReply: 'server_error' }, 'http_status', /^HTTP 500: 数据库连接失败$/],
    ['success:false', { statusReply: 'refused' }, 'refused', /maintenance/],
    ['no data object', { statusReply: 'no_data' }, 'malformed', /at data/],
    [
      'a quota_per_unit that is not a number',
      { statusReply: 'bad_quota_per_unit' },
      'malformed',
      /^quota_per_unit is not a positive number: "lots"$/,
    ],
  ])('%s is a failure with a named reason', async (_what, site, reason, message) => {
    const read = await readSite(site);
    expect(read).toMatchObject({ ok: false, reason });
    expect(read.ok ? '' : read.message).toMatch(message);
  });

  it('an unreachable site is "unreachable", never an exception', async () => {
    const closed = await startFakeServer();
    const baseUrl = closed.baseUrl('newapi');
    await closed.close();
    expect(await readNewApiSite({ baseUrl, http: http(), now: () => NOW })).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
  });

  it("reads the gateway's own reply shape (controller/misc.go GetStatus)", async () => {
    const body = JSON.stringify({
      success: true,
      message: '',
      data: {
        version: 'v0.9.1',
        start_time: 1763600000,
        system_name: 'New API',
        quota_per_unit: 500000,
        display_in_currency: true,
        quota_display_type: 'CUSTOM',
        custom_currency_symbol: '€',
        custom_currency_exchange_rate: 0.92,
        usd_exchange_rate: 7.25,
        price: 7.3,
        setup: true,
      },
    });
    const stored: HttpClient = {
      async request(req) {
        expect(req.headers?.authorization).toBeUndefined();
        return { status: 200, headers: {}, text: body, url: req.url, credentialsWithheldAt: null };
      },
    };
    expect(await readNewApiSite({ baseUrl: 'https://relay.example.com', http: stored, now: () => NOW })).toEqual({
      ok: true,
      units: { quotaPerUnit: '500000', displayType: 'CUSTOM', usdExchangeRate: '7.25' },
    });
  });
});

describe('the units an account uses: its options, else the site, else the defaults', () => {
  const site: SiteUnits = { quotaPerUnit: '1000000', displayType: 'CNY', usdExchangeRate: '7.1' };

  it('the site decides when the account sets nothing', () => {
    expect(resolveQuotaUnits({}, site, '7.2')).toEqual({
      quotaPerUnit: { value: '1000000', source: 'site' },
      billingUnit: { value: 'CNY', source: 'site' },
      exchangeRate: { value: '7.1', source: 'site' },
    });
  });

  it("an option set on the account overrides the site's word", () => {
    expect(resolveQuotaUnits({ quotaPerUnit: 250000, currency: 'USD', exchangeRate: 6.9 }, site, '7.2')).toEqual({
      quotaPerUnit: { value: '250000', source: 'option' },
      billingUnit: { value: 'USD', source: 'option' },
      exchangeRate: { value: '6.9', source: 'option' },
    });
  });

  it('with nothing from the site: 500,000 per USD, a USD display, and the cnyPerUsd setting for a CNY one', () => {
    expect(resolveQuotaUnits({}, null, '7.2')).toEqual({
      quotaPerUnit: { value: '500000', source: 'default' },
      billingUnit: { value: 'USD', source: 'default' },
      exchangeRate: { value: '7.2', source: 'setting' },
    });
    expect(
      resolveQuotaUnits({}, { quotaPerUnit: null, displayType: null, usdExchangeRate: null }, '7.2'),
    ).toMatchObject({ quotaPerUnit: { source: 'default' }, exchangeRate: { source: 'setting' } });
  });

  it('CUSTOM and TOKENS displays: the billing endpoints speak USD and raw tokens', () => {
    expect(resolveQuotaUnits({}, { ...site, displayType: 'CUSTOM' }, '7.2').billingUnit.value).toBe('USD');
    expect(resolveQuotaUnits({}, { ...site, displayType: 'TOKENS' }, '7.2').billingUnit.value).toBe('tokens');
  });

  it('quotaPerUnit must be a positive number', () => {
    expect(parseOptions(newapi, { quotaPerUnit: '1000000' })).toEqual({ quotaPerUnit: 1_000_000 });
    expect(() => parseOptions(newapi, { quotaPerUnit: '0' })).toThrow(/quotaPerUnit.*more than 0/);
    expect(() => parseOptions(newapi, { quotaPerUnit: 'lots' })).toThrow(/quotaPerUnit.*expected a number/);
  });
});

describe("billing endpoints read with the site's units", () => {
  // A gateway without /api/usage/token/: the figures come from the billing routes, which
  // speak the site's display unit divided by the site's own quota_per_unit.
  const poll = async (siteState: FakeSite, units: SiteUnits | null, options = {}) => {
    server.setSite('newapi', siteState);
    server.setAccount('newapi', {
      key: KEY,
      balance: '2000000',
      scenario: 'ok',
      cap: { limit: null, used: '500000' },
      fields: { tokenUsageRoute: false },
    });
    return runPoll(newapi, {
      baseUrl: server.baseUrl('newapi'),
      key: KEY,
      options,
      http: http(),
      now: () => NOW,
      site: { units, cnyPerUsd: '7.2' },
    });
  };

  it('a site at 1,000,000 per unit: $2.50 in the billing reply is 2,500,000 quota', async () => {
    const units: SiteUnits = { quotaPerUnit: '1000000', displayType: 'USD', usdExchangeRate: '7.3' };
    expect(await poll({ quotaPerUnit: 1_000_000 }, units)).toMatchObject({
      state: 'ok',
      balance: { micros: 2_000_000 * Q, unit: 'quota' },
      cap: { limit: 2_500_000 * Q, used: 500_000 * Q },
    });
  });

  it("a CNY display at the site's own rate, and a CUSTOM one (billed in USD)", async () => {
    const cny: SiteUnits = { quotaPerUnit: '1000000', displayType: 'CNY', usdExchangeRate: '7.1' };
    expect(await poll({ quotaPerUnit: 1_000_000, displayType: 'CNY', usdExchangeRate: 7.1 }, cny)).toMatchObject({
      balance: { micros: 2_000_000 * Q },
    });
    const custom: SiteUnits = { quotaPerUnit: '500000', displayType: 'CUSTOM', usdExchangeRate: '7.3' };
    expect(await poll({ displayType: 'CUSTOM' }, custom)).toMatchObject({ balance: { micros: 2_000_000 * Q } });
  });

  it('without the site units the old assumption (500,000 per USD) reads such a site wrong, which is why they are read', async () => {
    expect(await poll({ quotaPerUnit: 1_000_000 }, null)).toMatchObject({ balance: { micros: 1_000_000 * Q } });
    // The account's own quotaPerUnit option fixes it when the site cannot be read.
    expect(await poll({ quotaPerUnit: 1_000_000 }, null, { quotaPerUnit: 1_000_000 })).toMatchObject({
      balance: { micros: 2_000_000 * Q },
    });
  });
});
