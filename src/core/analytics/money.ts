import type { Currency, Unit } from '../../shared/units.ts';
import { QUOTA_PER_USD } from '../../shared/units.ts';
import { MICROS_PER_UNIT, mulDivMicros, toMicros } from '../../shared/decimal.ts';
import type { MoneySettings } from './settings.ts';

/**
 * What a credit is worth, from the packs that hold it: each pack's price per credit,
 * weighted by how much of it remains (what you would lose if it vanished). Falls back to
 * weighting by size when every pack is used up, since the next credits will cost the same.
 */
export interface CreditPricing {
  terms: Array<{ weight: number; priceUsd: number; credits: number }>;
}

export interface MoneyContext {
  settings: MoneySettings;
  /** For `credits`; null when the account has no packs (credits then have no known value). */
  creditPricing: CreditPricing | null;
  /**
   * For `quota`: quota per US dollar on the account's site (decimal string; new-api's
   * quota_per_unit as the site publishes it, or the account's quotaPerUnit option). Absent =
   * 500,000, new-api's default.
   */
  quotaPerUnit?: string | undefined;
}

/** Micros of USD for a pack price (CNY prices at the user's rate). */
export function priceInUsd(priceMicros: number, currency: Currency, settings: MoneySettings): number {
  return currency === 'USD' ? priceMicros : mulDivMicros(priceMicros, MICROS_PER_UNIT, toMicros(settings.cnyPerUsd));
}

export function creditPricing(
  packs: ReadonlyArray<{ credits: number; price: number; currency: Currency; remaining: number }>,
  settings: MoneySettings,
): CreditPricing | null {
  if (packs.length === 0) return null;
  const byRemaining = packs.filter((p) => p.remaining > 0);
  const weighted =
    byRemaining.length > 0
      ? byRemaining.map((p) => ({ p, weight: p.remaining }))
      : packs.map((p) => ({ p, weight: p.credits }));
  return {
    terms: weighted.map(({ p, weight }) => ({
      weight,
      priceUsd: priceInUsd(p.price, p.currency, settings),
      credits: p.credits,
    })),
  };
}

/**
 * Micros of USD that an amount is worth, or null when its unit has no known money value.
 * Conversions are explicit: USD as is, CNY at the user's rate (the cnyPerUsd setting, the
 * only rate money is valued with), new-api quota at its site's quota per dollar (500,000
 * unless the site or the account says otherwise), credits at the packs' price, characters at
 * a user-set price per 1,000.
 */
export function toUsdMicros(amount: number, unit: Unit, ctx: MoneyContext): number | null {
  switch (unit) {
    case 'USD':
      return amount;
    case 'CNY':
      return mulDivMicros(amount, MICROS_PER_UNIT, toMicros(ctx.settings.cnyPerUsd));
    case 'quota':
      return mulDivMicros(amount, MICROS_PER_UNIT, toMicros(ctx.quotaPerUnit ?? QUOTA_PER_USD));
    case 'characters':
      return ctx.settings.usdPer1kCharacters === null
        ? null
        : mulDivMicros(amount, toMicros(ctx.settings.usdPer1kCharacters), 1000 * MICROS_PER_UNIT);
    case 'credits':
      return ctx.creditPricing === null ? null : valueOfCredits(amount, ctx.creditPricing);
  }
}

function valueOfCredits(amount: number, pricing: CreditPricing): number | null {
  const total = pricing.terms.reduce((sum, t) => sum + BigInt(t.weight), 0n);
  if (total === 0n) return null;
  // Σ amount × (w_i / W) × (price_i / credits_i), one exact division per term.
  let sum = 0n;
  for (const t of pricing.terms) {
    if (t.credits <= 0) continue;
    sum += (BigInt(amount) * BigInt(t.weight) * BigInt(t.priceUsd)) / (total * BigInt(t.credits));
  }
  const n = Number(sum);
  return Number.isSafeInteger(n) ? n : null;
}

/** USD micros in the display currency. */
export function fromUsdMicros(usd: number, currency: Currency, settings: MoneySettings): number {
  return currency === 'USD' ? usd : mulDivMicros(usd, toMicros(settings.cnyPerUsd), MICROS_PER_UNIT);
}

/**
 * Micros of the display currency that an amount is worth. An amount already in that
 * currency is taken as it is (no round trip through USD to lose a micro).
 */
export function toDisplayMicros(amount: number, unit: Unit, ctx: MoneyContext): number | null {
  if (unit === ctx.settings.displayCurrency) return amount;
  const usd = toUsdMicros(amount, unit, ctx);
  return usd === null ? null : fromUsdMicros(usd, ctx.settings.displayCurrency, ctx.settings);
}
