/**
 * What the balance buys: price catalogs (static, live, the person's own), counts of work a
 * balance and a day of burn pay for, and estimates of a job's cost. See docs/design.md,
 * "Prices and what the balance buys".
 */
export { buysHeadline, computeBuys, computeBuysOffline, headline, headlineText } from './buys.ts';
export type { BuysAccount, BuysModel, BuysOptions } from './buys.ts';
export { estimate, MAX_ESTIMATE_COUNT } from './estimate.ts';
export type { EstimateInput } from './estimate.ts';
export {
  accountPricing,
  accountPricingOffline,
  readAccountPricingSettings,
  setAccountPricingSettings,
  LIVE_MAX_AGE_MS,
} from './catalog.ts';
export type { AccountPricing, NetworkUse } from './catalog.ts';
export { importPrices, listPrices, removePrice, removePriceById, setPrice, pricesRepo } from './overrides.ts';
export type { PriceInput, PublicPrice } from './overrides.ts';
export { packOffers, packOffersOffline } from './pack-offers.ts';
export { staticPriceCatalog } from './catalogs/index.ts';
