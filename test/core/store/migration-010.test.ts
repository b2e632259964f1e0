import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { migration010 } from '../../../src/core/store/migrations/010_import_runs.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('migration 010 (import runs)', () => {
  it('tags readings with their import run and records runs, keeping every reading as it was', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migration010.version - 1;
    migrate(db, MIGRATIONS, before);
    db.prepare(
      "INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_mig010', 'cheapai', 'a', 1, 1)",
    ).run();
    const insert = db.prepare(
      'INSERT INTO readings (account_pk, ts, state, balance, unit, message) VALUES (1, ?, ?, ?, ?, ?)',
    );
    insert.run(T0, 0, 5_000_000, 2, null);
    insert.run(T0 + 60_000, 9, null, null, 'timed out');
    const readings = db.prepare('SELECT * FROM readings ORDER BY ts').all();

    expect(migrate(db, MIGRATIONS, migration010.version)).toEqual([migration010.version]);
    expect(schemaVersion(db)).toBe(migration010.version);
    // The old rows read the same, with no run: they were polled, not imported.
    expect(db.prepare('SELECT * FROM readings ORDER BY ts').all()).toEqual(
      (readings as Array<Record<string, unknown>>).map((r) => ({ ...r, import_run: null })),
    );
    const run = db
      .prepare("INSERT INTO import_runs (state, started_at, updated_at, undo) VALUES ('applying', 1, 2, '{}')")
      .run().lastInsertRowid;
    insert.run(T0 + 120_000, 0, 4_000_000, 2, null);
    db.prepare('UPDATE readings SET import_run = ? WHERE ts = ?').run(run, T0 + 120_000);
    expect(db.prepare('SELECT ts FROM readings WHERE import_run = ?').pluck().all(run)).toEqual([T0 + 120_000]);
    expect(() =>
      db.prepare("INSERT INTO import_runs (state, started_at, updated_at, undo) VALUES ('odd', 1, 1, '{}')").run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
