import type { Unit } from '../../shared/units.ts';
import { QUOTA_PER_USD } from '../../shared/units.ts';
import type { MoneySettings } from '../analytics/settings.ts';
import type { Exact } from './exact.ts';
import { ONE, div, exact, mul, parseExact } from './exact.ts';

/**
 * The factor that turns an amount in `from` into `to`, or null when no fixed rate is known.
 * Only explicit rates: new-api's 500,000 quota per dollar and the user's CNY rate. Credits
 * and characters have no fixed rate (a pack's price is what was paid, not a price list).
 */
export function conversion(from: Unit, to: Unit, settings: Pick<MoneySettings, 'cnyPerUsd'>): Exact | null {
  if (from === to) return ONE;
  const perUsd = (u: Unit): Exact | null =>
    u === 'USD'
      ? ONE
      : u === 'quota'
        ? exact(BigInt(QUOTA_PER_USD))
        : u === 'CNY'
          ? parseExact(settings.cnyPerUsd)
          : null;
  const f = perUsd(from);
  const t = perUsd(to);
  return f === null || t === null ? null : mul(div(ONE, f), t);
}
