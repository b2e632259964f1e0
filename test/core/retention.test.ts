import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import type { StoredAccount } from '../../src/core/store/accounts-repo.ts';
import { computeStatus } from '../../src/core/analytics/status.ts';
import { balanceSeries, dailySpendSeries } from '../../src/core/analytics/series.ts';
import { historyExtent, queryHistory } from '../../src/core/analytics/history.ts';
import { exportHistory } from '../../src/core/analytics/export.ts';
import { importHistory } from '../../src/core/analytics/import.ts';
import { addPack, listPacks } from '../../src/core/analytics/packs.ts';
import { spendBetween } from '../../src/core/analytics/spend.ts';
import { unitCode } from '../../src/core/store/codes.ts';
import { recordManualBalance } from '../../src/core/manual.ts';
import { stateSegments } from '../../src/core/window/states.ts';
import { readSettings, writeSettings } from '../../src/core/window/settings.ts';
import { pruneHistory, retentionCutoff, startRetention } from '../../src/core/retention.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { addAccount, bal, DAY, fail, HOUR, M, MIN } from './analytics/fixtures.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { FakeClock } from '../helpers/clock.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** 120 days of history, a little past midnight so the horizon is not the range's end. */
const NOW = T0 + 120 * DAY + 5 * HOUR + 7 * MIN;
const CUTOFF = retentionCutoff(NOW, 30);
const STEP = 20 * MIN;

function open(home: string, now = () => NOW): Core {
  return openCore({ home, secrets: new MemorySecrets(), now });
}

/**
 * One home with 120 days of readings every 20 minutes: a credits account spending unevenly
 * with a failure now and then and top-ups (one in the span that will be pruned), a packed
 * purchase there too, and a USD account. Closed, so its directory can be copied.
 */
async function buildHome(): Promise<string> {
  const home = tempDir();
  const core = open(home);
  const credits = await addAccount(core, 'cheapai', 'main', { dailyCap: 60000 });
  const usd = await addAccount(core, 'openrouter', 'router');
  // Hour-aligned purchases: the pack ledger's boundaries then fall on rollup buckets.
  addPack(core, {
    accountId: credits.id,
    credits: '2000000',
    price: '50',
    purchasedAt: new Date(T0 + 40 * DAY).toISOString(),
    validity: '90d',
  });
  addPack(core, {
    accountId: credits.id,
    credits: '1000000',
    price: '25',
    purchasedAt: new Date(T0 + 100 * DAY + 3 * HOUR).toISOString(),
    validity: '30d',
  });
  let balance = 3_000_000;
  for (let t = T0; t <= NOW; t += STEP) {
    const i = (t - T0) / STEP;
    if (i % 53 === 11) {
      fail(core, credits, t, i % 2 ? 'rate_limited' : 'server_error');
      continue;
    }
    balance -= 20 + (i % 17) * 3 + ((t / HOUR) % 24 < 8 ? 0 : 40);
    if (t === T0 + 40 * DAY || t === T0 + 100 * DAY + 3 * HOUR) balance += t === T0 + 40 * DAY ? 2_000_000 : 1_000_000;
    bal(core, credits, t, balance);
    bal(core, usd, t + 11_000, 400 - i * 0.0031, 'USD');
  }
  core.close();
  return home;
}

/** The same history twice: one home pruned, one kept whole, so every figure can be compared. */
async function twins(): Promise<{ kept: Core; pruned: Core; credits: StoredAccount; usd: StoredAccount }> {
  const home = await buildHome();
  const copy = tempDir();
  fs.cpSync(home, copy, { recursive: true });
  const kept = open(home);
  const pruned = open(copy);
  const [credits, usd] = pruned.repos.accounts.list() as [StoredAccount, StoredAccount];
  return { kept, pruned, credits, usd };
}

const rawCount = (core: Core, account: StoredAccount, before: number) =>
  (
    databaseForTests(core)
      .prepare('SELECT count(*) AS n FROM readings WHERE account_pk = ? AND ts < ?')
      .get(account.pk, before) as {
      n: number;
    }
  ).n;

