import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate, SchemaTooNewError } from './migrate.ts';
import os from 'node:os';
import { log } from '../log/log.ts';

export const DATABASE_FILE = 'burnrate.db';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

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

  const problem = inspect(file);
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
function inspect(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return null; // an empty file is a new database
    const header = Buffer.alloc(SQLITE_HEADER.length);
    fs.readSync(fd, header, 0, header.length, 0);
    if (!header.equals(SQLITE_HEADER)) return 'the file is not a SQLite database';
  } finally {
    fs.closeSync(fd);
  }
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') return `the database failed its integrity check (${String(result)})`;
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
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return { from: file, to: target, reason };
}
