import type { Unit } from '../../shared/units.ts';
import { QUOTA_PER_USD } from '../../shared/units.ts';
import type { MoneySettings } from '../analytics/settings.ts';
import type { Exact } from './exact.ts';
import { ONE, div, exact, mul, parseExact } from './exact.ts';

export interface Rates extends Pick<MoneySettings, 'cnyPerUsd'> {
  /** Quota per US dollar on the account's site (decimal string); absent = new-api's 500,000. */
  quotaPerUnit?: string | undefined;
}

/**
 * The factor that turns an amount in `from` into `to`, or null when no fixed rate is known.
 * Only explicit rates: a new-api site's quota per dollar (500,000 unless the site publishes
 * another) and the user's CNY rate. Credits and characters have no fixed rate (a pack's
 * price is what was paid, not a price list).
 */
export function conversion(from: Unit, to: Unit, rates: Rates): Exact | null {
  if (from === to) return ONE;
  const quota = rates.quotaPerUnit ? parseExact(rates.quotaPerUnit) : exact(BigInt(QUOTA_PER_USD));
  const perUsd = (u: Unit): Exact | null =>
    u === 'USD' ? ONE : u === 'quota' ? quota : u === 'CNY' ? parseExact(rates.cnyPerUsd) : null;
  const f = perUsd(from);
  const t = perUsd(to);
  return f === null || t === null ? null : mul(div(ONE, f), t);
}
