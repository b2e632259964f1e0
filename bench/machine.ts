import os from 'node:os';
import BetterSqlite3 from 'better-sqlite3';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  sqlite: string;
  /** 1-minute load average when the bench started: the cores may be shared. */
  load: number;
}

/** What the figures were measured on: they only mean something next to this. */
export function machine(): Machine {
  const db = new BetterSqlite3(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite,
    load: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
