import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { testService } from '../helpers/keyring.ts';
import { addAccount, bal, DAY, fail, HOUR, M, MIN, newCore, T0 } from '../core/analytics/fixtures.ts';
import { addPack } from '../../src/core/analytics/packs.ts';

const NOW = '2026-03-08T12:00:00.000Z';

/** Just enough typing to read status --json in assertions. */
interface AccountJson {
  id: string;
  burn: Record<string, unknown> & { perDay: string | null };
  runway: Record<string, unknown>;
  cap: (Record<string, unknown> & { fraction: number | null }) | null;
  packs: Array<Record<string, unknown>>;
  [key: string]: unknown;
}
interface StatusJson {
  generatedAt: string;
  accounts: AccountJson[];
}
const env = (home: string) => ({ BURNRATE_HOME: home, BURNRATE_KEYCHAIN_SERVICE: testService() });

/** A home built in-process (no keychain needed for what these commands read). */
async function seededHome(): Promise<{ home: string; ids: Record<string, string> }> {
  const home = tempDir();
  const core = newCore(home);
  const main = await addAccount(core, 'cheapai', 'main', { dailyCap: 40000 });
  const router = await addAccount(core, 'openrouter', 'router');
  addPack(core, { accountId: main.id, credits: '1000000', price: '25', purchasedAt: '2026-03-01', validity: '30d' });
  for (let t = T0; t <= Date.parse(NOW); t += 30 * MIN) {
    if (((t - T0) / MIN) % 330 === 30) fail(core, main, t, 'daily_cap_reached');
    else bal(core, main, t, 1_000_000 - (24_000 * (t - T0)) / DAY);
    const used = ((t % DAY) / HOUR) * 0.2;
    bal(core, router, t, 50 - (t - T0) / DAY, 'USD', {
      cap: {
        unit: 'USD',
        limit: 5 * M,
        used: Math.round(used * M),
        remaining: Math.round((5 - used) * M),
        resetAt: Math.floor(t / DAY) * DAY + DAY,
      },
    });
  }
  core.recordReading(
    main,
    {
      state: 'server_error',
      balance: null,
      httpStatus: 502,
      retryAfterSeconds: null,
      message: '=HYPERLINK("http://x"), "quoted"\nsecond line',
      cap: null,
      keyExpiresAt: null,
    },
    T0 + 7 * MIN,
  );
  core.close();
  return { home, ids: { main: main.id, router: router.id } };
}

describe('burnrate status', () => {
  it('prints the contract shape, with null for what is unknown', async () => {
    const { home, ids } = await seededHome();
    const empty = await addEmptyAccount(home);
    const res = await runCli(['status', '--now', NOW, '--json'], { env: env(home) });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const status = JSON.parse(res.stdout) as StatusJson;
    expect(status.generatedAt).toBe(NOW);
    expect(status.accounts.map((a) => a.id)).toEqual([ids.main, ids.router, empty]);
    const [main, router, blank] = status.accounts;
    for (const a of status.accounts) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          'id',
          'label',
          'provider',
          'state',
          'balance',
          'balanceAt',
          'valueUsd',
          'burn',
          'runway',
          'cap',
          'packs',
          'alerts',
        ]),
      );
      expect(Object.keys(a.burn)).toEqual(expect.arrayContaining(['perDay', 'unit', 'window']));
      expect(Object.keys(a.runway)).toEqual(expect.arrayContaining(['days', 'zeroAt', 'low', 'high']));
    }
    expect(main).toMatchObject({
      label: 'main',
      provider: 'cheapai',
      state: 'ok',
      balance: { unit: 'credits' },
      burn: { unit: 'credits', window: '7d' },
    });
    expect(Number(main!.burn.perDay)).toBeCloseTo(24_000, -2);
    expect(main!.cap).toMatchObject({ limit: '40000', resetAt: '2026-03-09T00:00:00.000Z', source: 'option' });
    expect(main!.cap!.fraction).toBeCloseTo(0.3, 2);
    expect(main!.packs).toHaveLength(1);
    expect(Object.keys(main!.packs[0]!)).toEqual(
      expect.arrayContaining(['id', 'credits', 'remaining', 'expiresAt', 'projectedUnused', 'projectedUnusedUsd']),
    );
    expect(router!.cap).toMatchObject({ limit: '5', source: 'provider' });
    expect(router!.cap!.fraction).toBeCloseTo(0.48, 2);
    expect(blank).toMatchObject({
      state: null,
      balance: null,
      balanceAt: null,
      valueUsd: null,
      cap: null,
      packs: [],
      alerts: [],
    });
    expect(blank!.burn).toMatchObject({ perDay: null, unit: null, window: null });
    expect(blank!.runway).toMatchObject({ days: null, zeroAt: null, low: null, high: null });

    const bad = await runCli(['status', '--now', 'yesterday', '--json'], { env: env(home) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^burnrate: --now expects an ISO 8601 date or time/);
  });
});

async function addEmptyAccount(home: string): Promise<string> {
  const core = newCore(home);
  const account = await addAccount(core, 'cheapa', 'empty');
  core.close();
  return account.id;
}

