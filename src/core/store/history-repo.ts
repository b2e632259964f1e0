import type { Database, Statement } from 'better-sqlite3';
import { KEY_STATE_CODES } from '../../shared/states.ts';
import type { KeyState } from '../../shared/states.ts';
import type { ReadingRow } from './readings-repo.ts';

/**
 * The readings as history: pages of readings, counts, bucketed balances for charts, the key's
 * state timeline, exports. The queries whose shape depends on a filter (states, order) are
 * prepared per call, as before they moved here; the fixed ones once per connection.
 */

/** The columns an export writes, in order (see analytics/export-writer.ts). */
export const READING_COLUMNS =
  'ts, state, balance, unit, http_status, retry_after_s, message, cap_unit, cap_limit, cap_used, cap_remaining, cap_reset_at, key_expires_at';

/** A raw row, in READING_COLUMNS order. */
export type RawReadingRow = [
  ts: number,
  state: number,
  balance: number | null,
  unit: number | null,
  httpStatus: number | null,
  retryAfter: number | null,
  message: string | null,
  capUnit: number | null,
  capLimit: number | null,
  capUsed: number | null,
  capRemaining: number | null,
  capResetAt: number | null,
  keyExpiresAt: number | null,
];

/** One group of a bucketed balance series: its last reading's time and balance, min, max, count. */
export type BalanceGroupRow = [t: number, v: number, mn: number, mx: number, cnt: number];

/** Which readings a history query keeps: every state, or the named ones. */
export interface StateFilter {
  /** null: every state. */
  states: readonly KeyState[] | null;
}

const OK = KEY_STATE_CODES.ok;

/** ` AND state IN (…)` for the named states ('' for none): codes are integers from a fixed table. */
function stateClause(states: readonly KeyState[] | null): string {
  return states === null || states.length === 0
    ? ''
    : ` AND state IN (${states.map((s) => KEY_STATE_CODES[s]).join(',')})`;
}

type Range = [accountPk: number, from: number, to: number];

export class HistoryRepo {
  private readonly db: Database;
  private readonly countStmt: Statement<Range, { n: number }>;
  private readonly countOkStmt: Statement<Range, { n: number }>;
  private readonly firstInStmt: Statement<Range, { ts: number }>;
  private readonly lastInStmt: Statement<Range, { ts: number }>;
  private readonly nextStmt: Statement<[number, number], { ts: number; state: number }>;
  private readonly failuresStmt: Statement<[number, number, number, number], { ts: number; state: number }>;
  private readonly firstStmt: Statement<[number], { ts: number }>;
  private readonly firstHourStmt: Statement<[number], { bucket: number; first_ts: number | null }>;
  private readonly groupsStmt: Statement<[number, number, number, number, number, number, number], BalanceGroupRow>;
  private readonly peakStmt: Statement<[number, number, number, number], { peak: number | null }>;
  private readonly offlineRunStmt: Statement<[number, number], { ts: number | null }>;

  constructor(db: Database) {
    this.db = db;
    this.countStmt = db.prepare('SELECT count(*) AS n FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ?');
    this.countOkStmt = db.prepare(
      `SELECT count(*) AS n FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? AND state = ${OK}`,
    );
    this.firstInStmt = db.prepare(
      'SELECT ts FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT 1',
    );
    this.lastInStmt = db.prepare(
      'SELECT ts FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT 1',
    );
    this.nextStmt = db.prepare('SELECT ts, state FROM readings WHERE account_pk = ? AND ts > ? ORDER BY ts LIMIT 1');
    this.failuresStmt = db.prepare(
      `SELECT ts, state FROM readings INDEXED BY readings_failed WHERE account_pk = ? AND ts >= ? AND ts < ? AND state <> ${OK} ORDER BY ts LIMIT ?`,
    );
    this.firstStmt = db.prepare('SELECT ts FROM readings WHERE account_pk = ? ORDER BY ts LIMIT 1');
    this.firstHourStmt = db.prepare(
      'SELECT bucket, first_ts FROM rollup_hour WHERE account_pk = ? AND n > 0 ORDER BY bucket LIMIT 1',
    );
    this.groupsStmt = db
      .prepare<[number, number, number, number, number, number, number], BalanceGroupRow>(
        `SELECT g.lt AS t, r.balance AS v, g.mn AS mn, g.mx AS mx, g.cnt AS cnt FROM (
           SELECT CAST((ts - ?) / ? AS INTEGER) AS k, max(ts) AS lt, min(balance) AS mn, max(balance) AS mx, count(*) AS cnt
           FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? AND unit = ? GROUP BY k
         ) g JOIN readings r ON r.account_pk = ? AND r.ts = g.lt ORDER BY g.k`,
      )
      .raw(true);
    this.peakStmt = db.prepare(
      'SELECT max(balance) AS peak FROM readings WHERE account_pk = ? AND ts >= ? AND ts <= ? AND unit = ?',
    );
    this.offlineRunStmt = db.prepare(
      `SELECT min(ts) AS ts FROM readings WHERE account_pk = ? AND ts > coalesce(
         (SELECT max(ts) FROM readings WHERE account_pk = ? AND state NOT IN (8, 9)), -1)`,
    );
  }

