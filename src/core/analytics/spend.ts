import type { RollupsRepo } from '../store/rollups-repo.ts';
import type { BalancePoint } from './segments.ts';
import { classifySegment, overlapMs, shareBetween } from './segments.ts';
import { splitRange } from './time.ts';

/** What the spend chain says about [from, to) for one unit. Amounts are integer micros. */
export interface SpendTotals {
  /** Balance decreases, each spread evenly over the time between its two readings. */
  spend: number;
  /** Increases that were deposits. */
  topups: number;
  /** How many times a resetting quota came back. */
  resets: number;
  /** Milliseconds of [from, to) where spend is known (between two comparable readings). */
  coveredMs: number;
}

/**
 * Exact spend over any range, in a handful of queries: whole days and hours come from the
 * rollups, the sub-hour ends are computed from the raw readings with the same spreading rule,
 * so the result equals summing every reading (the rollups must be fresh).
 */
export function spendBetween(rollups: RollupsRepo, accountPk: number, unit: number, from: number, to: number): SpendTotals {
  const totals: SpendTotals = { spend: 0, topups: 0, resets: 0, coveredMs: 0 };
  const pieces = splitRange(from, to);
  for (const [a, b] of pieces.days) addSum(totals, rollups.sum('rollup_day', accountPk, unit, a, b));
  for (const [a, b] of pieces.hours) addSum(totals, rollups.sum('rollup_hour', accountPk, unit, a, b));
  for (const [a, b] of pieces.raw) rawSpend(totals, rollups, accountPk, unit, a, b);
  return totals;
}

function addSum(t: SpendTotals, s: { spend: number; topups: number; resets: number; covered_ms: number }): void {
  t.spend += s.spend;
  t.topups += s.topups;
  t.resets += s.resets;
  t.coveredMs += s.covered_ms;
}

/** The segments that overlap [from, to), from the raw readings. */
function rawSpend(t: SpendTotals, rollups: RollupsRepo, accountPk: number, unit: number, from: number, to: number): void {
  const chain: BalancePoint[] = [];
  const before = rollups.previousBalance(accountPk, from + 1); // at or before `from`
  if (before) chain.push(before);
  chain.push(...rollups.balancePointsBetween(accountPk, from, to));
  const after = rollups.nextBalance(accountPk, to);
  if (after) chain.push(after);
  const quotaResets = rollups.quotaResets(accountPk);
  for (let i = 1; i < chain.length; i++) {
    const prev = chain[i - 1]!;
    const cur = chain[i]!;
    if (cur.unit !== unit) continue;
    const segment = classifySegment(prev, cur, quotaResets);
    if (segment.kind === 'spend') {
      t.spend += shareBetween(segment.amount, prev.ts, cur.ts, Math.max(from, prev.ts), Math.min(to, cur.ts));
      t.coveredMs += overlapMs(prev.ts, cur.ts, from, to);
    } else if (cur.ts >= from && cur.ts < to) {
      if (segment.kind === 'topup') t.topups += segment.amount;
      else if (segment.kind === 'reset') t.resets += 1;
    }
  }
}
