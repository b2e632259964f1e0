import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { pollAccount } from '../../src/core/poll-account.ts';
import { computeStatus } from '../../src/core/analytics/status.ts';
import { setMoneySetting } from '../../src/core/analytics/settings.ts';
import {
  quotaUnitsFor,
  refreshSiteSettings,
  SITE_REFRESH_MS,
  SITE_RETRY_MS,
  siteSettingsView,
  storedSiteSettings,
} from '../../src/core/site-settings.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeSite } from '../../src/core/providers/fake/types.ts';
import type { StoredAccount } from '../../src/core/store/accounts-repo.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { FakeClock } from '../helpers/clock.ts';

const KEY = 'sk-sitesettings-0123456789abcdef';
const T0 = Date.parse('2026-11-21T10:00:00Z');
const HOUR = 60 * 60_000;

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

const clock = new FakeClock(T0);
const open: Core[] = [];
beforeEach(() => {
  clock.now = T0;
  // 2,000,000 quota left on the token.
  fake.setAccount('newapi', { key: KEY, balance: '2000000', scenario: 'ok', cap: { limit: null, used: '0' } });
});
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function site(state: FakeSite) {
  fake.setSite('newapi', state);
}

async function setup(options: Record<string, string> = {}, label = 'relay') {
  const core = openCore({ home: tempDir(), secrets: new MemorySecrets(), now: () => clock.now });
  open.push(core);
  return { core, account: await add(core, options, label) };
}

async function add(core: Core, options: Record<string, string> = {}, label = 'relay'): Promise<StoredAccount> {
  const added = await core.accounts.add({
    provider: 'newapi',
    label,
    baseUrl: fake.baseUrl('newapi'),
    key: KEY,
    options,
  });
  return core.accounts.require(added.id);
}

const statusReads = () => fake.requests.filter((r) => r.path === '/newapi/api/status');
const valueUsd = (core: Core, id: string) => computeStatus(core).accounts.find((a) => a.id === id)!.valueUsd;

