import { DAY_MS } from '../store/segments.ts';

/**
 * The balance projected forward from one reading: the one model behind runway, every
 * pack's end and what expires unused. Spend at a constant rate draws the live packs in
 * draw-down order (earliest expiry first, lifetime last), then the balance no pack records;
 * at each pack's expiry whatever is left of it leaves the balance. The balance reaches zero
 * either by spend or at an expiry that takes the last of it.
 *
 * Floats are fine here: a projection, not a sum over history (amounts are rounded to micros).
 */

/** Why the projected balance reaches zero. */
export type ZeroCause = 'spend' | 'pack_expiry';

export interface ProjectedPack {
  /** Micros left at the start of the projection (never more than the balance holds). */
  remaining: number;
  /** Unix ms; null for lifetime. */
  expiresAt: number | null;
}

export interface PackFate {
  /** When the pack stops being drawn: used up, or its expiry; null if never. */
  endsAt: number | null;
  usedUpAt: number | null;
  /** Micros that expire unused (0 when used up or lifetime). */
  unused: number;
}

export interface Projection {
  /** When the projected balance reaches zero; null when it never does. */
  zeroAt: number | null;
  cause: ZeroCause | null;
  /** Per pack, in the order given. */
  packs: PackFate[];
  /** Micros lost to expiry before the balance reaches zero (all of them when it never does). */
  lostBeforeZero: number;
}

export interface ProjectionInput {
  /** Unix ms the balance was read. */
  from: number;
  /** Micros at `from`. */
  balance: number;
  /** Live packs in draw-down order; their remaining must not add up to more than the balance. */
  packs: readonly ProjectedPack[];
  /** Micros per day (0: only expiries move the balance). */
  perDay: number;
}

/** Less than this is nothing (rounding dust of the float steps). */
const DUST = 1;

export function projectBalance(input: ProjectionInput): Projection {
  const { from, perDay } = input;
  const rate = Math.max(0, perDay) / DAY_MS; // micros per ms
  const left = input.packs.map((p) => Math.max(0, p.remaining));
  const fates: PackFate[] = input.packs.map(() => ({ endsAt: null, usedUpAt: null, unused: 0 }));
  const packed = left.reduce((a, b) => a + b, 0);
  let balance = Math.max(0, input.balance);
  // Balance that no pack records (older money, free credits): never expires, drawn last.
  let loose = Math.max(0, balance - packed);
  let t = from;
  let lost = 0;
  const out = (zeroAt: number | null, cause: ZeroCause | null): Projection => ({
    zeroAt: zeroAt === null ? null : Math.round(zeroAt),
    cause,
    packs: fates,
    lostBeforeZero: Math.round(lost),
  });
  if (balance <= 0) return out(from, 'spend');

  for (let guard = 0; guard <= 2 * left.length + 2; guard++) {
    // The pack drawn now: the first in order with something left that has not expired.
    const k = left.findIndex((r, i) => r > DUST && (input.packs[i]!.expiresAt ?? Infinity) > t);
    const nextExpiry = Math.min(
      ...left.map((r, i) => (r > DUST ? (input.packs[i]!.expiresAt ?? Infinity) : Infinity)).filter((e) => e > t),
      Infinity,
    );
    const drawing = k >= 0 ? left[k]! : loose;
    const emptyAt = rate > 0 ? t + drawing / rate : Infinity;
    if (emptyAt === Infinity && nextExpiry === Infinity) return out(null, null);
    if (emptyAt <= nextExpiry) {
      balance -= drawing;
      t = emptyAt;
      if (k < 0) return out(t, 'spend'); // the last of the balance no pack records
      left[k] = 0;
      fates[k] = { endsAt: Math.round(t), usedUpAt: Math.round(t), unused: 0 };
      if (balance <= DUST) return out(t, 'spend');
      continue;
    }
    // An expiry comes first: draw until then, then what is left of each expiring pack goes.
    const drawn = Math.min(drawing, rate * (nextExpiry - t));
    if (k >= 0) left[k]! -= drawn;
    else loose -= drawn;
    balance -= drawn;
    t = nextExpiry;
    for (let i = 0; i < left.length; i++) {
      if (input.packs[i]!.expiresAt !== nextExpiry) continue;
      const unused = left[i]! > DUST ? Math.round(left[i]!) : 0;
      fates[i] = { endsAt: nextExpiry, usedUpAt: null, unused };
      lost += unused;
      balance -= left[i]!;
      left[i] = 0;
    }
    if (balance <= DUST) return out(t, 'pack_expiry');
  }
  return out(null, null);
}

/**
 * Cap what packs hold at the balance: the newest balance is the truth, so when the ledger
 * says more is left than the balance shows, the difference comes out of the packs in
 * draw-down order (earliest expiry first) — what the provider spent first.
 */
export function capToBalance(remaining: readonly number[], balance: number): number[] {
  const out = [...remaining];
  let excess = out.reduce((a, b) => a + b, 0) - Math.max(0, balance);
  for (let i = 0; i < out.length && excess > 0; i++) {
    const take = Math.min(out[i]!, excess);
    out[i]! -= take;
    excess -= take;
  }
  return out;
}
