import type { Currency, Unit } from '../../shared/units.ts';

/**
 * What the seed providers sell, copied from their billing pages so a pack or top-up can be
 * prefilled without a network round trip (and when a live catalog is not understood).
 * Every figure is an exact decimal string; nothing here is computed.
 *
 * - CheapAI (seed 000): five credit packs, each sold with 30-day, 90-day or lifetime validity
 *   at three different prices. The headline price is the 30-day one.
 * - Cheapa API (seed 001): six USD top-up tiers. The balance is the money itself (1 USD buys
 *   1 USD of balance) and "carries forward indefinitely", so the only validity is lifetime.
 */

/** How long what you bought stays usable; matches `packs add --validity`. */
export type CatalogValidity = '30d' | '90d' | 'lifetime';

export interface CatalogPrice {
  validity: CatalogValidity;
  /** Decimal string, e.g. "37.5". */
  price: string;
  currency: Currency;
}

export interface CatalogPack {
  /** Provider id, as in the registry. */
  provider: string;
  /** The provider's own name for the pack or tier. */
  name: string;
  /** What the pack adds to the balance, in `unit`, as a decimal string. */
  credits: string;
  unit: Unit;
  /** One entry per validity on offer. */
  prices: CatalogPrice[];
}

const usd = (validity: CatalogValidity, price: string): CatalogPrice => ({ validity, price, currency: 'USD' });

const cheapaiPack = (name: string, credits: string, days30: string, days90: string, lifetime: string): CatalogPack => ({
  provider: 'cheapai',
  name,
  credits,
  unit: 'credits',
  prices: [usd('30d', days30), usd('90d', days90), usd('lifetime', lifetime)],
});

/** CheapAI credit packs (seed 000). */
export const CHEAPAI_PACKS: readonly CatalogPack[] = [
  cheapaiPack('starter', '1000000', '25', '30', '37.5'),
  cheapaiPack('standard', '5000000', '90', '108', '135'),
  cheapaiPack('pro', '10000000', '170', '204', '255'),
  cheapaiPack('business', '50000000', '750', '900', '1125'),
  cheapaiPack('enterprise', '100000000', '1300', '1560', '1950'),
];

const cheapaTier = (name: string, amount: string): CatalogPack => ({
  provider: 'cheapa',
  name,
  credits: amount,
  unit: 'USD',
  prices: [usd('lifetime', amount)],
});

/** Cheapa API top-up tiers (seed 001). */
export const CHEAPA_TOP_UPS: readonly CatalogPack[] = [
  cheapaTier('Starter', '10'),
  cheapaTier('Standard', '25'),
  cheapaTier('Developer', '50'),
  cheapaTier('Team', '100'),
  cheapaTier('Growth', '250'),
  cheapaTier('Enterprise', '500'),
];

const BY_PROVIDER: ReadonlyMap<string, readonly CatalogPack[]> = new Map([
  ['cheapai', CHEAPAI_PACKS],
  ['cheapa', CHEAPA_TOP_UPS],
]);

/** The static catalog of a provider; empty when we know none. */
export function staticCatalog(providerId: string): readonly CatalogPack[] {
  return BY_PROVIDER.get(providerId) ?? [];
}
