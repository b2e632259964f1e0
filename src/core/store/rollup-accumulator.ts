import type { BalancePoint } from './segments.ts';
import { classifySegment, DAY_MS, floorTo, HOUR_MS, spreadSegment } from './segments.ts';

/**
 * The arithmetic of rollups, apart from their storage: how a run of readings becomes hour and
 * day buckets and balance events. Pure; RollupsRepo reads the readings and writes the result.
 */

/** One hour or day of one account, as stored in rollup_hour / rollup_day (see migration 002). */
export interface BucketRow {
  bucket: number;
  unit: number | null;
  n: number;
  n_ok: number;
  first_ts: number | null;
  first_balance: number | null;
  last_ts: number | null;
  last_balance: number | null;
  min_balance: number | null;
  max_balance: number | null;
  spend: number;
  topups: number;
  resets: number;
  covered_ms: number;
}

export const EVENT_TOPUP = 1;
export const EVENT_RESET = 2;

export interface BalanceEventRow {
  account_pk: number;
  ts: number;
  kind: number;
  amount: number;
  unit: number;
  prev_ts: number;
  prev_balance: number;
  balance: number;
}

/** The columns of a reading that rollups need. */
export interface RollupInput {
  ts: number;
  state: number;
  balance: number | null;
  unit: number | null;
  capResetAt: number | null;
}

function emptyBucket(bucket: number): BucketRow {
  return {
    bucket,
    unit: null,
    n: 0,
    n_ok: 0,
    first_ts: null,
    first_balance: null,
    last_ts: null,
    last_balance: null,
    min_balance: null,
    max_balance: null,
    spend: 0,
    topups: 0,
    resets: 0,
    covered_ms: 0,
  };
}

/**
 * Collects the effect of a run of readings (one reading when appending, the rest of an
 * account's history when replaying) into hour and day buckets and balance events, in
 * memory, so each touched bucket is written once.
 */
export class Accumulator {
  readonly hours = new Map<number, BucketRow>();
  readonly days = new Map<number, BucketRow>();
  readonly events: Omit<BalanceEventRow, 'account_pk'>[] = [];
  private prev: BalancePoint | null;
  private readonly clipFrom: number;
  private readonly clipTo: number;
  private readonly quotaResets: boolean;
  private readonly late: ReadonlySet<number>;

  /**
   * `late`: instants of polled readings stored out of order (migration 007), never a top-up's
   * ends. `clipTo`: spread nothing at or after it (a window's end, replayWindow).
   */
  constructor(
    prev: BalancePoint | null,
    clipFrom: number,
    quotaResets: boolean,
    late: ReadonlySet<number>,
    clipTo = Number.POSITIVE_INFINITY,
  ) {
    this.prev = prev;
    this.clipFrom = clipFrom;
    this.clipTo = clipTo;
    this.quotaResets = quotaResets;
    this.late = late;
  }

  /**
   * The first balance reading after the window (when the window ends before the account's
   * history does): only the part of its segment that falls inside the window is counted.
   * Its own bucket statistics and event belong to the window after.
   */
  tail(next: BalancePoint): void {
    const prev = this.prev;
    if (!prev) return;
    const segment = classifySegment(prev, next, this.quotaResets);
    if (segment.kind !== 'spend') return;
    this.spreadSpend(segment.amount, prev.ts, next.ts, next.unit);
  }

  add(r: RollupInput): void {
    const hour = this.bucket(this.hours, floorTo(r.ts, HOUR_MS));
    const day = this.bucket(this.days, floorTo(r.ts, DAY_MS));
    addReading(hour, r);
    addReading(day, r);
    if (r.balance === null || r.unit === null) return; // a failed poll is history, not a link
    const cur: BalancePoint = { ts: r.ts, balance: r.balance, unit: r.unit, capResetAt: r.capResetAt };
    const prev = this.prev;
    this.prev = cur;
    if (!prev) return;
    let segment = classifySegment(prev, cur, this.quotaResets);
    // A poll answered after a later one was stored may hold a balance from after it: an
    // increase into or out of it is not evidence of money added.
    if (segment.kind === 'topup' && (this.late.has(cur.ts) || this.late.has(prev.ts)))
      segment = { kind: 'break', amount: 0 };
    const unit = cur.unit;
    switch (segment.kind) {
      case 'spend':
        this.spreadSpend(segment.amount, prev.ts, cur.ts, unit);
        break;
      case 'topup':
      case 'reset': {
        const kind = segment.kind === 'topup' ? EVENT_TOPUP : EVENT_RESET;
        for (const b of [hour, day]) {
          if (kind === EVENT_TOPUP) b.topups += segment.amount;
          else b.resets += 1;
        }
        this.events.push({
          ts: cur.ts,
          kind,
          amount: segment.amount,
          unit,
          prev_ts: prev.ts,
          prev_balance: prev.balance,
          balance: cur.balance,
        });
        break;
      }
      case 'break':
        break;
    }
  }

  /** Spread spend over [t0, t1) into the hour and day buckets it touches, within the clip. */
  private spreadSpend(amount: number, t0: number, t1: number, unit: number): void {
    const visit = (map: Map<number, BucketRow>) => (bucket: number, share: number, covered: number) => {
      const b = this.bucket(map, bucket);
      b.spend += share;
      b.covered_ms += covered;
      if (b.unit === null) b.unit = unit;
    };
    spreadSegment(amount, t0, t1, HOUR_MS, this.clipFrom, visit(this.hours), this.clipTo);
    spreadSegment(amount, t0, t1, DAY_MS, this.clipFrom, visit(this.days), this.clipTo);
  }

  private bucket(map: Map<number, BucketRow>, start: number): BucketRow {
    let b = map.get(start);
    if (!b) {
      b = emptyBucket(start);
      map.set(start, b);
    }
    return b;
  }
}

function addReading(b: BucketRow, r: RollupInput): void {
  b.n += 1;
  if (r.state === 0) b.n_ok += 1;
  if (r.balance === null) return;
  b.unit = r.unit;
  if (b.first_ts === null || r.ts < b.first_ts) {
    b.first_ts = r.ts;
    b.first_balance = r.balance;
  }
  if (b.last_ts === null || r.ts > b.last_ts) {
    b.last_ts = r.ts;
    b.last_balance = r.balance;
  }
  b.min_balance = b.min_balance === null ? r.balance : Math.min(b.min_balance, r.balance);
  b.max_balance = b.max_balance === null ? r.balance : Math.max(b.max_balance, r.balance);
}
