/**
 * The rules that turn successive balances into spend, top-ups and resets, and spread spend
 * over time. Pure functions: the rollup maintenance (on every insert, and when history is
 * replayed after an import) and the exact edge sums of the analytics both use these, so a
 * figure read from a rollup and the same figure computed from raw readings agree.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A reading that carried a balance: the links of the spend chain. */
export interface BalancePoint {
  ts: number;
  /** Integer micros. */
  balance: number;
  /** Unit code (see store/codes.ts); a change of unit breaks the chain. */
  unit: number;
  /** When the provider said its cap/quota resets, as of this reading (unix ms), or null. */
  capResetAt: number | null;
}

/**
 * - spend: the balance went down (or stayed); `amount` was used over the segment.
 * - topup: it went up; a deposit of `amount`, not negative spend. How much was used during
 *   the same interval is unknowable, so the interval counts as not covered.
 * - reset: the provider's periodic quota came back (a reset capability, or a known reset
 *   time passed); neither spend nor a deposit. `amount` is the signed change.
 * - break: the unit changed, so the two balances cannot be compared.
 */
export type SegmentKind = 'spend' | 'topup' | 'reset' | 'break';

export interface Segment {
  kind: SegmentKind;
  /** Micros; spend and topup are >= 0, reset is the signed change, break is 0. */
  amount: number;
}

/** Classify the change between two successive balance readings of one account. */
export function classifySegment(prev: BalancePoint, cur: BalancePoint, quotaResets: boolean): Segment {
  if (prev.unit !== cur.unit) return { kind: 'break', amount: 0 };
  const delta = cur.balance - prev.balance;
  const resetPassed = prev.capResetAt !== null && prev.capResetAt <= cur.ts;
  if (delta > 0) return { kind: quotaResets || resetPassed ? 'reset' : 'topup', amount: delta };
  // A quota that resets and whose reset fell inside the interval: it came back and was used
  // again, so the drop we see is not what was used. Better unknown than wrong.
  if (quotaResets && resetPassed) return { kind: 'reset', amount: delta };
  return { kind: 'spend', amount: -delta };
}

/**
 * floor(amount * (x - t0) / (t1 - t0)), exactly: the share of `amount` spent by time x when
 * it is spread evenly over [t0, t1]. Shares of adjacent pieces telescope, so the pieces of a
 * segment always add up to the whole amount, wherever the piece boundaries fall.
 */
export function cumulativeShare(amount: number, t0: number, t1: number, x: number): number {
  if (x <= t0) return 0;
  if (x >= t1) return amount;
  const span = t1 - t0;
  const elapsed = x - t0;
  const product = amount * elapsed;
  if (Number.isSafeInteger(product)) {
    let q = Math.floor(product / span);
    const r = product - q * span;
    if (r < 0) q -= 1;
    else if (r >= span) q += 1;
    return q;
  }
  return Number((BigInt(amount) * BigInt(elapsed)) / BigInt(span));
}

/** The part of a segment's amount that falls in [from, to): exact and additive. */
export function shareBetween(amount: number, t0: number, t1: number, from: number, to: number): number {
  return cumulativeShare(amount, t0, t1, to) - cumulativeShare(amount, t0, t1, from);
}

/** Milliseconds of [t0, t1) inside [from, to). */
export function overlapMs(t0: number, t1: number, from: number, to: number): number {
  return Math.max(0, Math.min(t1, to) - Math.max(t0, from));
}

/**
 * Spread a segment [t0, t1) evenly over fixed-size buckets, starting no earlier than
 * `clipFrom` and ending no later than `clipTo`: visit(bucketStart, share, coveredMs) for each
 * bucket it touches. A gap in polling (offline, asleep) is spread over the hours or days it
 * covers, not dumped into the bucket of the reading that ended it. Shares telescope, so a
 * segment spread in clipped pieces adds up to the same buckets as spread whole.
 */
export function spreadSegment(
  amount: number,
  t0: number,
  t1: number,
  size: number,
  clipFrom: number,
  visit: (bucket: number, share: number, coveredMs: number) => void,
  clipTo = Number.POSITIVE_INFINITY,
): void {
  const start = Math.max(t0, clipFrom);
  const end = Math.min(t1, clipTo);
  if (start >= end) return;
  for (let bucket = floorTo(start, size); bucket < end; bucket += size) {
    const lo = Math.max(start, bucket);
    const hi = Math.min(end, bucket + size);
    if (hi <= lo) continue;
    visit(bucket, shareBetween(amount, t0, t1, lo, hi), hi - lo);
  }
}

export function floorTo(ts: number, size: number): number {
  return Math.floor(ts / size) * size;
}

export function ceilTo(ts: number, size: number): number {
  return Math.ceil(ts / size) * size;
}
