import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECK_AT_OPEN_MAX_BYTES,
  CHECK_FAILED_SUFFIX,
  checkDatabaseFile,
  DATABASE_FILE,
  openDatabase,
} from '../../../src/core/store/database.ts';
import { databaseForTests, openCore } from '../../../src/core/core.ts';
import { checkDatabaseAfterStart, FULL_CHECK_EVERY_MS } from '../../../src/core/database-check.ts';
import { databaseDamageNotice } from '../../../src/core/desktop/database-notice.ts';
import type { NotificationOptions } from '../../../src/core/desktop/notifier.ts';
import { inProcessJobRunner, workerJobRunner } from '../../../src/core/jobs/runner.ts';
import { JobCancelled } from '../../../src/core/jobs/control.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';

/**
 * A large database is not read page by page at every open (SQLite's quick_check reads all
 * of it: seconds for a year of history): the open looks at its header and schema, and the app
 * checks the whole file in a worker thread after start. Damage found there is kept beside the
 * file, the person is told, and the next open moves the file aside as it does a file found
 * damaged at open.
 */
const LIMIT = 64 * 1024;
const PAGE = 4096;

/** A database of about 600 KB, well over LIMIT, written back to its main file. */
function filled(file: string): void {
  const { db } = openDatabase(file);
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (let i = 0; i < 2500; i++) insert.run(`filler.${i}`, JSON.stringify('x'.repeat(200)));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Scribble over pages near the end of the file (the filler rows, not the schema). */
function damageData(file: string): void {
  const bytes = fs.readFileSync(file);
  bytes.fill(0xa5, bytes.length - 6 * PAGE, bytes.length - 2 * PAGE);
  fs.writeFileSync(file, bytes);
}

describe('a database too large to check at every open', () => {
  it('opens without the full check; the full check finds the damage, and the next open moves the file aside', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    filled(file);
    damageData(file);
    expect(fs.statSync(file).size).toBeGreaterThan(LIMIT);

    const opened = openDatabase(file, { checkAtOpenMaxBytes: LIMIT });
    expect(opened.movedAside).toBeNull();
    opened.db.close();

    const check = checkDatabaseFile(file, () => new Date('2026-11-30T12:00:00.000Z'));
    expect(check.problem).toMatch(/integrity check|could not be read|malformed/);
    expect(check.bytes).toBe(fs.statSync(file).size);
    const mark = JSON.parse(fs.readFileSync(file + CHECK_FAILED_SUFFIX, 'utf8')) as { at: string; problem: string };
    expect(mark).toEqual({ at: '2026-11-30T12:00:00.000Z', problem: check.problem });

    // The mark makes the next open check in full, whatever the size: moved aside, mark along.
    const next = openDatabase(file, { checkAtOpenMaxBytes: LIMIT });
    expect(next.movedAside?.reason).toMatch(/integrity check|could not be read|malformed/);
    expect(fs.existsSync(next.movedAside!.to + CHECK_FAILED_SUFFIX)).toBe(true);
    expect(fs.existsSync(file + CHECK_FAILED_SUFFIX)).toBe(false);
    next.db.close();
  });

  it('a sound file passes the full check and leaves no mark; a stale mark is checked and removed', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    filled(file);
    expect(checkDatabaseFile(file)).toEqual({ problem: null, bytes: fs.statSync(file).size });
    expect(fs.existsSync(file + CHECK_FAILED_SUFFIX)).toBe(false);

    // A mark beside a file that is fine now (put back from a backup): checked, kept, unmarked.
    fs.writeFileSync(file + CHECK_FAILED_SUFFIX, '{"at":"2026-11-01T00:00:00.000Z","problem":"earlier"}\n');
    const opened = openDatabase(file, { checkAtOpenMaxBytes: LIMIT });
    expect(opened.movedAside).toBeNull();
    expect(opened.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'filler.%'").get()).toEqual({
      n: 2500,
    });
    expect(fs.existsSync(file + CHECK_FAILED_SUFFIX)).toBe(false);
    opened.db.close();
  });

  it('a damaged header or schema is still found at open, however large the file', () => {
    const garbage = path.join(tempDir(), DATABASE_FILE);
    filled(garbage);
    const g = fs.readFileSync(garbage);
    g.write('not a database!!', 0, 'latin1');
    fs.writeFileSync(garbage, g);
    const a = openDatabase(garbage, { checkAtOpenMaxBytes: LIMIT });
    expect(a.movedAside?.reason).toBe('the file is not a SQLite database');
    a.db.close();

    // Page 1 past the 100-byte header holds the schema's root.
    const schema = path.join(tempDir(), DATABASE_FILE);
    filled(schema);
    const s = fs.readFileSync(schema);
    s.fill(0xa5, 100, PAGE);
    fs.writeFileSync(schema, s);
    const b = openDatabase(schema, { checkAtOpenMaxBytes: LIMIT });
    expect(b.movedAside?.reason).toMatch(/could not be read|malformed/);
    b.db.close();
  });

  it('the limit is what the open reads in full: a small damaged file is still moved aside at once', () => {
    expect(CHECK_AT_OPEN_MAX_BYTES).toBeGreaterThan(1024 * 1024);
    const file = path.join(tempDir(), DATABASE_FILE);
    filled(file);
    damageData(file);
    const opened = openDatabase(file);
    expect(opened.movedAside?.reason).toMatch(/integrity check|could not be read|malformed/);
    opened.db.close();
  });
});

