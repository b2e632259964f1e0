import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/core.ts';
import { addAccount, bal, DAY, fail, HOUR, M, MIN, newCore, T0 } from './fixtures.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { queryHistory } from '../../../src/core/analytics/history.ts';
import { exportHistory, exportHistoryToFile } from '../../../src/core/analytics/export.ts';
import { importHistory, ImportError } from '../../../src/core/analytics/import.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';
import { setMoneySetting } from '../../../src/core/analytics/settings.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { databaseForTests } from '../../../src/core/core.ts';

const NOW = T0 + 9 * DAY + 5 * HOUR;
/** The homes' clock: just after the last reading, so alerts are evaluated on all of it. */
const CLOCK = NOW + MIN;

/** A home with the kinds of history that make a round trip hard. */
async function richHome(): Promise<Core> {
  const core = newCore(tempDir(), () => CLOCK);
  const cheap = await addAccount(core, 'cheapai', '=main, "primary"', { dailyCap: 50000, capResetUtc: '06:00' });
  const router = await addAccount(core, 'openrouter', 'router');
  const yuan = await addAccount(core, 'deepseek', 'ds');
  const gone = await addAccount(core, 'cheapa', 'old');
  setMoneySetting(core.repos.settings, 'cnyPerUsd', '7.1');
  setMoneySetting(core.repos.settings, 'displayCurrency', 'CNY');
  addPack(core, { accountId: cheap.id, credits: '1000000', price: '25', purchasedAt: '2026-03-01', validity: '30d' });
  addPack(core, {
    accountId: cheap.id,
    credits: '5000000',
    price: '108',
    purchasedAt: '2026-03-02T10:00:00Z',
    validity: '90d',
    note: 'bought, "on sale"',
  });
  for (let t = T0; t <= NOW; t += 20 * MIN) {
    const i = (t - T0) / (20 * MIN);
    if (i % 37 === 5) fail(core, cheap, t, 'rate_limited');
    else if (i % 101 === 7)
      core.recordReading(
        cheap,
        {
          state: 'server_error',
          balance: null,
          httpStatus: 502,
          retryAfterSeconds: 30,
          message: 'Bad gateway, "upstream"\n=cmd|calc',
          cap: null,
          keyExpiresAt: null,
        },
        t,
      );
    else bal(core, cheap, t, 6_000_000 - i * 333.333333 + (t > T0 + 4 * DAY ? 1_000_000 : 0));
    const used = ((t - T0) % DAY) / HOUR / 4;
    bal(core, router, t + 7, 90.5 - i * 0.01, 'USD', {
      cap: {
        unit: 'USD',
        limit: 10 * M,
        used: Math.round(used * M),
        remaining: Math.round((10 - used) * M),
        resetAt: Math.floor(t / DAY) * DAY + DAY,
      },
      keyExpiresAt: Date.parse('2027-12-31T23:59:59Z'),
    });
    if (i % 3 === 0) bal(core, yuan, t + 11, 110 - i * 0.05, 'CNY');
  }
  bal(core, gone, T0, 10, 'USD');
  await core.accounts.remove(gone.id);
  return core;
}

function everything(core: Core) {
  const ids = core.repos.accounts.listAll().map((a) => a.id);
  return queryHistory(core, { accountIds: ids, limit: 10_000, order: 'asc' });
}

function exportText(core: Core, format: 'csv' | 'json'): string {
  let text = '';
  exportHistory(core, { format }, (chunk) => (text += chunk));
  return text;
}

