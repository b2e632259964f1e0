import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { addAccount, bal, DAY, fail, HOUR, M, MIN, newCore, rng, T0 } from '../analytics/fixtures.ts';
import { spendBetween } from '../../../src/core/analytics/spend.ts';
import { unitCode } from '../../../src/core/store/codes.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { databaseForTests } from '../../../src/core/core.ts';

const CREDITS = unitCode('credits');

function snapshot(db: Database, pk: number) {
  const q = (sql: string) => db.prepare(sql).all(pk);
  return {
    hours: q('SELECT * FROM rollup_hour WHERE account_pk = ? ORDER BY bucket'),
    days: q('SELECT * FROM rollup_day WHERE account_pk = ? ORDER BY bucket'),
    events: q('SELECT * FROM balance_events WHERE account_pk = ? ORDER BY ts'),
  };
}

describe('rollups', () => {
  it('kept on each insert equal a full rebuild from the readings', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const random = rng(7);
    let t = T0 + 17 * MIN;
    let balance = 2_000_000;
    for (let i = 0; i < 1500; i++) {
      t += Math.floor(random() * 20 * MIN) + 1000;
      if (random() < 0.01) t += Math.floor(random() * 2 * DAY); // offline for a while
      if (random() < 0.1) {
        fail(core, account, t);
        continue;
      }
      balance -= Math.floor(random() * 5000);
      if (random() < 0.01) balance += 1_000_000;
      bal(core, account, t, balance + 0.123456);
    }
    const incremental = snapshot(databaseForTests(core), account.pk);
    expect(incremental.events.length).toBeGreaterThan(3);
    core.repos.readings.rollups.markDirty(account.pk, 0);
    core.repos.readings.rollups.ensureFresh();
    expect(snapshot(databaseForTests(core), account.pk)).toEqual(incremental);
    // and the spend in the rollups is every decrease, exactly
    const readings = core.repos.readings.range(account.pk, 0, t + 1).filter((r) => r.balance !== null);
    let decreases = 0;
    let increases = 0;
    for (let i = 1; i < readings.length; i++) {
      const d = readings[i]!.balance! - readings[i - 1]!.balance!;
      if (d < 0) decreases -= d;
      else increases += d;
    }
    const totals = spendBetween(core.repos.readings.rollups, account.pk, CREDITS, 0, t + 1);
    expect(totals.spend).toBe(decreases);
    expect(totals.topups).toBe(increases);
    core.close();
  });

  it('are kept for readings stored through core.recordReading (the poller’s path)', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    core.recordReading(
      account,
      outcome({ state: 'ok', httpStatus: 200, balance: { micros: 500 * M, unit: 'credits' } }),
      T0,
    );
    core.recordReading(account, outcome({ state: 'timeout' }), T0 + 10 * MIN);
    core.recordReading(
      account,
      outcome({ state: 'ok', httpStatus: 200, balance: { micros: 440 * M, unit: 'credits' } }),
      T0 + 20 * MIN,
    );
    expect(
      databaseForTests(core)
        .prepare('SELECT n, n_ok, spend, covered_ms FROM rollup_day WHERE account_pk = ?')
        .all(account.pk),
    ).toEqual([{ n: 3, n_ok: 2, spend: 60 * M, covered_ms: 20 * MIN }]);
    core.close();
  });

  it('spread a polling gap over the hours and days it covers', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    bal(core, account, T0 + 12 * HOUR, 100_000);
    bal(core, account, T0 + 2 * DAY + 12 * HOUR, 52_000); // offline for two days: 48,000 used
    const days = databaseForTests(core)
      .prepare('SELECT bucket, spend, covered_ms FROM rollup_day WHERE account_pk = ? ORDER BY bucket')
      .all(account.pk);
    expect(days).toEqual([
      { bucket: T0, spend: 12_000 * M, covered_ms: 12 * HOUR },
      { bucket: T0 + DAY, spend: 24_000 * M, covered_ms: DAY },
      { bucket: T0 + 2 * DAY, spend: 12_000 * M, covered_ms: 12 * HOUR },
    ]);
    const hours = databaseForTests(core)
      .prepare('SELECT count(*) AS n, sum(spend) AS s FROM rollup_hour WHERE account_pk = ?')
      .get(account.pk);
    expect(hours).toEqual({ n: 49, s: 48_000 * M }); // 48 hours of spread + the second reading's own hour
    core.close();
  });

  it('keep failed readings as counts without breaking the spend chain', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    bal(core, account, T0 + 10 * MIN, 1000);
    fail(core, account, T0 + 20 * MIN, 'server_error');
    fail(core, account, T0 + 30 * MIN, 'timeout');
    bal(core, account, T0 + 40 * MIN, 970);
    const hour = databaseForTests(core)
      .prepare(
        'SELECT n, n_ok, spend, first_balance, last_balance, min_balance, max_balance FROM rollup_hour WHERE account_pk = ?',
      )
      .get(account.pk);
    expect(hour).toEqual({
      n: 4,
      n_ok: 2,
      spend: 30 * M,
      first_balance: 1000 * M,
      last_balance: 970 * M,
      min_balance: 970 * M,
      max_balance: 1000 * M,
    });
    core.close();
  });

  it('rebuild after an out-of-order insert, and an import skips readings it already has', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    bal(core, account, T0, 1000);
    bal(core, account, T0 + 2 * HOUR, 800);
    bal(core, account, T0 + HOUR, 950); // arrives late
    const hours = databaseForTests(core)
      .prepare('SELECT bucket, spend FROM rollup_hour WHERE account_pk = ? ORDER BY bucket')
      .all(account.pk);
    expect(hours).toEqual([
      { bucket: T0, spend: 50 * M },
      { bucket: T0 + HOUR, spend: 150 * M },
      { bucket: T0 + 2 * HOUR, spend: 0 },
    ]);
    const record = core.repos.readings.latest(account.pk)!;
    const again = core.repos.readings.insertMany([record, { ...record, ts: T0 + 3 * HOUR, balance: 700 * M }]);
    expect(again).toEqual({ inserted: 1, skipped: 1, beforeHorizon: 0 });
    expect(spendBetween(core.repos.readings.rollups, account.pk, CREDITS, T0, T0 + 4 * HOUR).spend).toBe(300 * M);
    core.close();
  });

  it('count an increase of a resetting quota as a reset, not a top-up', async () => {
    const core = newCore();
    const account = await addAccount(core, 'elevenlabs', 'voice');
    bal(core, account, T0, 10_000, 'characters');
    bal(core, account, T0 + HOUR, 4_000, 'characters');
    bal(core, account, T0 + 2 * HOUR, 100_000, 'characters'); // the monthly quota came back
    bal(core, account, T0 + 3 * HOUR, 99_000, 'characters');
    const t = spendBetween(core.repos.readings.rollups, account.pk, unitCode('characters'), T0, T0 + 4 * HOUR);
    expect(t).toEqual({ spend: 7_000 * M, topups: 0, resets: 1, coveredMs: 2 * HOUR });
    core.close();
  });

  it('follow the provider of whoever holds an integer key now (a purged account’s key is reused)', async () => {
    const core = newCore();
    const voice = await addAccount(core, 'elevenlabs', 'voice');
    bal(core, voice, T0, 10, 'characters');
    bal(core, voice, T0 + HOUR, 20, 'characters'); // a reset
    await core.accounts.remove(voice.id, true);
    const wallet = await addAccount(core, 'cheapai', 'wallet');
    expect(wallet.pk).toBe(voice.pk);
    bal(core, wallet, T0, 10);
    bal(core, wallet, T0 + HOUR, 20); // a top-up this time
    expect(spendBetween(core.repos.readings.rollups, wallet.pk, CREDITS, T0, T0 + DAY)).toMatchObject({
      topups: 10 * M,
      resets: 0,
    });
    core.close();
  });

  it('treat an increase after a reported cap reset as a reset', async () => {
    const core = newCore();
    const account = await addAccount(core, 'openrouter', 'router');
    const cap = (resetAt: number) => ({
      cap: { unit: 'USD' as const, limit: 10 * M, used: null, remaining: null, resetAt },
    });
    bal(core, account, T0 + 22 * HOUR, 3, 'USD', cap(T0 + DAY));
    bal(core, account, T0 + 23 * HOUR, 2, 'USD', cap(T0 + DAY));
    bal(core, account, T0 + 25 * HOUR, 9, 'USD', cap(T0 + 2 * DAY)); // key limit reset at midnight
    bal(core, account, T0 + 26 * HOUR, 12, 'USD', cap(T0 + 2 * DAY)); // a real top-up
    const t = spendBetween(core.repos.readings.rollups, account.pk, unitCode('USD'), T0, T0 + 2 * DAY);
    expect(t).toMatchObject({ spend: 1 * M, topups: 3 * M, resets: 1 });
    core.close();
  });
});
