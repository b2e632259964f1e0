import type { RollupsRepo } from '../store/rollups-repo.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import type { PackEndReason } from '../../shared/status.ts';
import { DAY_MS } from '../store/segments.ts';
import { spendBetween } from './spend.ts';
import { capToBalance, projectBalance } from './projection.ts';
import type { ProjectedPack } from './projection.ts';

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

export interface LedgerBalance {
  /** The newest balance (micros) and when it was read: caps what the packs hold and starts the projection. */
  balance: number;
  at: number;
}

/**
 * Spend draws packs down earliest expiry first, lifetime packs last: the cheapest way to
 * use them, and what a provider with one shared balance effectively does. Packs are
 * replayed from the first purchase: between consecutive purchases/expiries the set of live
 * packs is fixed, so the spend of each such interval (exact, from the rollups) is taken
 * from them in order. Spend beyond every pack draws from balance that no pack records.
 * What the packs hold is then capped at the newest balance (earliest expiry emptied first),
 * and their future comes from the one balance projection (projection.ts) that runway uses.
 */
export function packLedger(
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  packs: readonly PackRecord[],
  now: number,
  burnPerDay: number | null,
  newest: LedgerBalance | null = null,
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

  // The projection starts at the newest balance reading (never after now): what packs hold is
  // known as of then, and a pack that expired since still held its remainder at that reading.
  const from = newest ? Math.min(newest.at, now) : now;
  const liveAt = (p: PackRecord, t: number) => p.expiresAt === null || p.expiresAt > t;
  if (newest) {
    const live = order.filter((i) => liveAt(bought[i]!, from));
    const capped = capToBalance(
      live.map((i) => remaining[i]!),
      newest.balance,
    );
    live.forEach((i, k) => (remaining[i] = capped[k]!));
  }

  const entries = bought.map<PackLedgerEntry>((pack, i) => {
    const expired = !liveAt(pack, now);
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
  for (const i of order) {
    const e = entries[i]!;
    if (!e.expired && e.remaining === 0) Object.assign(e, { endReason: 'used_up', projectedUnused: 0, extraPerDay: 0 });
  }
  if (burnPerDay === null) return entries;

  const balance = newest ? newest.balance : null;
  const drawn = livePacksAt(entries, from);
  const projected = drawn.map(({ remaining, expiresAt }) => ({ remaining, expiresAt }));
  // Without a balance reading the packs are all there is to draw.
  const total = balance ?? projected.reduce((a, p) => a + p.remaining, 0);
  const fates = projectBalance({ from, balance: total, packs: projected, perDay: burnPerDay }).packs;
  drawn.forEach(({ entry: e }, k) => {
    if (e.expired) return; // expired since the reading: its figures are history
    const f = fates[k]!;
    e.endsAt = f.endsAt;
    e.endReason = f.usedUpAt !== null ? 'used_up' : f.endsAt !== null ? 'expires' : null;
    e.projectedUnused = f.unused;
    e.extraPerDay = f.unused === 0 ? 0 : Math.max(0, Math.ceil(rateToUseUp(projected, total, k, from) - burnPerDay));
  });
  return entries;
}

/**
 * The packs a projection starting at `from` draws: live then, with something left, in
 * draw-down order. A pack that expired between the reading and now is included: the
 * reading's balance still held its remainder.
 */
export function livePacksAt(
  entries: readonly PackLedgerEntry[],
  from: number,
): Array<{ entry: PackLedgerEntry; remaining: number; expiresAt: number | null }> {
  return drawOrder(entries.map((e) => e.pack))
    .map((i) => entries[i]!)
    .filter((e) => e.remaining > 0 && (e.pack.expiresAt === null || e.pack.expiresAt > from))
    .map((entry) => ({ entry, remaining: entry.remaining, expiresAt: entry.pack.expiresAt }));
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

/**
 * The lowest constant rate (micros/day) at which pack k is used up before it expires.
 * Unused credits only shrink as the rate grows, so a bisection finds it; the upper bound
 * (everything up to pack k drawn by its expiry) always suffices.
 */
function rateToUseUp(packs: readonly ProjectedPack[], balance: number, k: number, from: number): number {
  const expiresAt = packs[k]!.expiresAt;
  if (expiresAt === null) return 0;
  if (expiresAt <= from) return Infinity;
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += packs[i]!.remaining;
  let hi = (sum / (expiresAt - from)) * DAY_MS * 1.000001 + 1;
  let lo = 0;
  for (let step = 0; step < 60 && hi - lo > 0.5; step++) {
    const mid = (lo + hi) / 2;
    if (projectBalance({ from, balance, packs, perDay: mid }).packs[k]!.unused > 0) lo = mid;
    else hi = mid;
  }
  return hi;
}
