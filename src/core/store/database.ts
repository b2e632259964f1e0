import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate, SchemaTooNewError } from './migrate.ts';
import os from 'node:os';
import { log } from '../log/log.ts';

export const DATABASE_FILE = 'burnrate.db';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A file up to this size gets SQLite's quick_check at every open. The check reads every page
 * (about 4 ms a MiB here: 2 s for a year of 20 accounts polled every minute, ten times that
 * with a cold disk cache), which no start of the app or the CLI should wait for. A larger file
 * opens after a look at its header and its schema; the app checks it in full in a worker
 * thread after start (`checkDatabaseFile`). What that check finds is kept beside the file, and
 * the next open checks the file in full again and moves it aside.
 */
export const CHECK_AT_OPEN_MAX_BYTES = 4 * 1024 * 1024;

/** Beside the database: what a full check found wrong with it (JSON: at, problem). */
export const CHECK_FAILED_SUFFIX = '.check-failed';

export interface OpenedDatabase {
  db: Database;
  file: string;
  /** Set when an unusable file was found and moved aside; the app tells the user. */
  movedAside: { from: string; to: string; reason: string } | null;
}

export interface OpenDatabaseOptions {
  now?: () => Date;
  /**
   * A second connection to a database another connection of this app has opened and checked
   * (a worker thread's): no integrity check, nothing moved aside; a problem is an error.
   */
  attach?: boolean;
  /** See CHECK_AT_OPEN_MAX_BYTES (tests set it lower). */
  checkAtOpenMaxBytes?: number;
}

/**
 * Open (creating if needed) the database file, set the pragmas, and migrate it.
 *
 * A file that is not SQLite, fails its integrity check, or has a schema newer than this
 * build understands is never deleted: it is renamed `<name>.unusable-<timestamp>` (with
 * its -wal/-shm companions) and a fresh database is started in its place.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  if (options.attach) {
    const db = new BetterSqlite3(file, { fileMustExist: true });
    configure(db);
    migrate(db);
    return { db, file, movedAside: null };
  }
  // Balances and spending are private: the folder and the files are for this user only.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  tightenFolder(path.dirname(file));
  let movedAside: OpenedDatabase['movedAside'] = null;

  const problem = inspect(file, options.checkAtOpenMaxBytes ?? CHECK_AT_OPEN_MAX_BYTES);
  if (problem) {
    movedAside = moveAside(file, problem, now());
    log.error('moved an unusable database aside and started a new one', movedAside);
  }

  let db: Database | undefined;
  try {
    db = connect(file);
    logMigrations(file, migrate(db));
  } catch (error) {
    closeQuietly(db);
    if (movedAside) throw error; // a fresh file failed: nothing more we can safely do
    const reason =
      error instanceof SchemaTooNewError
        ? error.message
        : `the database could not be opened (${(error as Error).message})`;
    movedAside = moveAside(file, reason, now());
    log.error('moved an unusable database aside and started a new one', { err: error, ...movedAside });
    db = connect(file);
    logMigrations(file, migrate(db));
  }
  return { db, file, movedAside };
}

function connect(file: string): Database {
  const db = new BetterSqlite3(file);
  restrictPermissions(file);
  configure(db);
  return db;
}

function configure(db: Database): void {
  // WAL: the poller writes while the window and the CLI read; readers never block the
  // writer and a crash mid-write cannot corrupt committed data.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a crash of this process (the WAL is in the OS's
  // hands); only a power cut can lose the last few commits, never corrupt the file. FULL
  // would fsync every reading for little gain.
  db.pragma('synchronous = NORMAL');
  // The app and the CLI may write at once: wait for the other writer instead of failing
  // with SQLITE_BUSY. Writes are short, so 5 s is generous.
  db.pragma('busy_timeout = 5000');
  // SQLite ships with foreign keys off; purging an account relies on ON DELETE CASCADE.
  db.pragma('foreign_keys = ON');
}

/**
 * An existing data folder (made by an older version, a sync tool, by hand) is tightened to
 * 0700 every time it is opened: group and others lose every bit. Only a folder this user owns,
 * and never a shared one — sticky (/tmp), the home folder itself, the filesystem root — which
 * BURNRATE_HOME could name by mistake.
 */