  /**
   * Up to `limit` readings of an account in [from, to) in the given states, in time order.
   * `failuresOnly` (no `ok` among the states) reads the partial index of failed readings.
   */
  page(
    accountPk: number,
    from: number,
    to: number,
    limit: number,
    filter: StateFilter & { failuresOnly: boolean; order: 'asc' | 'desc' },
  ): ReadingRow[] {
    const indexSql = filter.failuresOnly ? ' INDEXED BY readings_failed' : '';
    const failSql = filter.failuresOnly ? ` AND state <> ${OK}` : '';
    return this.db
      .prepare<[number, number, number, number], ReadingRow>(
        `SELECT * FROM readings${indexSql} WHERE account_pk = ? AND ts >= ? AND ts < ?${failSql}${stateClause(filter.states)} ORDER BY ts ${filter.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(accountPk, from, to, limit);
  }

  /** Readings in [from, to) in failure states (the named ones, or every failure), from the partial index. */
  countFailures(accountPk: number, from: number, to: number, states: readonly KeyState[] | null): number {
    return this.db
      .prepare<Range, { n: number }>(
        `SELECT count(*) AS n FROM readings INDEXED BY readings_failed WHERE account_pk = ? AND ts >= ? AND ts < ? AND state <> ${OK}${stateClause(states)}`,
      )
      .get(accountPk, from, to)!.n;
  }

  /** Readings in [from, to), all of them or the ok ones only. */
  count(accountPk: number, from: number, to: number, okOnly = false): number {
    return (okOnly ? this.countOkStmt : this.countStmt).get(accountPk, from, to)!.n;
  }

  /** The time of the account's first stored reading (null when it has none). */
  firstTs(accountPk: number): number | null {
    return this.firstStmt.get(accountPk)?.ts ?? null;
  }

  /** The first rollup hour with readings in it: its start, and its first balance reading's time. */
  firstRolledHour(accountPk: number): { bucket: number; first_ts: number | null } | null {
    return this.firstHourStmt.get(accountPk) ?? null;
  }

  /** The first and last reading times in [from, to), or null when there is none. */
  extentIn(accountPk: number, from: number, to: number): { first: number; last: number } | null {
    const first = this.firstInStmt.get(accountPk, from, to);
    if (!first) return null;
    return { first: first.ts, last: this.lastInStmt.get(accountPk, from, to)!.ts };
  }

  /** Failed readings in [from, to), oldest first, at most `limit`. */
  failures(accountPk: number, from: number, to: number, limit: number): Array<{ ts: number; state: number }> {
    return this.failuresStmt.all(accountPk, from, to, limit);
  }

  /** The reading right after `ts`. */
  next(accountPk: number, ts: number): { ts: number; state: number } | undefined {
    return this.nextStmt.get(accountPk, ts);
  }

  /**
   * The readings of one unit in [from, to) in groups of `width` ms from `from`: each group's
   * last reading (time and balance), its min and max balance, and how many readings.
   */
  balanceGroups(accountPk: number, from: number, to: number, width: number, unit: number): BalanceGroupRow[] {
    return this.groupsStmt.all(from, width, accountPk, from, to, unit, accountPk);
  }

  /** The highest balance of one unit in [from, to]. */
  peakBalance(accountPk: number, from: number, to: number, unit: number): number | null {
    return this.peakStmt.get(accountPk, from, to, unit)?.peak ?? null;
  }

  /** The newest reading at or after `since` in one of the states (by code), or null. */
  latestInStates(accountPk: number, since: number, codes: readonly number[]): number | null {
    return (
      this.db
        .prepare<[number, number], { ts: number }>(
          `SELECT ts FROM readings WHERE account_pk = ? AND ts >= ? AND state IN (${codes.join(', ')}) ORDER BY ts DESC LIMIT 1`,
        )
        .get(accountPk, since)?.ts ?? null
    );
  }

  /** When the account's current run of transport failures (states 8 and 9) began; null with none. */
  transportRunStart(accountPk: number): number | null {
    return this.offlineRunStmt.get(accountPk, accountPk)?.ts ?? null;
  }

  /**
   * An export's reading source for one filter: the rows of [from, to) in READING_COLUMNS
   * order, oldest first (streamed), and their count.
   */
  exportReadings(states: readonly KeyState[] | null): {
    rows: (accountPk: number, from: number, to: number) => IterableIterator<RawReadingRow>;
    count: (accountPk: number, from: number, to: number) => number;
  } {
    const where = `WHERE account_pk = ? AND ts >= ? AND ts < ?${stateClause(states)}`;
    const rows = this.db
      .prepare<Range, RawReadingRow>(`SELECT ${READING_COLUMNS} FROM readings ${where} ORDER BY ts`)
      .raw(true);
    const count = this.db.prepare<Range, number>(`SELECT count(*) FROM readings ${where}`).pluck();
    return {
      rows: (accountPk, from, to) => rows.iterate(accountPk, from, to),
      count: (accountPk, from, to) => count.get(accountPk, from, to)!,
    };
  }
}
