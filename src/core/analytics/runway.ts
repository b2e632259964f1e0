import { DAY_MS } from '../store/segments.ts';
import { projectBalance } from './projection.ts';
import type { ProjectedPack, ZeroCause } from './projection.ts';
import type { FigureReason } from '../../shared/status.ts';

export interface Runway {
  /** Days from now until the projected balance reaches zero; null when unknown or never. */
  days: number | null;
  /** When that happens (unix ms). */
  zeroAt: number | null;
  /** Whether spend or a pack's expiry takes the last of the balance; null when it never runs out. */
  cause: ZeroCause | null;
  /** Days left at a heavy day's pace (90th percentile of recent daily spend). */
  low: number | null;
  /** Days left at a light day's pace (10th percentile); null when then it never runs out. */
  high: number | null;
  /**
   * Micros that expire unused before the balance reaches zero (all that will, when it
   * never does), and how much of each pack; null when the burn is unknown.
   */
  expiringBeforeZero: number | null;
  lostByPack: number[];
  reason: string | null;
  rangeReason: string | null;
  /** `reason` and `rangeReason` as the window says them in its language. */
  why: FigureReason | null;
  rangeWhy: FigureReason | null;
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
  /** burnReason, for the window (see FigureReason). */
  burnWhy?: FigureReason | null;
  /** Recent daily spend, micros per day. */
  dailyRates: number[];
  /**
   * The packs live at `balanceAt` with what they hold then (capped at the balance), in
   * draw-down order. Empty for an account without packs: the balance then never expires.
   */
  packs?: readonly ProjectedPack[];
  now: number;
}

/**
 * Runway as a projection of the ledger (projection.ts): the balance is projected from its
 * reading at the burn, drawing earliest-expiry packs first, and each pack's unused
 * remainder leaves it at its expiry. Runway is when the projected balance reaches zero, so
 * a reading from yesterday does not add a day, and credits about to expire do not count as
 * days of spend. The range is the same projection at a heavy day's pace (p90: low end) and
 * a light day's (p10: high end).
 */
export function computeRunway(input: RunwayInput): Runway {
  const out: Runway = {
    days: null,
    zeroAt: null,
    cause: null,
    low: null,
    high: null,
    expiringBeforeZero: null,
    lostByPack: [],
    reason: null,
    rangeReason: null,
    why: null,
    rangeWhy: null,
  };
  const { balance, balanceAt, perDay, now } = input;
  const packs = input.packs ?? [];
  if (balance === null || balanceAt === null) {
    out.reason = 'no balance reading yet';
    out.why = { code: 'no_balance' };
    return out;
  }
  if (balance <= 0) {
    Object.assign(out, { days: 0, zeroAt: balanceAt, cause: 'spend', low: 0, high: 0, expiringBeforeZero: 0 });
    out.lostByPack = packs.map(() => 0);
    return out;
  }
  if (perDay === null) {
    out.reason = `burn rate unknown: ${input.burnReason ?? 'not enough history'}`;
    out.why = { code: 'burn_unknown', ...(input.burnWhy ? { cause: input.burnWhy } : {}) };
    return out;
  }
  const project = (rate: number) => projectBalance({ from: balanceAt, balance, packs, perDay: rate });
  const daysUntil = (zeroAt: number) => Math.max(0, (zeroAt - now) / DAY_MS);
  const main = project(perDay);
  out.expiringBeforeZero = main.lostBeforeZero;
  out.lostByPack = main.packs.map((p) => p.unused);
  if (main.zeroAt === null) {
    out.reason =
      perDay <= 0
        ? 'nothing was spent in the burn window, so the balance is not running down'
        : 'the balance is not running down';
    out.why = { code: perDay <= 0 ? 'no_spend' : 'not_running_down' };
    return out;
  }
  out.zeroAt = main.zeroAt;
  out.cause = main.cause;
  out.days = daysUntil(main.zeroAt);
  if (perDay <= 0) {
    // Nothing is spent, yet every credit left is in packs that expire: the range is the point.
    Object.assign(out, { low: out.days, high: out.days });
    return out;
  }
  if (input.dailyRates.length < MIN_DAYS_FOR_RANGE) {
    out.rangeReason = `needs ${MIN_DAYS_FOR_RANGE} days of history with spend data (has ${input.dailyRates.length})`;
    out.rangeWhy = { code: 'needs_days', params: { needed: MIN_DAYS_FOR_RANGE, has: input.dailyRates.length } };
    return out;
  }
  const p10 = percentile(input.dailyRates, 0.1);
  const p90 = percentile(input.dailyRates, 0.9);
  const heavy = p90 > 0 ? project(p90).zeroAt : null;
  const light = project(Math.max(0, p10)).zeroAt;
  out.low = Math.min(out.days, heavy === null ? out.days : daysUntil(heavy));
  out.high = light === null ? null : Math.max(out.days, daysUntil(light));
  if (out.high === null) {
    out.rangeReason = 'on light days nothing is spent, so there is no upper bound';
    out.rangeWhy = { code: 'no_upper_bound' };
  }
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
