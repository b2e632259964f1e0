import type { Database, Statement } from 'better-sqlite3';
import type { RollupsRepo } from './rollups-repo.ts';

/** One account's pruning, as `begin` sets it up: delete [oldest, horizon) except `keepTs`. */
export interface PrunePlan {
  horizon: number;
  /** The balance reading just before the horizon, kept to link the spend chain across it. */
  keepTs: number | null;
  /** The oldest reading to delete. */
  oldest: number;
}

/**
 * Data retention's writes: move an account's horizon forward, then delete its raw readings
 * before it in batches (see migration 004 for what the horizon promises). The rollups and
 * balance events are never touched: they are what the pruned span is read from afterwards.
 *
 * The horizon is set before anything is deleted, so the store is consistent after every
 * batch: readers treat the span before the horizon as pruned whether or not its last rows
 * are gone yet, and a run cut short (quit, crash) is finished by the next one.
 */
export class PruneRepo {
  private readonly db: Database;
  private readonly rollups: RollupsRepo;
  private readonly dirtyStmt: Statement<[number], { from_ts: number }>;
  private readonly setHorizonStmt: Statement<[number, number]>;
  private readonly oldestStmt: Statement<[number, number, number], { ts: number }>;
  private readonly deleteStmt: Statement<[number, number, number, number]>;
  private readonly pksStmt: Statement<[], number>;

  constructor(db: Database, rollups: RollupsRepo) {
    this.db = db;
    this.rollups = rollups;
    this.dirtyStmt = db.prepare('SELECT from_ts FROM rollup_dirty WHERE account_pk = ?');
    this.setHorizonStmt = db.prepare(
      'INSERT INTO history_horizon (account_pk, before_ts) VALUES (?, ?) ON CONFLICT (account_pk) DO UPDATE SET before_ts = max(before_ts, excluded.before_ts)',
    );
    this.oldestStmt = db.prepare(
      'SELECT ts FROM readings WHERE account_pk = ? AND ts < ? AND ts <> ? ORDER BY ts LIMIT 1',
    );
    this.deleteStmt = db.prepare('DELETE FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? AND ts <> ?');
    this.pksStmt = db.prepare<[], number>('SELECT pk FROM accounts ORDER BY pk').pluck();
  }

  /** Every account's key, removed ones included (their history is pruned too). */
  accountPks(): number[] {
    return this.pksStmt.all();
  }

  /**
   * Start pruning an account's readings before `cutoff` (a UTC day boundary). Rebuilds its
   * pending rollups first, so they hold the span about to lose its readings. The horizon only
   * moves forward; it is set only when there is something to delete. Returns null then.
   */
  begin(accountPk: number, cutoff: number): PrunePlan | null {
    return this.db
      .transaction((): PrunePlan | null => {
        const dirty = this.dirtyStmt.get(accountPk);
        if (dirty) this.rollups.replayFrom(accountPk, dirty.from_ts);
        const horizon = Math.max(cutoff, this.rollups.horizon(accountPk) ?? cutoff);
        const keepTs = this.rollups.previousBalance(accountPk, horizon)?.ts ?? null;
        const oldest = this.oldestStmt.get(accountPk, horizon, keepTs ?? Number.MIN_SAFE_INTEGER);
        if (!oldest) return null;
        this.setHorizonStmt.run(accountPk, horizon);
        return { horizon, keepTs, oldest: oldest.ts };
      })
      .immediate();
  }

  /** Delete the account's readings in [from, to) (never the kept one); returns how many. */
  deleteBatch(accountPk: number, from: number, to: number, keepTs: number | null): number {
    return this.deleteStmt.run(accountPk, from, to, keepTs ?? Number.MIN_SAFE_INTEGER).changes;
  }
}
