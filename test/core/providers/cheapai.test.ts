import { describe, expect, it } from 'vitest';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { fetchPackages, readPackages } from '../../../src/core/providers/cheapai.ts';
import { CHEAPAI_PACKS, CHEAPA_TOP_UPS, staticCatalog } from '../../../src/core/providers/catalogs.ts';
import { createHttpClient } from '../../../src/core/net/http.ts';
import { itClassifiesScenarios, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk_cheapai_test_key_123';

const p = useFakeProvider('cheapai', { key: KEY, balance: '123456' });
const { account, poll } = p;

describe('CheapAI adapter against the fake server', () => {
  it('reads the integer credit balance', async () => {
    account('ok');
    const out = await poll();
    expect(out).toMatchObject({ state: 'ok', httpStatus: 200, balance: { micros: 123_456_000_000, unit: 'credits' } });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/cheapai/v1/credits');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /Invalid API key/],
    ['expired_key', 'expired_key', 401, /expired/],
    ['insufficient_balance', 'insufficient_balance', 402, /Insufficient credits/],
    ['daily_cap', 'daily_cap_reached', 429, /Daily spend limit/],
    ['rate_limited', 'rate_limited', 429, /Too many requests/],
    ['error_in_200', 'invalid_key', 200, /Invalid API key/],
    ['wrong_types', 'bad_response', 200, /credits/],
    ...TRANSPORT_FAILURES,
  ]);

  it('an unknown key is an invalid key', async () => {
    const out = await pollOnce('cheapai', p.baseUrl(), 'sk_nobody');
    expect(out.state).toBe('invalid_key');
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    account('rate_limited', { retryAfter: '120' });
    expect((await poll()).retryAfterSeconds).toBe(120);
    const now = Date.parse('2026-11-21T10:00:00Z');
    account('rate_limited', { retryAfter: new Date(now + 90_000).toUTCString() });
    expect((await pollOnce('cheapai', p.baseUrl(), KEY, {}, {}, () => now)).retryAfterSeconds).toBe(90);
    account('rate_limited', { retryAfter: null });
    expect((await poll()).retryAfterSeconds).toBeNull();
  });

  it('times out a reply slower than the deadline, and one that drips', async () => {
    account('slow', { delayMs: 1500 });
    expect(await poll({}, { timeoutMs: 300 })).toMatchObject({
      state: 'timeout',
      message: expect.stringMatching(/no complete answer within 0\.3 s/),
    });
    account('drip', { delayMs: 100 });
    const started = Date.now();
    expect((await poll({}, { timeoutMs: 400 })).state).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a 10 MB body without holding it', async () => {
    account('huge_body');
    const out = await poll({}, { timeoutMs: 5000 });
    expect(out).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/larger than the 1048576-byte limit/),
    });
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startFakeServer();
    const url = closed.baseUrl('cheapai');
    await closed.close();
    expect(await pollOnce('cheapai', url, KEY)).toMatchObject({
      state: 'network_error',
      message: 'connection refused',
    });
  });
});

