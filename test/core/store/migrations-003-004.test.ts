import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { ReadingsRepo } from '../../../src/core/store/readings-repo.ts';
import { providerQuotaResets } from '../../../src/core/analytics/reset-policy.ts';
import { unitCode } from '../../../src/core/store/codes.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const CREDITS = unitCode('credits');
const USD = unitCode('USD');

describe('migration 003 (AIML API balances in US dollars)', () => {
  it('converts AIML history, packs and unit-bound settings from credits to dollars, and nothing else', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 2);
    const account = db.prepare(
      'INSERT INTO accounts (id, provider, label, options, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)',
    );
    account.run('acc_aiml01', 'aimlapi', 'aiml', JSON.stringify({ dailyCap: 4_000_000 }));
    account.run('acc_cheap01', 'cheapai', 'cheap', JSON.stringify({ dailyCap: 4_000_000 }));
    const reading = db.prepare('INSERT INTO readings (account_pk, ts, state, balance, unit) VALUES (?, ?, ?, ?, ?)');
    reading.run(1, T0, 0, 9_000_000_000 * 1_000_000, CREDITS); // 9e9 credits = $4,500
    reading.run(1, T0 + HOUR, 9, null, null); // a timeout
    reading.run(1, T0 + 2 * HOUR, 0, 8_000_000_001 * 1_000_000, CREDITS); // $4,000.0000005 → rounds up
    reading.run(1, T0 + 3 * HOUR, 0, 3 * 1_000_000, CREDITS); // 1.5 micro-dollars → 2
    reading.run(2, T0, 0, 500_000 * 1_000_000, CREDITS);
    db.prepare(
      'INSERT INTO packs (id, account_pk, credits, price, currency, purchased_at, validity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1)',
    ).run('pack_aiml01', 1, 20_000_000 * 1_000_000, 10_000_000, 'USD', T0, 'lifetime');
    const setting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    setting.run('alerts.account.acc_aiml01', JSON.stringify({ lowBalanceAmount: '2000000', lowBalanceRunwayDays: 3 }));
    setting.run('alerts.account.acc_cheap01', JSON.stringify({ lowBalanceAmount: '2000000' }));
    // a rollup built in credits before the migration
    db.prepare(
      'INSERT INTO rollup_hour (account_pk, bucket, unit, n, last_ts, last_balance) VALUES (1, ?, ?, 1, ?, ?)',
    ).run(T0, CREDITS, T0, 9_000_000_000 * 1_000_000);

    expect(migrate(db, MIGRATIONS, 3)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT account_pk, ts, balance, unit FROM readings ORDER BY account_pk, ts').all()).toEqual([
      { account_pk: 1, ts: T0, balance: 4_500_000_000, unit: USD },
      { account_pk: 1, ts: T0 + HOUR, balance: null, unit: null },
      { account_pk: 1, ts: T0 + 2 * HOUR, balance: 4_000_000_001, unit: USD },
      { account_pk: 1, ts: T0 + 3 * HOUR, balance: 2, unit: USD },
      { account_pk: 2, ts: T0, balance: 500_000_000_000, unit: CREDITS },
    ]);
    expect(db.prepare('SELECT credits FROM packs').get()).toEqual({ credits: 10_000_000 }); // 20,000,000 credits = $10
    const options = db.prepare('SELECT id, options FROM accounts ORDER BY pk').all() as Array<{
      id: string;
      options: string;
    }>;
    expect(options.map((o) => JSON.parse(o.options))).toEqual([{ dailyCap: 2 }, { dailyCap: 4_000_000 }]);
    const settings = db.prepare('SELECT key, value FROM settings ORDER BY key').all() as Array<{
      key: string;
      value: string;
    }>;
    expect(settings.map((s) => [s.key, JSON.parse(s.value)])).toEqual([
      ['alerts.account.acc_aiml01', { lowBalanceAmount: '1', lowBalanceRunwayDays: 3 }],
      ['alerts.account.acc_cheap01', { lowBalanceAmount: '2000000' }],
    ]);

    // the rollups are rebuilt in dollars on first use
    expect(db.prepare('SELECT account_pk, from_ts FROM rollup_dirty').all()).toEqual([{ account_pk: 1, from_ts: T0 }]);
    migrate(db); // the repositories run on the latest schema
    const readings = new ReadingsRepo(db, providerQuotaResets);
    readings.rollups.ensureFresh();
    expect(
      db
        .prepare('SELECT bucket, unit, last_balance, spend FROM rollup_hour WHERE account_pk = 1 ORDER BY bucket')
        .all(),
    ).toEqual([
      { bucket: T0, unit: USD, last_balance: 4_500_000_000, spend: 249_999_999 },
      { bucket: T0 + HOUR, unit: USD, last_balance: null, spend: 250_000_000 },
      { bucket: T0 + 2 * HOUR, unit: USD, last_balance: 4_000_000_001, spend: 3_999_999_999 },
      { bucket: T0 + 3 * HOUR, unit: USD, last_balance: 2, spend: 0 },
    ]);
  });
});

describe('migration 004 (history horizon)', () => {
  it('from version 3: an empty horizon table (nothing pruned), whose rows go with a purged account', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 3);
    db.prepare(
      `INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_old001', 'cheapai', 'old', 1, 1)`,
    ).run();
    expect(migrate(db, MIGRATIONS, 4)).toEqual([4]);
    expect(db.prepare('SELECT count(*) AS n FROM history_horizon').get()).toEqual({ n: 0 });
    migrate(db); // today's repositories read the latest schema
    expect(new ReadingsRepo(db, providerQuotaResets).rollups.horizon(1)).toBeNull();
    db.prepare('INSERT INTO history_horizon (account_pk, before_ts) VALUES (1, ?)').run(T0);
    expect(new ReadingsRepo(db, providerQuotaResets).rollups.horizon(1)).toBe(T0);
    db.prepare(`DELETE FROM accounts WHERE id = 'acc_old001'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM history_horizon').get()).toEqual({ n: 0 });
  });
});