export function tightenFolder(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const st = fs.statSync(dir);
    const resolved = path.resolve(dir);
    if (
      !st.isDirectory() ||
      st.uid !== process.getuid?.() ||
      (st.mode & 0o1000) !== 0 ||
      resolved === path.resolve(os.homedir()) ||
      resolved === path.parse(resolved).root
    )
      return;
    if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, st.mode & 0o700);
  } catch {
    /* best effort, as for the files */
  }
}

function restrictPermissions(file: string): void {
  if (process.platform === 'win32') return; // NTFS ACLs on the profile folder already do this
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* best effort: a read-only mount keeps its own rules */
  }
}

function logMigrations(file: string, applied: number[]): void {
  if (applied.length > 0) log.info('migrated the database', { file, applied, version: applied.at(-1) });
}

function closeQuietly(db: Database | undefined): void {
  try {
    db?.close();
  } catch {
    /* already closed */
  }
}

/** Why an existing file cannot be used, or null when it looks fine (or does not exist). */
function inspect(file: string, checkMaxBytes: number): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
    if (size === 0) return null; // an empty file is a new database
    const header = Buffer.alloc(SQLITE_HEADER.length);
    fs.readSync(fd, header, 0, header.length, 0);
    if (!header.equals(SQLITE_HEADER)) return 'the file is not a SQLite database';
  } finally {
    fs.closeSync(fd);
  }
  const mark = file + CHECK_FAILED_SUFFIX;
  const marked = fs.existsSync(mark);
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
    if (size > checkMaxBytes && !marked) {
      // The header and the schema's pages: a file that is not a database, or whose schema
      // is damaged, fails here. The rest is checked in the background (checkDatabaseFile).
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      return null;
    }
    const problem = quickCheck(db);
    if (problem) return problem;
    // Fine now (put back from a backup, say): what the earlier check found no longer holds.
    if (marked) fs.rmSync(mark, { force: true });
    return null;
  } catch (error) {
    return `the database could not be read (${(error as Error).message})`;
  } finally {
    closeQuietly(db);
  }
}

function moveAside(file: string, reason: string, at: Date): { from: string; to: string; reason: string } {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.unusable-${stamp}`;
  for (let n = 2; fs.existsSync(target); n++) target = `${file}.unusable-${stamp}-${n}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm', CHECK_FAILED_SUFFIX]) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return { from: file, to: target, reason };
}

/**
 * SQLite's quick_check, said in one line: its first finding and how many more (it reports
 * up to 100, several to a row, under a "*** in database main ***" heading).
 */
function quickCheck(db: Database): string | null {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const findings = rows
    .flatMap((r) => String(r.quick_check).split('\n'))
    .map((f) => f.trim())
    .filter((f) => f !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(f));
  if (findings.length === 1 && findings[0] === 'ok') return null;
  const more = findings.length > 1 ? `, and ${findings.length - 1} more` : '';
  return `the database failed its integrity check (${findings[0] ?? 'no finding given'}${more})`;
}

export interface DatabaseCheck {
  /** Null when SQLite's quick_check passed. */
  problem: string | null;
  /** The file's size when checked. */
  bytes: number;
}

/**
 * SQLite's quick_check of the whole file on a read-only connection of its own: for a worker
 * thread (the `check-database` job), as it reads every page. A problem is also written beside
 * the file (CHECK_FAILED_SUFFIX), so the next open checks the file in full and moves it aside
 * — the connections open now go on working on what they can still read until then.
 */
export function checkDatabaseFile(file: string, now: () => Date = () => new Date()): DatabaseCheck {
  const bytes = fs.statSync(file).size;
  let db: Database | undefined;
  let problem: string | null;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, readonly: true });
    problem = quickCheck(db);
  } catch (error) {
    problem = `the database could not be read (${(error as Error).message})`;
  } finally {
    closeQuietly(db);
  }
  if (problem)
    fs.writeFileSync(file + CHECK_FAILED_SUFFIX, `${JSON.stringify({ at: now().toISOString(), problem })}\n`, {
      mode: 0o600,
    });
  return { problem, bytes };
}