describe('burnrate export / import', () => {
  it.each(['csv', 'json'])(
    '%s: export then import into an empty home gives the same history and status',
    async (format) => {
      const { home, ids } = await seededHome();
      const file = path.join(tempDir(), `out.${format}`);
      const exported = await runCli(['export', '--format', format, '--out', file], { env: env(home) });
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toMatch(/^exported \d+ readings, 2 accounts and 1 packs to /);

      const fresh = tempDir();
      const imported = await runCli(['import', file, '--json'], { env: env(fresh) });
      expect(imported.stderr).toBe('');
      expect(JSON.parse(imported.stdout)).toMatchObject({
        format,
        duplicates: 0,
        packsImported: 1,
        accountsCreated: ['main', 'router'],
      });

      const [a, b] = await Promise.all([
        runCli(['status', '--now', NOW, '--json'], { env: env(home) }),
        runCli(['status', '--now', NOW, '--json'], { env: env(fresh) }),
      ]);
      // The same status, except that each account's figures now say they came from an import.
      expect(b.stdout).toContain('"source": "import"');
      expect(b.stdout.replaceAll('"source": "import"', '"source": "poll"')).toBe(a.stdout);
      const [ha, hb] = await Promise.all([
        runCli(['history', '--account', ids.main!, '--format', 'csv'], { env: env(home) }),
        runCli(['history', '--account', 'main', '--format', 'csv'], { env: env(fresh) }),
      ]);
      expect(hb.stdout).toBe(ha.stdout);
      expect(ha.stdout.split('\n').length).toBeGreaterThan(300);

      const again = await runCli(['import', file], { env: env(fresh) });
      expect(again.stdout).toMatch(/^imported 0 readings \(\d+ already there\), 0 packs\n$/);
    },
  );

  it('a malformed CSV is refused naming its line, and nothing from it is imported', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      file,
      [
        'timestamp,account,balance,unit,provider,label',
        '2026-03-01T00:00:00Z,acc_aaaaaaaaaaaa,100,credits,cheapai,main',
        '2026-03-01T00:01:00Z,acc_aaaaaaaaaaaa,"99,5",credits,cheapai,main',
        '2026-03-01T00:02:00Z,acc_aaaaaaaaaaaa,99,credits,cheapai,main',
      ].join('\n'),
    );
    const home = tempDir();
    const res = await runCli(['import', file], { env: env(home) });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('burnrate: line 3: balance "99,5" is not a decimal number; nothing was imported\n');
    const status = await runCli(['status', '--json'], { env: env(home) });
    expect(JSON.parse(status.stdout).accounts).toEqual([]);
  });

  it('history as JSON lists readings oldest first within --from/--to, and imports on its own', async () => {
    const { home } = await seededHome();
    const res = await runCli(
      [
        'history',
        '--account',
        'main',
        '--from',
        '2026-03-01T00:00:00Z',
        '--to',
        '2026-03-01T02:00:00Z',
        '--format',
        'json',
      ],
      { env: env(home) },
    );
    expect(res.stderr).toBe('');
    const readings = JSON.parse(res.stdout) as Array<{ at: string; state: string; message: string | null }>;
    expect(readings.map((r) => r.at)).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-01T00:07:00.000Z',
      '2026-03-01T00:30:00.000Z',
      '2026-03-01T01:00:00.000Z',
      '2026-03-01T01:30:00.000Z',
    ]);
    expect(readings[1]).toMatchObject({
      state: 'server_error',
      message: '=HYPERLINK("http://x"), "quoted"\nsecond line',
    });
    const file = path.join(tempDir(), 'h.json');
    fs.writeFileSync(file, res.stdout);
    const fresh = tempDir();
    const imported = await runCli(['import', file, '--json'], { env: env(fresh) });
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 5, accountsCreated: ['main'] });

    const csv = await runCli(['history', '--account', 'main', '--to', '2026-03-01T00:10:00Z', '--format', 'csv'], {
      env: env(home),
    });
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://x""), ""quoted""\nsecond line"`);
    expect((await runCli(['history', '--account', 'main'], { env: env(home) })).stderr).toMatch(
      /history needs --format csv\|json/,
    );
  });
});

describe('burnrate packs and settings', () => {
  it('adds a pack from the catalog, lists it with its ledger, and keeps settings checked', async () => {
    const { home, ids } = await seededHome();
    const added = await runCli(
      [
        'packs',
        'add',
        '--account',
        'main',
        '--pack',
        'standard',
        '--validity',
        '90d',
        '--purchased',
        '2026-03-05',
        '--json',
      ],
      { env: env(home) },
    );
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toMatchObject({
      accountId: ids.main,
      credits: '5000000',
      price: '108',
      currency: 'USD',
      validity: '90d',
      expiresAt: '2026-06-03T00:00:00.000Z',
    });
    const listed = JSON.parse(
      (await runCli(['packs', 'list', '--account', 'main', '--json'], { env: env(home) })).stdout,
    ) as Array<Record<string, unknown>>;
    expect(listed.map((p) => p.credits)).toEqual(['1000000', '5000000']);
    expect(listed[0]).toHaveProperty('projectedUnused');
    const refused = await runCli(
      [
        'packs',
        'add',
        '--account',
        'main',
        '--credits=0',
        '--price',
        '1',
        '--purchased',
        '2026-03-05',
        '--validity',
        '30d',
      ],
      { env: env(home) },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('burnrate: credits must be more than 0\n');

    const set = await runCli(['settings', 'set', 'cnyPerUsd=7.2', 'displayCurrency=CNY', '--json'], { env: env(home) });
    // The money settings, and (an added field) the alert settings.
    expect(JSON.parse(set.stdout)).toMatchObject({
      displayCurrency: 'CNY',
      cnyPerUsd: '7.2',
      usdPer1kCharacters: null,
      alerts: { lowBalanceRunwayDays: 3 },
    });
    const bad = await runCli(['settings', 'set', 'displayCurrency=USD', 'cnyPerUsd=abc'], { env: env(home) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('burnrate: cnyPerUsd must be a number such as 7.3\n');
    expect(JSON.parse((await runCli(['settings', 'get', '--json'], { env: env(home) })).stdout)).toMatchObject({
      displayCurrency: 'CNY',
      cnyPerUsd: '7.2',
    });
  });
});