describe('export then import', () => {
  it.each(['csv', 'json'] as const)(
    '%s into an empty home reproduces the same history and the same status, alerts included',
    async (format) => {
      const source = await richHome();
      // the DeepSeek key is rejected at the end: an alert whose episode is on
      const ds = source.repos.accounts.findByIdOrLabel('ds')!;
      source.recordReading(
        ds,
        outcome({ state: 'invalid_key', httpStatus: 401, message: 'Authentication Fails' }),
        NOW + 13,
      );
      source.alerts.check(); // the minute check brings every episode up to date
      const sourceStatus = computeStatus(source, { now: CLOCK });
      expect(sourceStatus.accounts.find((a) => a.label === 'ds')!.alerts).toEqual([
        {
          kind: 'key_invalid',
          severity: 'critical',
          message: expect.stringMatching(/^DeepSeek · ds — /),
          phrase: { key: 'keyRejected', params: {} },
        },
      ]);
      const file = path.join(tempDir(), `history.${format}`);
      const summary = exportHistoryToFile(source, { format }, file);
      expect(summary.accounts).toBe(4);
      expect(summary.packs).toBe(2);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain('sk-test'); // keys never leave the keychain

      const target = newCore(tempDir(), () => CLOCK);
      const notified: unknown[] = [];
      target.alerts.on((e) => notified.push(e.silenced));
      const report = importHistory(target, text);
      expect(report.imported).toBe(summary.readings);
      expect(report.duplicates).toBe(0);
      expect(report.accountsCreated.sort()).toEqual(['=main, "primary"', 'ds', 'old', 'router']);
      expect(report.packsImported).toBe(2);
      expect(report.settingsApplied.sort()).toEqual(['cnyPerUsd', 'displayCurrency']);

      const before = everything(source);
      expect(before.total).toBe(summary.readings);
      expect(everything(target)).toEqual(before);
      // The same figures, except that they now say they came from an import.
      const imported = computeStatus(target, { now: NOW });
      expect(imported.accounts.filter((a) => a.asOf !== null).map((a) => a.source)).toEqual(
        imported.accounts.filter((a) => a.asOf !== null).map(() => 'import'),
      );
      const asPolled = (r: ReturnType<typeof computeStatus>) => ({
        ...r,
        accounts: r.accounts.map((a) => ({ ...a, source: a.source === 'import' ? 'poll' : a.source })),
      });
      expect(asPolled(imported)).toEqual(computeStatus(source, { now: NOW }));
      // the import evaluated the alerts: the same ones are on, restored without a notification
      expect(asPolled(computeStatus(target, { now: CLOCK }))).toEqual(sourceStatus);
      expect(notified.length).toBeGreaterThan(0);
      expect(new Set(notified)).toEqual(new Set(['imported']));
      expect(target.alerts.history().map((e) => e.silenced)).toEqual(notified);
      expect(target.alerts.pendingNotifications(0)).toEqual([]);
      expect(target.accounts.list()).toEqual(source.accounts.list().map((a) => ({ ...a, keyUpdatedAt: null })));

      // the same file again adds nothing
      const again = importHistory(target, text);
      expect(again).toMatchObject({ imported: 0, duplicates: summary.readings, accountsCreated: [], packsImported: 0 });
      expect(everything(target).total).toBe(before.total);
      source.close();
      target.close();
    },
  );

  it('quotes messages and neutralises formulas in the CSV', async () => {
    const source = await richHome();
    const csv = exportText(source, 'csv');
    const [header] = csv.split('\n');
    expect(header).toBe(
      'timestamp,account,balance,unit,state,http_status,retry_after_s,message,cap_unit,cap_limit,cap_used,cap_remaining,cap_reset_at,key_expires_at,provider,label,record,details',
    );
    expect(csv).toContain('"Bad gateway, ""upstream""\n=cmd|calc"');
    expect(csv).toContain(`"'=main, ""primary"""`);
    expect(csv).not.toMatch(/(^|,)=main/m);
    source.close();
  });
});