describe('the check after start (the app)', () => {
  function notifications() {
    const shown: NotificationOptions[] = [];
    return {
      shown,
      isSupported: () => true,
      create(options: NotificationOptions) {
        return {
          show: () => void shown.push(options),
          on() {
            return undefined;
          },
        };
      },
    };
  }

  it('checks a large file in a worker thread; damage is logged, kept for the next start, and told in the locale', async () => {
    const home = tempDir();
    const file = path.join(home, DATABASE_FILE);
    filled(file);
    damageData(file);
    const core = openCore({ home, secrets: new MemorySecrets(), checkAtOpenMaxBytes: LIMIT });
    expect(core.movedAside).toBeNull();
    const n = notifications();
    const job = checkDatabaseAfterStart(core, {
      runner: workerJobRunner(),
      onDamage: databaseDamageNotice(core, n, 'zh-CN'),
      checkAtOpenMaxBytes: LIMIT,
    });
    expect(job).not.toBeNull();
    const check = await job!.result;
    expect(check.problem).toMatch(/integrity check|could not be read|malformed/);
    await expect.poll(() => n.shown.length).toBe(1);
    expect(n.shown[0]).toMatchObject({ title: 'Burnrate 的数据库已损坏', urgency: 'critical' });
    expect(n.shown[0]!.body).toContain('完整检查发现数据库文件已损坏');
    expect(check.problem).not.toContain('\n');
    core.close();

    // The next start (the CLI's or the app's, at the usual limit) moves it aside.
    const next = openCore({ home, secrets: new MemorySecrets() });
    expect(next.movedAside?.reason).toMatch(/integrity check|could not be read|malformed/);
    expect(next.repos.accounts.list()).toEqual([]);
    next.close();
  }, 30_000);

  it('a file the open checked already is not checked again; a sound one tells nobody and is not read again for a week', async () => {
    const home = tempDir();
    const small = openCore({ home, secrets: new MemorySecrets() });
    const n = notifications();
    const onDamage = databaseDamageNotice(small, n);
    expect(checkDatabaseAfterStart(small, { runner: inProcessJobRunner(), onDamage })).toBeNull();
    small.close();

    filled(path.join(home, DATABASE_FILE));
    const core = openCore({ home, secrets: new MemorySecrets(), checkAtOpenMaxBytes: LIMIT });
    const deps = { runner: inProcessJobRunner(), onDamage, checkAtOpenMaxBytes: LIMIT };
    const job = checkDatabaseAfterStart(core, deps);
    expect(await job!.result).toMatchObject({ problem: null });
    await new Promise((r) => setImmediate(r));
    // Passed: not read again at the next start within a week, read again after it.
    expect(checkDatabaseAfterStart(core, deps)).toBeNull();
    const later = openCore({
      home,
      secrets: new MemorySecrets(),
      checkAtOpenMaxBytes: LIMIT,
      now: () => Date.now() + FULL_CHECK_EVERY_MS + 1,
    });
    const again = checkDatabaseAfterStart(later, deps);
    expect(await again!.result).toMatchObject({ problem: null });
    later.close();
    expect(n.shown).toEqual([]);
    expect(fs.existsSync(path.join(home, DATABASE_FILE + CHECK_FAILED_SUFFIX))).toBe(false);
    expect(databaseForTests(core).pragma('quick_check', { simple: true })).toBe('ok');
    core.close();
  });

  it('cancelling the check in a worker stops it outright (quitting does not wait for it)', async () => {
    const home = tempDir();
    filled(path.join(home, DATABASE_FILE));
    const core = openCore({ home, secrets: new MemorySecrets(), checkAtOpenMaxBytes: LIMIT });
    const runner = workerJobRunner();
    const job = runner.start(core, { kind: 'check-database' });
    job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(JobCancelled);
    expect(runner.running()).toEqual([]);
    await runner.close();
    core.close();
  });
});
