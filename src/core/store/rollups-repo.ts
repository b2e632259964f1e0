import type { Database, Statement } from 'better-sqlite3';
import type { BalancePoint } from './segments.ts';
import { DAY_MS, floorTo } from './segments.ts';
import { Accumulator } from './rollup-accumulator.ts';
import type { BalanceEventRow, BucketRow, RollupInput } from './rollup-accumulator.ts';

export type RollupTable = 'rollup_hour' | 'rollup_day';

export interface SumRow {
  spend: number;
  topups: number;
  resets: number;
  covered_ms: number;
}

const BUCKET_COLUMNS =
  'unit, n, n_ok, first_ts, first_balance, last_ts, last_balance, min_balance, max_balance, spend, topups, resets, covered_ms';

/** A reading's rollup columns, as a raw row: ts, state, balance, unit, cap_reset_at. */
type RollupReadingRow = [number, number, number | null, number | null, number | null];

/** Add raw reading rows, oldest first, to an accumulator (one reused input object: no per-row allocation). */
function feed(acc: Accumulator, rows: Iterable<RollupReadingRow>): void {
  const input: RollupInput = { ts: 0, state: 0, balance: null, unit: null, capResetAt: null };
  for (const [ts, state, balance, unit, capResetAt] of rows) {
    input.ts = ts;
    input.state = state;
    input.balance = balance;
    input.unit = unit;
    input.capResetAt = capResetAt;
    acc.add(input);
  }
}

const upsertSql = (table: RollupTable) => `
  INSERT INTO ${table} (account_pk, bucket, ${BUCKET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_pk, bucket) DO UPDATE SET
    unit = coalesce(excluded.unit, unit),
    n = n + excluded.n,
    n_ok = n_ok + excluded.n_ok,
    first_ts = CASE WHEN excluded.first_ts IS NOT NULL AND (first_ts IS NULL OR excluded.first_ts < first_ts) THEN excluded.first_ts ELSE first_ts END,
    first_balance = CASE WHEN excluded.first_ts IS NOT NULL AND (first_ts IS NULL OR excluded.first_ts < first_ts) THEN excluded.first_balance ELSE first_balance END,
    last_ts = CASE WHEN excluded.last_ts IS NOT NULL AND (last_ts IS NULL OR excluded.last_ts > last_ts) THEN excluded.last_ts ELSE last_ts END,
    last_balance = CASE WHEN excluded.last_ts IS NOT NULL AND (last_ts IS NULL OR excluded.last_ts > last_ts) THEN excluded.last_balance ELSE last_balance END,
    min_balance = CASE WHEN min_balance IS NULL THEN excluded.min_balance WHEN excluded.min_balance IS NULL THEN min_balance ELSE min(min_balance, excluded.min_balance) END,
    max_balance = CASE WHEN max_balance IS NULL THEN excluded.max_balance WHEN excluded.max_balance IS NULL THEN max_balance ELSE max(max_balance, excluded.max_balance) END,
    spend = spend + excluded.spend,
    topups = topups + excluded.topups,
    resets = resets + excluded.resets,
    covered_ms = covered_ms + excluded.covered_ms`;

/**
 * Keeps rollup_hour, rollup_day and balance_events in step with readings. Every method that
 * writes is called inside the transaction that writes the readings, so a crash leaves both
 * or neither. The reads (bucket ranges, sums, balance points, events) serve the analytics,
 * which call ensureFresh() first.
 */