describe('import', () => {
  it.each(['csv', 'json'] as const)(
    'reads AIML API balances a %s file holds in raw credits (written before they were dollars) in dollars',
    async (format) => {
      const legacy = newCore();
      const aiml = await addAccount(legacy, 'aimlapi', 'aiml', { dailyCap: 4_000_000 });
      addPack(legacy, {
        accountId: aiml.id,
        credits: '20000000',
        price: '10',
        purchasedAt: '2026-03-01',
        validity: 'lifetime',
      });
      bal(legacy, aiml, T0, 9_000_000_000, 'credits'); // as stored before migration 003: $4,500
      bal(legacy, aiml, T0 + HOUR, 3, 'credits'); // 1.5 micro-dollars → 2
      const text = exportText(legacy, format);
      const core = newCore();
      expect(importHistory(core, text)).toMatchObject({ imported: 2, accountsCreated: ['aiml'], packsImported: 1 });
      const [account] = core.repos.accounts.list();
      expect(core.repos.readings.range(account!.pk, 0, T0 + DAY).map((r) => [r.balance, r.unit])).toEqual([
        [4_500_000_000, 'USD'],
        [2, 'USD'],
      ]);
      expect(account!.options).toEqual({ dailyCap: 2 });
      expect(databaseForTests(core).prepare('SELECT credits FROM packs').get()).toEqual({ credits: 10_000_000 });
      // a file written since holds dollars already: nothing is converted twice
      const again = newCore();
      importHistory(again, exportText(core, format));
      expect(
        again.repos.readings.range(again.repos.accounts.list()[0]!.pk, 0, T0 + DAY).map((r) => [r.balance, r.unit]),
      ).toEqual([
        [4_500_000_000, 'USD'],
        [2, 'USD'],
      ]);
      expect(databaseForTests(again).prepare('SELECT credits FROM packs').get()).toEqual({ credits: 10_000_000 });
      legacy.close();
      core.close();
      again.close();
    },
  );

  it('a malformed CSV names the bad line and imports nothing from it', () => {
    const core = newCore();
    const good = (minute: number, balance: string) =>
      `2026-03-01T00:${String(minute).padStart(2, '0')}:00Z,acc_aaaaaaaaaaaa,${balance},credits,ok,200,,,,,,,,,cheapai,main,,`;
    const lines = [
      'timestamp,account,balance,unit,state,http_status,retry_after_s,message,cap_unit,cap_limit,cap_used,cap_remaining,cap_reset_at,key_expires_at,provider,label,record,details',
      good(0, '1000'),
      good(1, '999'),
      good(2, '12abc'),
      good(3, '997'),
    ];
    expect(() => importHistory(core, lines.join('\n'))).toThrow(
      /^line 4: balance "12abc" is not a decimal number; nothing was imported$/,
    );
    expect(core.repos.accounts.listAll()).toEqual([]);
    expect(databaseForTests(core).prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: 0 });

    // every problem is listed with its line
    lines.push(
      '2026-03-01T00:05:00Z,acc_aaaaaaaaaaaa,5,euros,ok,200,,,,,,,,,cheapai,main,,',
      'not-a-time,acc_aaaaaaaaaaaa,5,credits,,,,,,,,,,,cheapai,main,,',
      'too,few',
    );
    try {
      importHistory(core, lines.join('\n'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).problems.map((p) => p.line)).toEqual([4, 6, 7, 8]);
      expect((error as ImportError).message).toMatch(/and 3 more problems/);
    }
    expect(databaseForTests(core).prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: 0 });
    core.close();
  });

  it('takes the minimal four columns for an account that exists, by id or label', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const report = importHistory(
      core,
      `timestamp,account,balance,unit\n2026-03-01T00:00:00Z,main,1000,credits\n2026-03-01T01:00:00+01:00,${account.id},990.5,credits\n2026-03-01 02:00:00,main,980,credits\n`,
    );
    expect(report).toMatchObject({ imported: 2, duplicates: 1, accountsCreated: [] });
    expect(
      core.repos.readings
        .range(account.pk, 0, Date.parse('2027-01-01'))
        .map((r) => [new Date(r.ts).toISOString(), r.balance]),
    ).toEqual([
      ['2026-03-01T00:00:00.000Z', 1000 * M],
      ['2026-03-01T02:00:00.000Z', 980 * M],
    ]);
    expect(() =>
      importHistory(core, 'timestamp,account,balance,unit\n2026-03-01T00:00:00Z,nobody,1,credits\n'),
    ).toThrow(/line 2: no account "nobody" here/);
    expect(() => importHistory(core, 'time,account,balance\n')).toThrow(
      /line 1: the header needs the columns timestamp,account,balance,unit/,
    );
    expect(() => importHistory(core, '')).toThrow(/empty/);
    core.close();
  });

  it('a malformed JSON file is refused with where the problem is', () => {
    const core = newCore();
    expect(() =>
      importHistory(core, '{"format":"burnrate-history","version":1,\n"readings":[\n{"accountId":"x",'),
    ).toThrow(/line 3: not valid JSON/);
    expect(() =>
      importHistory(
        core,
        JSON.stringify({
          format: 'burnrate-history',
          version: 1,
          accounts: [{ id: 'acc_aaaaaaaaaaaa', provider: 'cheapai', label: 'a' }],
          readings: [
            {
              accountId: 'acc_aaaaaaaaaaaa',
              at: '2026-03-01T00:00:00Z',
              state: 'ok',
              balance: { amount: '1', unit: 'coins' },
            },
          ],
        }),
      ),
    ).toThrow(/readings\[0\]: unit "coins" is not one of/);
    expect(core.repos.accounts.listAll()).toEqual([]);
    core.close();
  });
});

