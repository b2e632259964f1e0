import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion, SchemaTooNewError } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../../src/core/store/migrations/index.ts';
import type { Migration } from '../../../src/core/store/migrations/index.ts';

function memoryDb(): Database {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

function tables(db: Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);
}

describe('migrations', () => {
  it('are numbered from 1, always increasing', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    expect(LATEST_SCHEMA_VERSION).toBe(versions.at(-1));
  });

  it('bring an empty database to the latest version and are idempotent', () => {
    const db = memoryDb();
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toEqual([]);
  });

  it('001 from version 0 creates the tables with their constraints', () => {
    const db = memoryDb();
    migrate(db, MIGRATIONS, 1);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['accounts', 'alert_events', 'alert_state', 'packs', 'readings', 'settings']);
    db.prepare(
      `INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_a', 'cheapai', 'main', 1, 1)`,
    ).run();
    const pk = (db.prepare(`SELECT pk FROM accounts`).get() as { pk: number }).pk;
    db.prepare('INSERT INTO readings (account_pk, ts, state, balance, unit) VALUES (?, 1000, 0, 5, 2)').run(pk);
    // one reading per account per instant
    expect(() => db.prepare('INSERT INTO readings (account_pk, ts, state) VALUES (?, 1000, 0)').run(pk)).toThrow(
      /UNIQUE|PRIMARY/,
    );
    // readings must belong to an account
    expect(() => db.prepare('INSERT INTO readings (account_pk, ts, state) VALUES (999, 1, 0)').run()).toThrow(
      /FOREIGN KEY/,
    );
    // the poll floor is enforced by the schema too
    expect(() =>
      db
        .prepare(
          `INSERT INTO accounts (id, provider, label, poll_interval_s, created_at, updated_at) VALUES ('acc_b', 'x', 'y', 5, 1, 1)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    // purging an account takes its history with it
    db.prepare(`DELETE FROM accounts WHERE pk = ?`).run(pk);
    expect(db.prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: 0 });
  });

  it('roll a failing step back completely, keeping the previous version', () => {
    const db = memoryDb();
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).not.toContain('half_done');
  });

  it('refuse a database from a newer Burnrate', () => {
    const db = memoryDb();
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
  });
});