describe('data retention', () => {
  it('keeps everything by default', async () => {
    const { pruned, credits } = await twins();
    expect(readSettings(pruned).retentionDays).toBeNull();
    expect(await pruneHistory(pruned)).toEqual({ retentionDays: null, before: null, accounts: 0, deleted: 0 });
    expect(rawCount(pruned, credits, NOW)).toBeGreaterThan(8000);
  });

  it('prunes raw readings before a day boundary, keeps rollups, events and the reading that links the chain', async () => {
    const { kept, pruned, credits, usd } = await twins();
    const rollupRows = (core: Core) =>
      databaseForTests(core).prepare('SELECT * FROM rollup_hour ORDER BY account_pk, bucket').all();
    const events = (core: Core) =>
      databaseForTests(core).prepare('SELECT * FROM balance_events ORDER BY account_pk, ts').all();
    const before = rawCount(pruned, credits, CUTOFF) + rawCount(pruned, usd, CUTOFF);

    writeSettings(pruned, { retentionDays: 30 });
    const report = await pruneHistory(pruned);
    expect(report).toEqual({ retentionDays: 30, before: '2026-04-01T00:00:00.000Z', accounts: 2, deleted: before - 2 });
    expect(CUTOFF).toBe(Date.parse('2026-04-01T00:00:00Z'));
    // one reading per account is left before the horizon: the last balance before it
    for (const account of [credits, usd]) {
      const left = pruned.repos.readings.range(account.pk, 0, CUTOFF);
      expect(left).toHaveLength(1);
      expect(left[0]).toEqual(
        kept.repos.readings
          .range(account.pk, CUTOFF - DAY, CUTOFF)
          .filter((r) => r.balance !== null)
          .at(-1),
      );
      expect(pruned.repos.readings.rollups.horizon(account.pk)).toBe(CUTOFF);
    }
    expect(rollupRows(pruned)).toEqual(rollupRows(kept));
    expect(events(pruned)).toEqual(events(kept));
    // the readings after the horizon are untouched
    expect(pruned.repos.readings.range(credits.pk, CUTOFF, NOW + 1)).toEqual(
      kept.repos.readings.range(credits.pk, CUTOFF, NOW + 1),
    );

    // a second run has nothing left to do
    expect(await pruneHistory(pruned)).toMatchObject({ accounts: 0, deleted: 0 });
  });

  it('leaves status, series, daily spend, packs, history and export working over the pruned span', async () => {
    const { kept, pruned, credits, usd } = await twins();
    await pruneHistory(pruned, { days: 30 });

    // status at now: balance, burn windows, runway, cap, packs, suggested packs — all the same
    expect(computeStatus(pruned, { now: NOW })).toEqual(computeStatus(kept, { now: NOW }));
    expect(listPacks(pruned, credits.id, { now: NOW })).toEqual(listPacks(kept, credits.id, { now: NOW }));
    // and in the past, inside the pruned span (from the rollups)
    const past = NOW - 60 * DAY;
    const pastPruned = computeStatus(pruned, { now: past }).accounts[0]!;
    const pastKept = computeStatus(kept, { now: past }).accounts[0]!;
    expect(pastPruned.balance).toEqual(pastKept.balance);
    expect(pastPruned.balanceAt).toEqual(pastKept.balanceAt);

    for (const account of [credits, usd]) {
      // a one-day chart 60 days ago comes from the hours (the kept home draws the same range from hours at 24 points)
      const day = { from: T0 + 60 * DAY + 30 * MIN, to: T0 + 61 * DAY + 30 * MIN };
      const fine = balanceSeries(pruned, account.id, { ...day, maxPoints: 2000 });
      expect(fine.source).toBe('hours');
      expect(fine.t.length).toBeGreaterThan(20);
      expect(fine).toEqual(balanceSeries(kept, account.id, { ...day, maxPoints: 24 }));
      // the whole history, across the horizon
      const all = { from: T0, to: NOW + 1, maxPoints: 500 };
      expect(balanceSeries(pruned, account.id, all)).toEqual(balanceSeries(kept, account.id, all));
      // a week after the horizon is still drawn from the readings
      const week = { from: CUTOFF + DAY, to: CUTOFF + 8 * DAY, maxPoints: 2000 };
      expect(balanceSeries(pruned, account.id, week)).toMatchObject({ source: 'readings' });
      expect(balanceSeries(pruned, account.id, week)).toEqual(balanceSeries(kept, account.id, week));
      expect(dailySpendSeries(pruned, account.id, { from: T0, to: NOW })).toEqual(
        dailySpendSeries(kept, account.id, { from: T0, to: NOW }),
      );
      expect(historyExtent(pruned, account.pk)).toEqual(historyExtent(kept, account.pk));
    }

    // spend over a range with sub-hour ends in the pruned span: whole hours exact, the ends apportioned
    const code = unitCode('credits');
    const from = T0 + 50 * DAY + 25 * MIN;
    const to = T0 + 52 * DAY + 2 * HOUR + 50 * MIN;
    const a = spendBetween(pruned.repos.readings.rollups, credits.pk, code, from, to);
    const b = spendBetween(kept.repos.readings.rollups, credits.pk, code, from, to);
    expect(a.topups).toBe(b.topups);
    expect(Math.abs(a.spend - b.spend)).toBeLessThanOrEqual(200 * M); // well under an hour's spend (up to 324 credits) at each edge
    expect(Math.abs(a.coveredMs - b.coveredMs)).toBeLessThanOrEqual(HOUR);
    // a range wholly in the pruned span with hour-aligned ends is exact
    expect(
      spendBetween(pruned.repos.readings.rollups, credits.pk, code, T0 + 50 * DAY, T0 + 52 * DAY + 3 * HOUR),
    ).toEqual(spendBetween(kept.repos.readings.rollups, credits.pk, code, T0 + 50 * DAY, T0 + 52 * DAY + 3 * HOUR));

    // history lists what is left, and counts exactly that
    const ids = [credits.id, usd.id];
    const page = queryHistory(pruned, { accountIds: ids, limit: 10_000, order: 'asc' });
    expect(page.total).toBe(page.rows.length);
    expect(page.rows.filter((r) => Date.parse(r.at) < CUTOFF)).toHaveLength(2);
    const recent = { accountIds: ids, from: CUTOFF, limit: 10_000 };
    expect(queryHistory(pruned, recent)).toEqual(queryHistory(kept, recent));
    expect(queryHistory(pruned, { ...recent, from: T0 + 10 * DAY, to: T0 + 20 * DAY })).toEqual({ total: 0, rows: [] });
    expect(queryHistory(pruned, { accountIds: ids, states: ['ok'], limit: 1 }).total).toBe(
      page.rows.filter((r) => r.state === 'ok').length,
    );

    // the key-state timeline starts at the horizon instead of drawing the kept reading as months of ok
    const states = stateSegments(pruned, credits.pk, T0, NOW);
    expect(states[0]!.from).toBeGreaterThanOrEqual(CUTOFF);
    expect(stateSegments(pruned, credits.pk, CUTOFF, NOW)).toEqual(stateSegments(kept, credits.pk, CUTOFF, NOW));

    // export writes the readings that are left
    let csv = '';
    const summary = exportHistory(pruned, { format: 'csv' }, (chunk) => (csv += chunk));
    expect(summary.readings).toBe(page.total);
    const lines = csv.split('\n').filter((l) => l.startsWith('2026-02-'));
    expect(lines).toHaveLength(1); // February is pruned: only the pack bought then is in it
    expect(lines[0]).toContain(',pack,');
  });

  it('new readings after the horizon, out of order or imported, never rebuild the pruned span', async () => {
    const { kept, pruned, credits } = await twins();
    await pruneHistory(pruned, { days: 30 });
    const dailyBefore = dailySpendSeries(pruned, credits.id, { from: T0, to: CUTOFF });
    expect(dailyBefore).toEqual(dailySpendSeries(kept, credits.id, { from: T0, to: CUTOFF }));

    // an out-of-order reading just after the horizon replays from the horizon, not from the kept reading's day
    bal(pruned, credits, CUTOFF + 10 * MIN + 1, 1_000_000);
    bal(kept, kept.repos.accounts.list()[0]!, CUTOFF + 10 * MIN + 1, 1_000_000);
    expect(dailySpendSeries(pruned, credits.id, { from: T0, to: CUTOFF })).toEqual(dailyBefore);
    expect(dailySpendSeries(pruned, credits.id, { from: CUTOFF, to: NOW })).toEqual(
      dailySpendSeries(kept, credits.id, { from: CUTOFF, to: NOW }),
    );

    // a reading before the horizon is not stored: it could not be rolled up
    expect(
      pruned.repos.readings.insert({
        accountPk: credits.pk,
        ts: CUTOFF - DAY + 1,
        state: 'ok',
        balance: M,
        unit: 'credits',
        httpStatus: 200,
        retryAfterSeconds: null,
        cap: null,
        keyExpiresAt: null,
        message: null,
      }),
    ).toBe(false);
    const file = `timestamp,account,balance,unit\n${new Date(CUTOFF - 5 * DAY).toISOString()},main,5,credits\n${new Date(NOW + MIN).toISOString()},main,5,credits\n`;
    expect(importHistory(pruned, file)).toMatchObject({ imported: 1, duplicates: 0, beforeRetention: 1 });
    expect(dailySpendSeries(pruned, credits.id, { from: T0, to: CUTOFF })).toEqual(dailyBefore);

    // the next poll links to the last reading as before
    pruned.recordReading(
      credits,
      outcome({ state: 'ok', httpStatus: 200, balance: { micros: 4 * M, unit: 'credits' } }),
      NOW + 2 * MIN,
    );
    expect(computeStatus(pruned, { now: NOW + 2 * MIN }).accounts[0]!.balance).toEqual({
      amount: '4',
      unit: 'credits',
    });
  });

  it('a hand-kept balance cannot be recorded before the horizon', async () => {
    const home = tempDir();
    const core = open(home);
    const account = await addAccount(core, 'gptimage2', 'manual');
    for (let t = T0; t < NOW; t += DAY) recordManualBalance(core, account, String(1000 - (t - T0) / DAY), t);
    await pruneHistory(core, { days: 30 });
    expect(() => recordManualBalance(core, account, '5', CUTOFF - HOUR)).toThrow(
      /before 2026-04-01T00:00:00.000Z were pruned/,
    );
    expect(recordManualBalance(core, account, '5', CUTOFF + HOUR)).toMatchObject({ balance: 5 * M });
    core.close();
  });

  it('moves the horizon forward only, and keeps a new linking reading each time', async () => {
    const { pruned, credits } = await twins();
    await pruneHistory(pruned, { days: 60 });
    const first = retentionCutoff(NOW, 60);
    expect(pruned.repos.readings.rollups.horizon(credits.pk)).toBe(first);
    await pruneHistory(pruned, { days: 30 });
    expect(pruned.repos.readings.rollups.horizon(credits.pk)).toBe(CUTOFF);
    expect(pruned.repos.readings.range(credits.pk, 0, CUTOFF)).toHaveLength(1);
    // a longer period later cannot bring readings back; the horizon stays
    expect(await pruneHistory(pruned, { days: 90 })).toMatchObject({ accounts: 0, deleted: 0 });
    expect(pruned.repos.readings.rollups.horizon(credits.pk)).toBe(CUTOFF);
  });

  it('runs once a UTC day and when the setting changes, on an injected clock, and stops between batches', async () => {
    const home = await buildHome();
    const clock = new FakeClock(NOW);
    const core = open(home, () => clock.now);
    const [credits] = core.repos.accounts.list() as [StoredAccount];
    const errors: unknown[] = [];
    const runner = startRetention(core, {
      timers: clock,
      now: () => clock.now,
      onError: (e) => errors.push(e),
      startDelayMs: 60_000,
      checkEveryMs: HOUR,
    });

    await clock.advance(2 * 60_000);
    await runner.idle();
    expect(core.repos.readings.rollups.horizon(credits.pk)).toBeNull(); // nothing set: everything kept

    writeSettings(core, { retentionDays: 60 });
    await runner.idle();
    expect(core.repos.readings.rollups.horizon(credits.pk)).toBe(retentionCutoff(NOW, 60));

    // the next UTC day moves the horizon by a day
    await clock.advance(DAY);
    await runner.idle();
    expect(core.repos.readings.rollups.horizon(credits.pk)).toBe(retentionCutoff(NOW + DAY, 60));
    expect(errors).toEqual([]);

    // stopping during a prune ends it between batches; the next run finishes the job
    const cutoff = retentionCutoff(clock.now, 30);
    writeSettings(core, { retentionDays: 30 });
    await runner.stop();
    expect(rawCount(core, credits, cutoff)).toBeGreaterThan(1);
    expect(await pruneHistory(core)).toMatchObject({ retentionDays: 30, before: new Date(cutoff).toISOString() });
    expect(rawCount(core, credits, cutoff)).toBe(1);
    core.close();
    expect(fs.existsSync(path.join(home, 'burnrate.db'))).toBe(true);
  });
});