export class RollupsRepo {
  private readonly db: Database;
  private readonly providerResets: (provider: string) => boolean;
  private readonly upsertHour: Statement<unknown[]>;
  private readonly upsertDay: Statement<unknown[]>;
  private readonly insertEvent: Statement<unknown[]>;
  private readonly prevBalanceStmt: Statement<
    [number, number],
    { ts: number; balance: number; unit: number; cap_reset_at: number | null }
  >;
  private readonly dirtyStmt: Statement<[number], { from_ts: number }>;
  private readonly markDirtyStmt: Statement<[number, number]>;
  private readonly clearDirtyStmt: Statement<[number]>;
  private readonly allDirtyStmt: Statement<[], { account_pk: number; from_ts: number }>;
  private readonly providerStmt: Statement<[number], { provider: string }>;
  private readonly replayReadingsStmt: Statement<[number, number], RollupReadingRow>;
  private readonly nextBalanceStmt: Statement<
    [number, number],
    { ts: number; balance: number; unit: number; cap_reset_at: number | null }
  >;
  private readonly pointsStmt: Statement<[number, number, number], [number, number, number, number | null]>;
  private readonly sumStmts: Record<RollupTable, Statement<[number, number, number, number], SumRow>>;
  private readonly rangeStmts: Record<RollupTable, Statement<[number, number, number], BucketRow>>;
  private readonly eventsStmt: Statement<[number, number, number], BalanceEventRow>;
  private readonly countStmts: Record<RollupTable, Statement<[number, number, number], { n: number; n_ok: number }>>;
  private readonly horizonStmt: Statement<[number], { before_ts: number }>;
  /** Prepared on first use: the repository also serves databases mid-migration (before 007). */
  private lateStmt: Statement<[number, number], { ts: number }> | null = null;
  private markLateStmt: Statement<[number, number]> | null = null;
  private readonly windowReadingsStmt: Statement<[number, number, number], RollupReadingRow>;
  private readonly deleteWindowStmts: Statement<[number, number, number]>[];

