import type { RollupsRepo } from '../store/rollups-repo.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import type { PackEndReason } from '../../shared/status.ts';
import { DAY_MS } from './segments.ts';
import { spendBetween } from './spend.ts';

/** One pack: what is left of it and what will become of it at the current burn. */
export interface PackLedgerEntry {
  pack: PackRecord;
  /** Micros left now (for an expired pack: what was left when it expired). */
  remaining: number;
  expired: boolean;
  /**
   * When this pack ends at the current burn: used up, or its expiry; for an expired pack,
   * the expiry. null when it never ends (lifetime with no spend) or the burn is unknown.
   */
  endsAt: number | null;
  endReason: PackEndReason;
  /** Credits projected to expire unused (micros); for an expired pack, what did. */
  projectedUnused: number | null;
  /** Extra spend per day (micros) that would use the pack up before it expires; 0 when on track. */
  extraPerDay: number | null;
}

/**
 * Spend draws packs down earliest expiry first, lifetime packs last: the cheapest way to
 * use them, and what a provider with one shared balance effectively does. Packs are
 * replayed from the first purchase: between consecutive purchases/expiries the set of live
 * packs is fixed, so the spend of each such interval (exact, from the rollups) is taken
 * from them in order. Spend beyond every pack draws from balance that no pack records.
 */
export function packLedger(
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  packs: readonly PackRecord[],
  now: number,
  burnPerDay: number | null,
): PackLedgerEntry[] {
  const bought = packs.filter((p) => p.purchasedAt <= now);
  const remaining = bought.map((p) => p.credits);
  const order = drawOrder(bought);
  const times = [...new Set([...bought.map((p) => p.purchasedAt), ...bought.map((p) => p.expiresAt ?? Infinity), now])]
    .filter((t) => t <= now)
    .sort((a, b) => a - b);
  for (let k = 0; k + 1 < times.length; k++) {
    const from = times[k]!;
    const to = times[k + 1]!;
    let spend = spendBetween(rollups, accountPk, unit, from, to).spend;
    for (const i of order) {
      if (spend <= 0) break;
      const p = bought[i]!;
      if (p.purchasedAt > from || (p.expiresAt !== null && p.expiresAt <= from)) continue;
      const take = Math.min(spend, remaining[i]!);
      remaining[i]! -= take;
      spend -= take;
    }
  }

  const entries = bought.map<PackLedgerEntry>((pack, i) => {
    const expired = pack.expiresAt !== null && pack.expiresAt <= now;
    return {
      pack,
      remaining: remaining[i]!,
      expired,
      endsAt: expired ? pack.expiresAt : null,
      endReason: expired ? 'expired' : null,
      projectedUnused: expired ? remaining[i]! : null,
      extraPerDay: null,
    };
  });
  const active = order.filter((i) => !entries[i]!.expired && entries[i]!.remaining > 0);
  for (const i of order) {
    const e = entries[i]!;
    if (!e.expired && e.remaining === 0) Object.assign(e, { endReason: 'used_up', projectedUnused: 0, extraPerDay: 0 });
  }
  if (burnPerDay === null) return entries;

  const live = active.map((i) => ({ remaining: entries[i]!.remaining, expiresAt: entries[i]!.pack.expiresAt }));
  const projection = project(live, now, burnPerDay);
  active.forEach((i, k) => {
    const e = entries[i]!;
    const p = projection[k]!;
    e.endsAt = p.endsAt;
    e.endReason = p.usedUpAt !== null ? 'used_up' : p.endsAt !== null ? 'expires' : null;
    e.projectedUnused = p.unused;
    e.extraPerDay = p.unused === 0 ? 0 : Math.max(0, Math.ceil(rateToUseUp(live, k, now) - burnPerDay));
  });
  return entries;
}

/** Indexes of packs in draw-down order: earliest expiry first, lifetime last, then oldest. */
function drawOrder(packs: readonly PackRecord[]): number[] {
  return packs
    .map((_, i) => i)
    .sort((a, b) => {
      const pa = packs[a]!;
      const pb = packs[b]!;
      const ea = pa.expiresAt ?? Infinity;
      const eb = pb.expiresAt ?? Infinity;
      return ea !== eb ? ea - eb : pa.purchasedAt - pb.purchasedAt;
    });
}

interface Projected {
  /** When the pack stops being drawn: used up or expired; null if never. */
  endsAt: number | null;
  usedUpAt: number | null;
  /** Micros that expire unused. */
  unused: number;
}

/**
 * Draw live packs (already in draw-down order) at a constant rate from `now`: each pack is
 * drawn until used up or expired, then the next. A rate of 0 leaves every dated pack to
 * expire with all it holds.
 */
export function project(
  packs: ReadonlyArray<{ remaining: number; expiresAt: number | null }>,
  now: number,
  perDay: number,
): Projected[] {
  let t = now;
  return packs.map(({ remaining, expiresAt }) => {
    if (perDay <= 0) return { endsAt: expiresAt, usedUpAt: null, unused: expiresAt === null ? 0 : remaining };
    const useEnd = t + (remaining / perDay) * DAY_MS;
    if (expiresAt !== null && useEnd > expiresAt) {
      // Floats are fine here: a projection, not a sum over history.
      const drawn = t < expiresAt ? Math.min(remaining, Math.floor((perDay * (expiresAt - t)) / DAY_MS)) : 0;
      t = Math.max(t, expiresAt);
      return { endsAt: expiresAt, usedUpAt: null, unused: remaining - drawn };
    }
    t = useEnd;
    return { endsAt: Math.round(useEnd), usedUpAt: Math.round(useEnd), unused: 0 };
  });
}

/**
 * The lowest constant rate (micros/day) at which pack k is used up before it expires.
 * Unused credits only shrink as the rate grows, so a bisection finds it; the upper bound
 * (everything up to pack k drawn by its expiry) always suffices.
 */
function rateToUseUp(
  packs: ReadonlyArray<{ remaining: number; expiresAt: number | null }>,
  k: number,
  now: number,
): number {
  const expiresAt = packs[k]!.expiresAt;
  if (expiresAt === null) return 0;
  if (expiresAt <= now) return Infinity;
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += packs[i]!.remaining;
  let hi = (sum / (expiresAt - now)) * DAY_MS * 1.000001 + 1;
  let lo = 0;
  for (let step = 0; step < 60 && hi - lo > 0.5; step++) {
    const mid = (lo + hi) / 2;
    if (project(packs, now, mid)[k]!.unused > 0) lo = mid;
    else hi = mid;
  }
  return hi;
}
