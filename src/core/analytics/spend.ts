import type { RollupsRepo } from '../store/rollups-repo.ts';
import { EVENT_TOPUP } from '../store/rollup-accumulator.ts';
import { mulDivMicros } from '../../shared/decimal.ts';
import type { BalancePoint } from '../store/segments.ts';
import { HOUR_MS, classifySegment, floorTo, overlapMs, shareBetween } from '../store/segments.ts';
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
 * so the result equals summing every reading (the rollups must be fresh). Before the
 * account's retention horizon there are no raw readings: a sub-hour end there takes its
 * share of the hour's rollup in proportion to time, and its top-ups and resets, exactly,
 * from the balance events.
 */
export function spendBetween(
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  from: number,
  to: number,
): SpendTotals {
  const totals: SpendTotals = { spend: 0, topups: 0, resets: 0, coveredMs: 0 };
  const pieces = splitRange(from, to);
  for (const [a, b] of pieces.days) addSum(totals, rollups.sum('rollup_day', accountPk, unit, a, b));
  for (const [a, b] of pieces.hours) addSum(totals, rollups.sum('rollup_hour', accountPk, unit, a, b));
  if (pieces.raw.length === 0) return totals;
  const horizon = rollups.horizon(accountPk) ?? Number.NEGATIVE_INFINITY;
  for (const [a, b] of pieces.raw) {
    // The horizon is a day boundary, so a piece straddles it at most once.
    if (a < horizon) prunedSpend(totals, rollups, accountPk, unit, a, Math.min(b, horizon));
    if (b > horizon) rawSpend(totals, rollups, accountPk, unit, Math.max(a, horizon), b);
  }
  return totals;
}

/** Part of one or two hours before the retention horizon, from their rollups and events. */
function prunedSpend(
  t: SpendTotals,
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  from: number,
  to: number,
): void {
  for (const b of rollups.range('rollup_hour', accountPk, floorTo(from, HOUR_MS), to)) {
    if (b.unit !== unit) continue;
    const part = overlapMs(b.bucket, b.bucket + HOUR_MS, from, to);
    t.spend += mulDivMicros(b.spend, part, HOUR_MS);
    t.coveredMs += Math.round((b.covered_ms * part) / HOUR_MS);
  }
  for (const e of rollups.events(accountPk, from, to)) {
    if (e.unit !== unit) continue;
    if (e.kind === EVENT_TOPUP) t.topups += e.amount;
    else t.resets += 1;
  }
}

function addSum(t: SpendTotals, s: { spend: number; topups: number; resets: number; covered_ms: number }): void {
  t.spend += s.spend;
  t.topups += s.topups;
  t.resets += s.resets;
  t.coveredMs += s.covered_ms;
}

/** The segments that overlap [from, to), from the raw readings. */
function rawSpend(
  t: SpendTotals,
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  from: number,
  to: number,
): void {
  const chain: BalancePoint[] = [];
  const before = rollups.previousBalance(accountPk, from + 1); // at or before `from`
  if (before) chain.push(before);
  chain.push(...rollups.balancePointsBetween(accountPk, from, to));
  const after = rollups.nextBalance(accountPk, to);
  if (after) chain.push(after);
  const quotaResets = rollups.quotaResets(accountPk);
  const late = chain.length > 0 ? rollups.lateSince(accountPk, chain[0]!.ts) : new Set<number>();
  for (let i = 1; i < chain.length; i++) {
    const prev = chain[i - 1]!;
    const cur = chain[i]!;
    if (cur.unit !== unit) continue;
    const segment = classifySegment(prev, cur, quotaResets);
    // As the rollups read it: a reading stored out of order is never a top-up's end.
    if (segment.kind === 'topup' && (late.has(cur.ts) || late.has(prev.ts))) continue;
    if (segment.kind === 'spend') {
      t.spend += shareBetween(segment.amount, prev.ts, cur.ts, Math.max(from, prev.ts), Math.min(to, cur.ts));
      t.coveredMs += overlapMs(prev.ts, cur.ts, from, to);
    } else if (cur.ts >= from && cur.ts < to) {
      if (segment.kind === 'topup') t.topups += segment.amount;
      else if (segment.kind === 'reset') t.resets += 1;
    }
  }
}