describe('history queries', () => {
  it('pages across accounts newest first, filters by state through the failed-readings index, and counts from rollups', async () => {
    const core = await richHome();
    const [cheap] = core.repos.accounts.list();
    const all = queryHistory(core, { accountIds: core.repos.accounts.listAll().map((a) => a.id), limit: 10_000 });
    const page = queryHistory(core, { limit: 5, offset: 3 });
    const active = queryHistory(core, { limit: 10_000 });
    expect(page.rows).toEqual(active.rows.slice(3, 8));
    expect(page.total).toBe(active.total);
    expect(all.total).toBe(active.total + 1); // the removed account's one reading
    const times = active.rows.map((r) => Date.parse(r.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const failures = queryHistory(core, {
      accountId: cheap!.id,
      states: ['rate_limited', 'server_error'],
      limit: 1000,
    });
    expect(failures.rows.length).toBe(failures.total);
    expect(failures.total).toBe(active.rows.filter((r) => r.accountId === cheap!.id && r.state !== 'ok').length);
    expect(new Set(failures.rows.map((r) => r.state))).toEqual(new Set(['rate_limited', 'server_error']));
    expect(failures.rows.find((r) => r.state === 'server_error')).toMatchObject({
      httpStatus: 502,
      retryAfterSeconds: 30,
      accountLabel: '=main, "primary"',
      provider: 'cheapai',
    });

    const window = { from: T0 + 30 * MIN + 1, to: T0 + DAY + 3 * HOUR + 17 * MIN };
    const okOnes = queryHistory(core, { accountId: cheap!.id, states: ['ok'], ...window, limit: 10_000 });
    const mixed = queryHistory(core, {
      accountId: cheap!.id,
      states: ['ok', 'rate_limited'],
      ...window,
      limit: 10_000,
    });
    const every = queryHistory(core, { accountId: cheap!.id, ...window, limit: 10_000 });
    expect(okOnes.total).toBe(okOnes.rows.length);
    expect(mixed.total).toBe(mixed.rows.length);
    expect(every.total).toBe(every.rows.length);
    expect(every.rows.every((r) => Date.parse(r.at) >= window.from && Date.parse(r.at) < window.to)).toBe(true);
    expect(okOnes.total).toBeLessThan(mixed.total);
    core.close();
  });
});
