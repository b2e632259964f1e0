import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { LATEST_SCHEMA_VERSION } from '../../../src/core/store/migrations/index.ts';
import { tempDir } from '../../helpers/tmp.ts';

const fixedNow = () => new Date('2026-11-21T10:00:00.000Z');

describe('openDatabase', () => {
  it('creates a migrated database with the deliberate pragmas', () => {
    const file = path.join(tempDir(), 'nested', 'burnrate.db');
    const { db, movedAside } = openDatabase(file);
    expect(movedAside).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reopens an existing database without touching its data', () => {
    const file = path.join(tempDir(), 'burnrate.db');
    const first = openDatabase(file);
    first.db.prepare(`INSERT INTO settings (key, value) VALUES ('a', '1')`).run();
    first.db.close();
    const second = openDatabase(file);
    expect(second.movedAside).toBeNull();
    expect(second.db.prepare('SELECT value FROM settings').get()).toEqual({ value: '1' });
    second.db.close();
  });

  it('moves a garbage file aside with a timestamp and starts fresh, never deleting it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'burnrate.db');
    const garbage = Buffer.from('this is not a database, but it might be the only copy of something');
    fs.writeFileSync(file, garbage);
    const { db, movedAside } = openDatabase(file, { now: fixedNow });
    expect(movedAside?.reason).toMatch(/not a SQLite database/);
    expect(movedAside?.to).toBe(`${file}.unusable-2026-11-21T10-00-00-000Z`);
    expect(fs.readFileSync(movedAside!.to)).toEqual(garbage);
    expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    db.close();
  });

  it('moves aside a database from a newer schema version', () => {
    const file = path.join(tempDir(), 'burnrate.db');
    const future = new BetterSqlite3(file);
    future.exec('CREATE TABLE from_the_future (x)');
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    const { db, movedAside } = openDatabase(file, { now: fixedNow });
    expect(movedAside?.reason).toMatch(/newer than this Burnrate/);
    const kept = new BetterSqlite3(movedAside!.to, { readonly: true });
    expect(kept.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    kept.close();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('moves aside a SQLite file whose pages are damaged', () => {
    const file = path.join(tempDir(), 'burnrate.db');
    const { db } = openDatabase(file);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'x'.repeat(200));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 4096 * 2, 4096 * 6); // scribble over some b-tree pages, keep the header
    fs.writeFileSync(file, bytes);
    const reopened = openDatabase(file, { now: fixedNow });
    expect(reopened.movedAside?.reason).toMatch(/integrity|could not be read|malformed/);
    expect(fs.existsSync(reopened.movedAside!.to)).toBe(true);
    reopened.db.close();
  });

  it('does not overwrite an earlier moved-aside file from the same instant', () => {
    const dir = tempDir();
    const file = path.join(dir, 'burnrate.db');
    fs.writeFileSync(file, 'garbage one');
    openDatabase(file, { now: fixedNow }).db.close();
    fs.rmSync(file);
    fs.writeFileSync(file, 'garbage two');
    const second = openDatabase(file, { now: fixedNow });
    second.db.close();
    const aside = fs
      .readdirSync(dir)
      .filter((f) => f.includes('.unusable-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(aside.sort()).toEqual([
      'burnrate.db.unusable-2026-11-21T10-00-00-000Z',
      'burnrate.db.unusable-2026-11-21T10-00-00-000Z-2',
    ]);
  });
});
