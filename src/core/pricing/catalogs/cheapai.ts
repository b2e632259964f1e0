import type { PriceCatalog } from '../types.ts';

/**
 * CheapAI (seed 000, cheapaiapi.com/docs/billing and /docs/image-generation) publishes its
 * credit packs but no per-model price table: image tasks have a price check instead,
 * POST /v1i/task/price → {"success":true,"credits":N}. So the static catalog is empty; each
 * price check an estimate makes is kept (with its date) as that model's price for the
 * account, and a person can add prices with `burnrate prices set`.
 */
export const CHEAPAI_CATALOG: PriceCatalog = {
  provider: 'cheapai',
  note: 'CheapAI publishes no per-model prices: an estimate asks its price check, and each answer is kept as a price',
  entries: [],
};