  /**
   * `providerResets(provider)`: whether the provider's balance is a quota it refills each
   * period (its increases are resets, never top-ups). The provider registry knows; the store
   * is told, so it depends on nothing above it.
   */
  constructor(db: Database, providerResets: (provider: string) => boolean) {
    this.db = db;
    this.providerResets = providerResets;
    this.upsertHour = db.prepare(upsertSql('rollup_hour'));
    this.upsertDay = db.prepare(upsertSql('rollup_day'));
    this.insertEvent = db.prepare(
      'INSERT OR REPLACE INTO balance_events (account_pk, ts, kind, amount, unit, prev_ts, prev_balance, balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.prevBalanceStmt = db.prepare(
      'SELECT ts, balance, unit, cap_reset_at FROM readings WHERE account_pk = ? AND ts < ? AND balance IS NOT NULL ORDER BY ts DESC LIMIT 1',
    );
    this.dirtyStmt = db.prepare('SELECT from_ts FROM rollup_dirty WHERE account_pk = ?');
    this.markDirtyStmt = db.prepare(
      'INSERT INTO rollup_dirty (account_pk, from_ts) VALUES (?, ?) ON CONFLICT (account_pk) DO UPDATE SET from_ts = min(from_ts, excluded.from_ts)',
    );
    this.clearDirtyStmt = db.prepare('DELETE FROM rollup_dirty WHERE account_pk = ?');
    this.allDirtyStmt = db.prepare('SELECT account_pk, from_ts FROM rollup_dirty ORDER BY account_pk');
    this.providerStmt = db.prepare('SELECT provider FROM accounts WHERE pk = ?');
    this.nextBalanceStmt = db.prepare(
      'SELECT ts, balance, unit, cap_reset_at FROM readings WHERE account_pk = ? AND ts >= ? AND balance IS NOT NULL ORDER BY ts LIMIT 1',
    );
    this.pointsStmt = db
      .prepare<[number, number, number], [number, number, number, number | null]>(
        'SELECT ts, balance, unit, cap_reset_at FROM readings WHERE account_pk = ? AND ts > ? AND ts < ? AND balance IS NOT NULL ORDER BY ts',
      )
      .raw(true);
    const sum = (table: RollupTable) =>
      db.prepare<[number, number, number, number], SumRow>(
        `SELECT coalesce(sum(spend), 0) AS spend, coalesce(sum(topups), 0) AS topups, coalesce(sum(resets), 0) AS resets,
           coalesce(sum(covered_ms), 0) AS covered_ms
         FROM ${table} WHERE account_pk = ? AND bucket >= ? AND bucket < ? AND unit = ?`,
      );
    this.sumStmts = { rollup_hour: sum('rollup_hour'), rollup_day: sum('rollup_day') };
    const range = (table: RollupTable) =>
      db.prepare<[number, number, number], BucketRow>(
        `SELECT bucket, ${BUCKET_COLUMNS} FROM ${table} WHERE account_pk = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      );
    this.rangeStmts = { rollup_hour: range('rollup_hour'), rollup_day: range('rollup_day') };
    const count = (table: RollupTable) =>
      db.prepare<[number, number, number], { n: number; n_ok: number }>(
        `SELECT coalesce(sum(n), 0) AS n, coalesce(sum(n_ok), 0) AS n_ok FROM ${table} WHERE account_pk = ? AND bucket >= ? AND bucket < ?`,
      );
    this.countStmts = { rollup_hour: count('rollup_hour'), rollup_day: count('rollup_day') };
    this.eventsStmt = db.prepare(
      'SELECT * FROM balance_events WHERE account_pk = ? AND ts >= ? AND ts < ? ORDER BY ts',
    );
    this.replayReadingsStmt = db
      .prepare<[number, number], RollupReadingRow>(
        'SELECT ts, state, balance, unit, cap_reset_at FROM readings WHERE account_pk = ? AND ts >= ? ORDER BY ts',
      )
      .raw(true);
    this.horizonStmt = db.prepare('SELECT before_ts FROM history_horizon WHERE account_pk = ?');
    this.windowReadingsStmt = db
      .prepare<[number, number, number], RollupReadingRow>(
        'SELECT ts, state, balance, unit, cap_reset_at FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? ORDER BY ts',
      )
      .raw(true);
    this.deleteWindowStmts = [
      db.prepare('DELETE FROM rollup_hour WHERE account_pk = ? AND bucket >= ? AND bucket < ?'),
      db.prepare('DELETE FROM rollup_day WHERE account_pk = ? AND bucket >= ? AND bucket < ?'),
      db.prepare('DELETE FROM balance_events WHERE account_pk = ? AND ts >= ? AND ts < ?'),
    ];
  }

  /**
   * A reading was just stored and nothing later exists for its account: add its own
   * bucket stats and the segment from the previous balance reading. O(buckets touched).
   */
  append(accountPk: number, r: RollupInput): void {
    const dirty = this.dirtyStmt.get(accountPk);
    if (dirty) {
      // A rebuild is pending; it will include this reading.
      this.markDirtyStmt.run(accountPk, r.ts);
      return;
    }
    const prev = r.balance === null ? null : this.previousBalance(accountPk, r.ts);
    const acc = new Accumulator(
      prev,
      Number.NEGATIVE_INFINITY,
      this.quotaResets(accountPk),
      this.lateSince(accountPk, prev ? prev.ts : r.ts),
    );
    acc.add(r);
    this.write(accountPk, acc);
  }

  /**
   * Rebuild an account's rollups from the day of the last balance reading before `fromTs`
   * (readings were inserted out of order, or imported). Buckets and events before that day
   * are unchanged by construction; the segment that crosses into it is re-spread clipped.
   */
  replayFrom(accountPk: number, fromTs: number): void {
    const pending = this.dirtyStmt.get(accountPk);
    // Before the retention horizon the rollups are all that is left of the readings: they are
    // never rebuilt (from what?), so a replay starts at the horizon at the earliest; the
    // reading kept just before it carries the segment across, clipped at the horizon.
    const horizon = this.horizon(accountPk) ?? Number.NEGATIVE_INFINITY;
    const from = Math.max(pending ? Math.min(pending.from_ts, fromTs) : fromTs, horizon);
    const anchor = this.previousBalance(accountPk, from);
    const dayStart = Math.max(floorTo(anchor ? anchor.ts : from, DAY_MS), horizon);
    const prev = this.previousBalance(accountPk, dayStart);
    this.db.prepare('DELETE FROM rollup_hour WHERE account_pk = ? AND bucket >= ?').run(accountPk, dayStart);
    this.db.prepare('DELETE FROM rollup_day WHERE account_pk = ? AND bucket >= ?').run(accountPk, dayStart);
    this.db.prepare('DELETE FROM balance_events WHERE account_pk = ? AND ts >= ?').run(accountPk, dayStart);
    const acc = new Accumulator(
      prev,
      dayStart,
      this.quotaResets(accountPk),
      this.lateSince(accountPk, prev ? Math.min(prev.ts, dayStart) : dayStart),
    );
    feed(acc, this.replayReadingsStmt.iterate(accountPk, dayStart));
    this.write(accountPk, acc);
    this.clearDirtyStmt.run(accountPk);
  }

  /**
   * Rebuild an account's rollups for the UTC days [from, to) only (both day boundaries):
   * exactly what a full replay would leave there, in time proportional to the window. The
   * segment entering the window is spread from its start, the one leaving it up to its end;
   * buckets outside are not touched. Used to keep each short transaction of a staged import
   * (or its undo) consistent without replaying the account's whole later history.
   */
  replayWindow(accountPk: number, from: number, to: number): void {
    const horizon = this.horizon(accountPk) ?? Number.NEGATIVE_INFINITY;
    const start = Math.max(from, horizon);
    if (start >= to) return;
    const prev = this.previousBalance(accountPk, start);
    for (const stmt of this.deleteWindowStmts) stmt.run(accountPk, start, to);
    const acc = new Accumulator(
      prev,
      start,
      this.quotaResets(accountPk),
      this.lateSince(accountPk, prev ? Math.min(prev.ts, start) : start),
      to,
    );
    feed(acc, this.windowReadingsStmt.iterate(accountPk, start, to));
    const next = this.nextBalance(accountPk, to);
    if (next) acc.tail(next);
    this.write(accountPk, acc);
  }

  /**
   * Readings in [lo, hi] were just added or removed: rebuild the days whose figures that can
   * change, from the day of the balance reading before lo to the day of the one after hi.
   */
  rebuildAround(accountPk: number, lo: number, hi: number): void {
    const prev = this.previousBalance(accountPk, lo);
    const next = this.nextBalance(accountPk, hi + 1);
    const from = floorTo(prev ? prev.ts : lo, DAY_MS);
    const to = floorTo(next ? next.ts : hi, DAY_MS) + DAY_MS;
    this.replayWindow(accountPk, from, to);
  }

  /** Ask for a rebuild on next use (cheap to call inside a big write). */
  markDirty(accountPk: number, fromTs: number): void {
    this.markDirtyStmt.run(accountPk, fromTs);
  }

  /**
   * Rebuild whatever is pending (after migration 002, or a deferred import). Call before
   * reading rollups. Returns how many accounts were rebuilt; `stop` is asked between them.
   */
  ensureFresh(stop?: () => boolean): number {
    const pending = this.allDirtyStmt.all();
    let rebuilt = 0;
    for (const { account_pk, from_ts } of pending) {
      if (stop?.()) break;
      this.db.transaction(() => this.replayFrom(account_pk, from_ts)).immediate();
      rebuilt++;
    }
    return rebuilt;
  }

  /** Whether any account waits for a rebuild (cheap). */
  hasPending(): boolean {
    return this.allDirtyStmt.get() !== undefined;
  }

  /**
   * Where the account's raw readings start after data retention pruned the older ones
   * (a UTC day boundary), or null when nothing was pruned. Before it, only the rollups,
   * the balance events and one linking balance reading are left (see migration 004).
   */
  horizon(accountPk: number): number | null {
    return this.horizonStmt.get(accountPk)?.before_ts ?? null;
  }

  /** Mark a polled reading as stored out of order (see migration 007). Inside the insert's transaction. */
  markLate(accountPk: number, ts: number): void {
    this.markLateStmt ??= this.db.prepare('INSERT OR IGNORE INTO late_readings (account_pk, ts) VALUES (?, ?)');
    this.markLateStmt.run(accountPk, ts);
  }

  /** Instants at or after `ts` of the account's readings marked late (never a top-up's ends). */
  lateSince(accountPk: number, ts: number): Set<number> {
    this.lateStmt ??= this.db.prepare('SELECT ts FROM late_readings WHERE account_pk = ? AND ts >= ?');
    return new Set(this.lateStmt.all(accountPk, ts).map((row) => row.ts));
  }

  /** The last reading before `ts` that carried a balance. */
  previousBalance(accountPk: number, ts: number): BalancePoint | null {
    const row = this.prevBalanceStmt.get(accountPk, ts);
    return row ? { ts: row.ts, balance: row.balance, unit: row.unit, capResetAt: row.cap_reset_at } : null;
  }

  /** The first reading at or after `ts` that carried a balance. */
  nextBalance(accountPk: number, ts: number): BalancePoint | null {
    const row = this.nextBalanceStmt.get(accountPk, ts);
    return row ? { ts: row.ts, balance: row.balance, unit: row.unit, capResetAt: row.cap_reset_at } : null;
  }

  /** Balance readings with from < ts < to, oldest first. */
  balancePointsBetween(accountPk: number, from: number, to: number): BalancePoint[] {
    const out: BalancePoint[] = [];
    for (const [ts, balance, unit, capResetAt] of this.pointsStmt.all(accountPk, from, to)) {
      out.push({ ts, balance, unit, capResetAt });
    }
    return out;
  }

  /** Totals of whole buckets with from <= bucket < to, for one unit (exact integer sums). */
  sum(table: RollupTable, accountPk: number, unit: number, from: number, to: number): SumRow {
    return this.sumStmts[table].get(accountPk, from, to, unit)!;
  }

  /** Readings (all, and ok ones) counted by whole buckets with from <= bucket < to. */
  count(table: RollupTable, accountPk: number, from: number, to: number): { n: number; n_ok: number } {
    return this.countStmts[table].get(accountPk, from, to)!;
  }

  /** Buckets with from <= bucket < to, oldest first. */
  range(table: RollupTable, accountPk: number, from: number, to: number): BucketRow[] {
    return this.rangeStmts[table].all(accountPk, from, to);
  }

  /** Top-ups and resets with from <= ts < to, oldest first. */
  events(accountPk: number, from: number, to: number): BalanceEventRow[] {
    return this.eventsStmt.all(accountPk, from, to);
  }

  /**
   * Whether the account's balance is a quota that refills (its increases are resets). Asked
   * of the database each time rather than cached: a purged account's integer key can be
   * reused by the next account added, possibly at another provider.
   */
  quotaResets(accountPk: number): boolean {
    const row = this.providerStmt.get(accountPk);
    return row ? this.providerResets(row.provider) : false;
  }

  private write(accountPk: number, acc: Accumulator): void {
    for (const [map, stmt] of [
      [acc.hours, this.upsertHour],
      [acc.days, this.upsertDay],
    ] as const) {
      for (const b of map.values()) {
        stmt.run(
          accountPk,
          b.bucket,
          b.unit,
          b.n,
          b.n_ok,
          b.first_ts,
          b.first_balance,
          b.last_ts,
          b.last_balance,
          b.min_balance,
          b.max_balance,
          b.spend,
          b.topups,
          b.resets,
          b.covered_ms,
        );
      }
    }
    for (const e of acc.events) {
      this.insertEvent.run(accountPk, e.ts, e.kind, e.amount, e.unit, e.prev_ts, e.prev_balance, e.balance);
    }
  }
}
