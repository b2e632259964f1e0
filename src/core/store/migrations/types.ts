import type { Database } from 'better-sqlite3';

/** One numbered schema step. `up` runs inside a transaction; it must not commit itself. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
