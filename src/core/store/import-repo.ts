import type { Database, Statement } from 'better-sqlite3';
import { KEY_STATE_CODES } from '../../shared/states.ts';
import { unitCode } from './codes.ts';
import type { ReadingRecord } from './reading-record.ts';
import { SOURCE_CODES, storedMessage } from './reading-record.ts';

/** Every reading an import writes says so (its figures' provenance, `source: "import"`). */
const IMPORTED = SOURCE_CODES.import;
import type { RollupsRepo } from './rollups-repo.ts';

/**
 * What a staged import has changed so far, enough to take it all back (see migration 010):
 * accounts and packs it created, settings it set, and per account the span of readings it
 * wrote (each tagged with the run).
 */
export interface ImportUndo {
  accounts: number[];
  packs: string[];
  settings: string[];
  /** account pk → [earliest, latest] ts written by the run. */
  ranges: Record<string, [number, number]>;
}

export interface ImportRun {
  id: number;
  state: 'applying' | 'undoing' | 'done';
  startedAt: number;
  updatedAt: number;
  undo: ImportUndo;
}

export interface ChunkResult {
  inserted: number;
  skipped: number;
  beforeHorizon: number;
}

export const emptyUndo = (): ImportUndo => ({ accounts: [], packs: [], settings: [], ranges: {} });

/**
 * The staged import's writes. Each method runs inside the caller's (short) transaction:
 * `insertChunk` stores a few thousand readings of one account and rebuilds only the days
 * they touch, so the write lock is held for milliseconds at a time.
 */
export class ImportRepo {
  private readonly db: Database;
  private readonly rollups: RollupsRepo;
  private readonly beginStmt: Statement<[number, number, string]>;
  private readonly saveStmt: Statement<[string, number, number]>;
  private readonly stateStmt: Statement<[string, number, number]>;
  private readonly pendingStmt: Statement<
    [],
    { id: number; state: string; started_at: number; updated_at: number; undo: string }
  >;
  private readonly forgetStmt: Statement<[number]>;
  private readonly compact: Statement<unknown[]>;
  private readonly full: Statement<unknown[]>;
  private readonly deleteRowsStmt: Statement<[number, number, number, number]>;

  constructor(db: Database, rollups: RollupsRepo) {
    this.db = db;
    this.rollups = rollups;
    this.beginStmt = db.prepare(
      "INSERT INTO import_runs (state, started_at, updated_at, undo) VALUES ('applying', ?, ?, ?)",
    );
    this.saveStmt = db.prepare('UPDATE import_runs SET undo = ?, updated_at = ? WHERE id = ?');
    this.stateStmt = db.prepare('UPDATE import_runs SET state = ?, updated_at = ? WHERE id = ?');
    this.pendingStmt = db.prepare(
      "SELECT id, state, started_at, updated_at, undo FROM import_runs WHERE state <> 'done' ORDER BY id",
    );
    this.forgetStmt = db.prepare('DELETE FROM import_runs WHERE id = ?');
    this.compact = db.prepare(
      'INSERT INTO readings (account_pk, ts, state, balance, unit, http_status, import_run, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_pk, ts) DO NOTHING',
    );
    this.full = db.prepare(`
      INSERT INTO readings (account_pk, ts, state, balance, unit, http_status, retry_after_s,
        cap_unit, cap_limit, cap_used, cap_remaining, cap_reset_at, key_expires_at, message, import_run, source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_pk, ts) DO NOTHING`);
    this.deleteRowsStmt = db.prepare(
      'DELETE FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? AND import_run = ?',
    );
  }

  begin(now: number, undo: ImportUndo): number {
    return Number(this.beginStmt.run(now, now, JSON.stringify(undo)).lastInsertRowid);
  }

  /** Record what the run has changed so far (in the same transaction as the change). */
  save(run: number, undo: ImportUndo, now: number): void {
    this.saveStmt.run(JSON.stringify(undo), now, run);
  }

  setState(run: number, state: ImportRun['state'], now: number): void {
    this.stateStmt.run(state, now, run);
  }

  /** Runs not finished: still applying or undoing here or in another process, or cut short by a crash. */
  pending(): ImportRun[] {
    return this.pendingStmt.all().map((r) => ({
      id: r.id,
      state: r.state as ImportRun['state'],
      startedAt: r.started_at,
      updatedAt: r.updated_at,
      undo: JSON.parse(r.undo) as ImportUndo,
    }));
  }

  forget(run: number): void {
    this.forgetStmt.run(run);
  }

  /**
   * Store readings of one account (sorted by time) tagged with the run, skipping instants it
   * already has and those before its retention horizon, then rebuild the days they touch.
   * Returns the counts and widens `range` to what was written.
   */
  insertChunk(run: number, accountPk: number, rows: readonly ReadingRecord[], range: [number, number] | undefined) {
    const result: ChunkResult = { inserted: 0, skipped: 0, beforeHorizon: 0 };
    const horizon = this.rollups.horizon(accountPk) ?? Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      if ((r.balance === null) !== (r.unit === null))
        throw new Error('a balance needs a unit and a unit needs a balance');
      if (r.ts < horizon) {
        result.beforeHorizon++;
        continue;
      }
      const cap = r.cap;
      const state = KEY_STATE_CODES[r.state];
      const unit = r.unit === null ? null : unitCode(r.unit);
      const changes =
        cap === null && r.retryAfterSeconds === null && r.keyExpiresAt === null && r.message === null
          ? this.compact.run(accountPk, r.ts, state, r.balance, unit, r.httpStatus, run, IMPORTED).changes
          : this.full.run(
              accountPk,
              r.ts,
              state,
              r.balance,
              unit,
              r.httpStatus,
              r.retryAfterSeconds === null ? null : Math.ceil(r.retryAfterSeconds),
              cap ? unitCode(cap.unit) : null,
              cap ? cap.limit : null,
              cap ? cap.used : null,
              cap ? cap.remaining : null,
              cap ? cap.resetAt : null,
              r.keyExpiresAt,
              storedMessage(r.message),
              run,
              IMPORTED,
            ).changes;
      if (changes === 1) {
        result.inserted++;
        if (r.ts < lo) lo = r.ts;
        if (r.ts > hi) hi = r.ts;
      } else result.skipped++;
    }
    if (result.inserted > 0) this.rollups.rebuildAround(accountPk, lo, hi);
    const widened: [number, number] | undefined =
      result.inserted > 0 ? [Math.min(range?.[0] ?? lo, lo), Math.max(range?.[1] ?? hi, hi)] : range;
    return { result, range: widened };
  }

  /** Delete the run's readings of one account in [from, to) and rebuild the days around them. */
  deleteRunRows(run: number, accountPk: number, from: number, to: number): number {
    const deleted = this.deleteRowsStmt.run(accountPk, from, to, run).changes;
    if (deleted > 0) this.rollups.rebuildAround(accountPk, from, to - 1);
    return deleted;
  }

  /** Undo what a run created besides readings (after its readings are gone). */
  dropCreated(undo: ImportUndo): void {
    const packs = this.db.prepare('DELETE FROM packs WHERE id = ?');
    for (const id of undo.packs) packs.run(id);
    const settings = this.db.prepare('DELETE FROM settings WHERE key = ?');
    for (const name of undo.settings) settings.run(name);
    const accounts = this.db.prepare('DELETE FROM accounts WHERE pk = ?');
    for (const pk of undo.accounts) accounts.run(pk);
  }
}