describe("new-api quota is valued at its site's own quota_per_unit", () => {
  it('a site at 1,000,000 per unit: 2,000,000 quota is $2, not $4', async () => {
    site({ quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    const result = await pollAccount(core, account);
    expect(result).toMatchObject({ kind: 'polled', outcome: { state: 'ok', balance: { unit: 'quota' } } });
    expect(valueUsd(core, account.id)).toBe('2');
    expect(storedSiteSettings(core, account)).toMatchObject({
      readAt: T0,
      checkedAt: T0,
      units: { quotaPerUnit: '1000000', displayType: 'USD', usdExchangeRate: '7.3' },
      error: null,
    });
  });

  it('falls back to 500,000 when the site does not say', async () => {
    site({ statusReply: 'silent', quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    await pollAccount(core, account);
    expect(quotaUnitsFor(core, account)?.quotaPerUnit).toEqual({ value: '500000', source: 'default' });
    expect(valueUsd(core, account.id)).toBe('4');
  });

  it('--set quotaPerUnit overrides what the site says', async () => {
    site({ quotaPerUnit: 1_000_000 });
    const { core, account } = await setup({ quotaPerUnit: '250000' });
    await pollAccount(core, account);
    expect(quotaUnitsFor(core, account)?.quotaPerUnit).toEqual({ value: '250000', source: 'option' });
    expect(valueUsd(core, account.id)).toBe('8');
  });

  it("is valued in CNY with the cnyPerUsd setting, never the site's own rate", async () => {
    site({ quotaPerUnit: 1_000_000, displayType: 'CNY', usdExchangeRate: 7 });
    const { core, account } = await setup();
    setMoneySetting(core.repos.settings, 'cnyPerUsd', '7.2');
    setMoneySetting(core.repos.settings, 'displayCurrency', 'CNY');
    await pollAccount(core, account);
    const status = computeStatus(core).accounts[0]!;
    expect(status.valueUsd).toBe('2');
    expect(status.value).toEqual({ amount: '14.4', currency: 'CNY' }); // $2 × 7.2, not × 7
  });
});

describe('reading /api/status: once a day per base URL, and on account add', () => {
  it('is read at the first poll, then not again until a day has passed', async () => {
    site({ quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    const before = statusReads().length;
    await pollAccount(core, account);
    clock.now += 23 * HOUR;
    await pollAccount(core, account);
    expect(statusReads().length - before).toBe(1);

    site({ quotaPerUnit: 2_000_000 }); // the admin changes it
    clock.now += HOUR;
    await pollAccount(core, account);
    expect(statusReads().length - before).toBe(2);
    expect(storedSiteSettings(core, account)).toMatchObject({
      readAt: T0 + 24 * HOUR,
      units: { quotaPerUnit: '2000000' },
    });
    expect(valueUsd(core, account.id)).toBe('1');
  });

  it('accounts on one base URL share one read', async () => {
    site({ quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    const other = await add(core, {}, 'relay 2');
    const before = statusReads().length;
    await Promise.all([pollAccount(core, account), pollAccount(core, other)]);
    await pollAccount(core, other);
    expect(statusReads().length - before).toBe(1);
    expect(valueUsd(core, other.id)).toBe('2');
  });

  it('an account add reads it at once, even when it was read within the day', async () => {
    site({ quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    await pollAccount(core, account);
    site({ quotaPerUnit: 400_000 });
    clock.now += HOUR;
    const before = statusReads().length;
    const added = await add(core, {}, 'relay 2');
    expect(await refreshSiteSettings(core, added, { force: true })).toMatchObject({
      units: { quotaPerUnit: '400000' },
    });
    expect(statusReads().length - before).toBe(1);
  });

  it('an HTML reply is stored with its named reason, keeps what was last read, and is tried again after an hour', async () => {
    site({ quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    await pollAccount(core, account);
    site({ statusReply: 'html' });
    clock.now += SITE_REFRESH_MS;
    await pollAccount(core, account);
    expect(storedSiteSettings(core, account)).toMatchObject({
      readAt: T0,
      checkedAt: T0 + SITE_REFRESH_MS,
      units: { quotaPerUnit: '1000000' },
      error: { reason: 'not_json', message: 'HTML page instead of JSON (Sign in)' },
    });
    expect(valueUsd(core, account.id)).toBe('2'); // still the site's last word
    expect(siteSettingsView(core, account)).toMatchObject({
      readAt: new Date(T0).toISOString(),
      published: { quotaPerUnit: '1000000' },
      lastError: { reason: 'not_json', at: new Date(T0 + SITE_REFRESH_MS).toISOString() },
      inUse: { quotaPerUnit: { value: '1000000', source: 'site' } },
    });

    const before = statusReads().length;
    clock.now += SITE_RETRY_MS - 1;
    await pollAccount(core, account);
    expect(statusReads().length).toBe(before);
    site({ quotaPerUnit: 1_000_000 });
    clock.now += 1;
    await pollAccount(core, account);
    expect(statusReads().length).toBe(before + 1);
    expect(storedSiteSettings(core, account)).toMatchObject({ error: null, readAt: clock.now });
  });

  it('a site that never answers with its settings is valued at the default, and the poll goes on', async () => {
    site({ statusReply: 'bad_quota_per_unit', quotaPerUnit: 1_000_000 });
    const { core, account } = await setup();
    const result = await pollAccount(core, account);
    expect(result).toMatchObject({ kind: 'polled', outcome: { state: 'ok' } });
    expect(storedSiteSettings(core, account)).toMatchObject({
      readAt: null,
      error: { reason: 'malformed', message: 'quota_per_unit is not a positive number: "lots"' },
    });
    expect(valueUsd(core, account.id)).toBe('4');
  });

  it('no key is ever sent to /api/status; the poll itself still carries it', async () => {
    for (const statusReply of ['ok', 'html', 'not_found', 'refused'])
      for (const auth of [{}, { auth: 'access_token', userId: '42' }] as Array<Record<string, string>>) {
        site({ statusReply });
        const { core, account } = await setup(auth, `relay ${statusReply} ${Object.keys(auth).length}`);
        const before = fake.requests.length;
        await pollAccount(core, account);
        const sent = fake.requests.slice(before);
        expect(sent[0]!.path).toBe('/newapi/api/status');
        expect(sent[0]!.headers.authorization).toBeUndefined();
        expect(sent[0]!.headers['new-api-user']).toBeUndefined();
        expect(JSON.stringify(sent[0]!.headers)).not.toContain(KEY);
        expect(sent.slice(1).every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
      }
  });

  it('providers that publish no site settings are never asked', async () => {
    const core = openCore({ home: tempDir(), secrets: new MemorySecrets(), now: () => clock.now });
    open.push(core);
    fake.setAccount('cheapai', { key: 'sk_cheap_site', balance: '100', scenario: 'ok' });
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'cheap',
      baseUrl: fake.baseUrl('cheapai'),
      key: 'sk_cheap_site',
    });
    const account = core.accounts.require(added.id);
    const before = fake.requests.length;
    expect(await refreshSiteSettings(core, account, { force: true })).toBeNull();
    await pollAccount(core, account);
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/cheapai/v1/credits']);
    expect(quotaUnitsFor(core, account)).toBeNull();
  });
});
