/**
 * What the balance buys: price catalogs (static, live, the person's own), counts of work a
 * balance and a day of burn pay for, and estimates of a job's cost. See docs/design.md,
 * "Prices and what the balance buys".
 */
export { computeBuys } from './buys.ts';
export type { BuysAccount } from './buys.ts';
export { estimate } from './estimate.ts';
export { accountPricing, setAccountPricingSettings } from './catalog.ts';
export { importPrices, listPrices, removePrice, removePriceById, setPrice } from './overrides.ts';
export { packOffers } from './pack-offers.ts';
export { staticPriceCatalog } from './catalogs/index.ts';
