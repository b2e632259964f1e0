import { DAY_MS } from './segments.ts';

export interface Runway {
  /** Days from now until the balance reaches zero at the current burn; null when unknown. */
  days: number | null;
  /** When that happens (unix ms). */
  zeroAt: number | null;
  /** Days left at a heavy day's pace (90th percentile of recent daily spend). */
  low: number | null;
  /** Days left at a light day's pace (10th percentile); null when light days spend nothing. */
  high: number | null;
  reason: string | null;
  rangeReason: string | null;
}

/** Recent days needed before a low–high range is given. */
export const MIN_DAYS_FOR_RANGE = 7;

export interface RunwayInput {
  /** Micros, as of `balanceAt`. */
  balance: number | null;
  balanceAt: number | null;
  /** Micros per day; null when the burn is unknown. */
  perDay: number | null;
  burnReason: string | null;
  /** Recent daily spend, micros per day. */
  dailyRates: number[];
  now: number;
}

/**
 * Runway at the current burn. The balance is projected from its reading to `now` at the same
 * burn, so a reading from yesterday does not add a day. The range comes from how much daily
 * spend varies: heavy days (p90) give the low end, light days (p10) the high end.
 */
export function computeRunway(input: RunwayInput): Runway {
  const out: Runway = { days: null, zeroAt: null, low: null, high: null, reason: null, rangeReason: null };
  const { balance, balanceAt, perDay, now } = input;
  if (balance === null || balanceAt === null) {
    out.reason = 'no balance reading yet';
    return out;
  }
  if (balance <= 0) {
    Object.assign(out, { days: 0, zeroAt: balanceAt, low: 0, high: 0 });
    return out;
  }
  if (perDay === null) {
    out.reason = `burn rate unknown: ${input.burnReason ?? 'not enough history'}`;
    return out;
  }
  if (perDay <= 0) {
    out.reason = 'nothing was spent in the burn window, so the balance is not running down';
    return out;
  }
  const daysAt = (rate: number) => Math.max(0, (balanceAt + (balance / rate) * DAY_MS - now) / DAY_MS);
  out.zeroAt = Math.round(balanceAt + (balance / perDay) * DAY_MS);
  out.days = daysAt(perDay);
  if (input.dailyRates.length < MIN_DAYS_FOR_RANGE) {
    out.rangeReason = `needs ${MIN_DAYS_FOR_RANGE} days of history with spend data (has ${input.dailyRates.length})`;
    return out;
  }
  const p10 = percentile(input.dailyRates, 0.1);
  const p90 = percentile(input.dailyRates, 0.9);
  out.low = Math.min(out.days, p90 > 0 ? daysAt(p90) : out.days);
  out.high = p10 > 0 ? Math.max(out.days, daysAt(p10)) : null;
  if (out.high === null) out.rangeReason = 'on light days nothing is spent, so there is no upper bound';
  return out;
}

/** Linear-interpolated percentile (p in 0..1) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}
