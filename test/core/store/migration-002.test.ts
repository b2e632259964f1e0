import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { ReadingsRepo } from '../../../src/core/store/readings-repo.ts';
import { providerQuotaResets } from '../../../src/core/analytics/reset-policy.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('migration 002 (rollups)', () => {
  it('from version 1 with history: adds the tables, marks accounts for a rebuild, and the rebuild fills them', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 1);
    db.prepare(
      `INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_old', 'cheapai', 'old', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_empty', 'cheapai', 'empty', 1, 1)`,
    ).run();
    const insert = db.prepare('INSERT INTO readings (account_pk, ts, state, balance, unit) VALUES (1, ?, ?, ?, ?)');
    insert.run(T0, 0, 1000_000_000, 2);
    insert.run(T0 + HOUR, 9, null, null); // a timeout
    insert.run(T0 + 2 * HOUR, 0, 800_000_000, 2);

    expect(migrate(db, MIGRATIONS, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT * FROM rollup_dirty').all()).toEqual([{ account_pk: 1, from_ts: T0 }]);
    expect(db.prepare('SELECT count(*) AS n FROM rollup_hour').get()).toEqual({ n: 0 });

    migrate(db); // the repositories run on the latest schema
    const readings = new ReadingsRepo(db, providerQuotaResets);
    readings.rollups.ensureFresh();
    expect(db.prepare('SELECT count(*) AS n FROM rollup_dirty').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT bucket, n, n_ok, spend FROM rollup_hour ORDER BY bucket').all()).toEqual([
      { bucket: T0, n: 1, n_ok: 1, spend: 100_000_000 },
      { bucket: T0 + HOUR, n: 1, n_ok: 0, spend: 100_000_000 },
      { bucket: T0 + 2 * HOUR, n: 1, n_ok: 1, spend: 0 },
    ]);
    expect(db.prepare('SELECT bucket, n, spend, covered_ms FROM rollup_day').all()).toEqual([
      { bucket: T0, n: 3, spend: 200_000_000, covered_ms: 2 * HOUR },
    ]);

    // failed readings are in the partial index, ok ones are not
    const failed = db
      .prepare('SELECT ts FROM readings INDEXED BY readings_failed WHERE account_pk = 1 AND state <> 0 ORDER BY ts')
      .all();
    expect(failed).toEqual([{ ts: T0 + HOUR }]);

    // rollups and events go with a purged account
    db.prepare(`DELETE FROM accounts WHERE id = 'acc_old'`).run();
    expect(
      db.prepare('SELECT (SELECT count(*) FROM rollup_hour) + (SELECT count(*) FROM rollup_day) AS n').get(),
    ).toEqual({ n: 0 });
  });

  it('one hour bucket per account and hour; a second row for the same hour is refused', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    db.prepare(
      `INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_a', 'cheapai', 'a', 1, 1)`,
    ).run();
    db.prepare('INSERT INTO rollup_hour (account_pk, bucket) VALUES (1, ?)').run(T0);
    expect(() => db.prepare('INSERT INTO rollup_hour (account_pk, bucket) VALUES (1, ?)').run(T0)).toThrow(
      /UNIQUE|PRIMARY/,
    );
    expect(() =>
      db
        .prepare(
          'INSERT INTO balance_events (account_pk, ts, kind, amount, unit, prev_ts, prev_balance, balance) VALUES (1, 1, 3, 0, 0, 0, 0, 0)',
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