describe('CheapAI pack catalog', () => {
  const http = createHttpClient({ timeoutMs: 2000 });
  const withBody = (body: unknown, status = 200) =>
    account('ok', { fields: { packagesBody: body, packagesStatus: status } });

  it('reads the live /v1/packages catalog', async () => {
    const catalog = await fetchPackages({ baseUrl: p.baseUrl(), key: null, http });
    expect(catalog.source).toBe('live');
    expect(catalog.reason).toBeNull();
    // The fake serves seed 000's figures, so the live read must equal the static table.
    expect(catalog.packs).toEqual(CHEAPAI_PACKS);
    expect(p.server.requests.at(-1)!.path).toBe('/cheapai/v1/packages');
  });

  it('reads flat price fields, "$" prices and thousands separators', async () => {
    withBody([
      { name: 'starter', credits: '1,000,000', price: '$25', price_90d: '30', lifetime_price: 37.5, currency: 'usd' },
    ]);
    const catalog = await fetchPackages({ baseUrl: p.baseUrl(), key: KEY, http });
    expect(catalog).toEqual({
      source: 'live',
      reason: null,
      packs: [
        {
          provider: 'cheapai',
          name: 'starter',
          credits: '1000000',
          unit: 'credits',
          prices: [
            { validity: '30d', price: '25', currency: 'USD' },
            { validity: '90d', price: '30', currency: 'USD' },
            { validity: 'lifetime', price: '37.5', currency: 'USD' },
          ],
        },
      ],
    });
    expect(p.server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reads a list of priced options', async () => {
    withBody({
      data: [
        {
          id: 'pro',
          credits: 10000000,
          prices: [
            { validity: '30 days', price: 170 },
            { duration: 'lifetime', amount: '255.00' },
          ],
        },
      ],
    });
    const catalog = await fetchPackages({ baseUrl: p.baseUrl(), key: KEY, http });
    expect(catalog.packs).toEqual([
      {
        provider: 'cheapai',
        name: 'pro',
        credits: '10000000',
        unit: 'credits',
        prices: [
          { validity: '30d', price: '170', currency: 'USD' },
          { validity: 'lifetime', price: '255', currency: 'USD' },
        ],
      },
    ]);
  });

  it.each<[string, unknown, number]>([
    ['an empty list', { packages: [] }, 200],
    ['no list at all', { success: true, html: '<div>packs</div>' }, 200],
    ['a pack without a price', [{ name: 'starter', credits: 1000000 }], 200],
    ['a pack without credits', [{ name: 'starter', price: 25 }], 200],
    ['an unknown currency', [{ name: 'starter', credits: 1000000, price: 25, currency: 'EUR' }], 200],
    ['an HTML page', '<html><title>Packages</title></html>', 200],
    ['an error status', { error: 'Not found' }, 404],
  ])('falls back to the static table on %s', async (_what, body, status) => {
    withBody(body, status);
    const catalog = await fetchPackages({ baseUrl: p.baseUrl(), key: KEY, http });
    expect(catalog.source).toBe('static');
    expect(catalog.reason).toMatch(/packages/);
    expect(catalog.packs).toEqual(CHEAPAI_PACKS);
  });

  it('falls back when the endpoint cannot be reached, and never hands out the shared table itself', async () => {
    const closed = await startFakeServer();
    const url = closed.baseUrl('cheapai');
    await closed.close();
    const catalog = await fetchPackages({ baseUrl: url, key: KEY, http });
    expect(catalog).toMatchObject({ source: 'static', reason: expect.stringMatching(/connection refused/) });
    catalog.packs[0]!.prices[0]!.price = '0';
    expect(CHEAPAI_PACKS[0]!.prices[0]!.price).toBe('25');
  });

  it('readPackages refuses what is not a catalog', () => {
    expect(readPackages(null)).toBeNull();
    expect(readPackages({ packages: 'starter' })).toBeNull();
    expect(readPackages([{ name: 'x', credits: 1, price: 'free' }])).toBeNull();
  });
});

describe('static seed catalogs', () => {
  it("hold CheapAI's five packs with seed 000's exact prices", () => {
    expect(CHEAPAI_PACKS.map((p) => [p.name, p.credits, ...p.prices.map((x) => `${x.validity}=${x.price}`)])).toEqual([
      ['starter', '1000000', '30d=25', '90d=30', 'lifetime=37.5'],
      ['standard', '5000000', '30d=90', '90d=108', 'lifetime=135'],
      ['pro', '10000000', '30d=170', '90d=204', 'lifetime=255'],
      ['business', '50000000', '30d=750', '90d=900', 'lifetime=1125'],
      ['enterprise', '100000000', '30d=1300', '90d=1560', 'lifetime=1950'],
    ]);
    expect(CHEAPAI_PACKS.every((p) => p.unit === 'credits' && p.prices.every((x) => x.currency === 'USD'))).toBe(true);
  });

  it("hold Cheapa's six USD top-up tiers, which never expire", () => {
    expect(
      CHEAPA_TOP_UPS.map((p) => `${p.name}:${p.credits}:${p.prices.map((x) => `${x.validity}=${x.price}`).join()}`),
    ).toEqual([
      'Starter:10:lifetime=10',
      'Standard:25:lifetime=25',
      'Developer:50:lifetime=50',
      'Team:100:lifetime=100',
      'Growth:250:lifetime=250',
      'Enterprise:500:lifetime=500',
    ]);
    expect(staticCatalog('cheapa')).toBe(CHEAPA_TOP_UPS);
    expect(staticCatalog('deepseek')).toEqual([]);
  });
});
