import type { PriceCatalog } from '../types.ts';

/**
 * new-api / one-api gateways (seed 004): every site sets its own prices, so there is no
 * static table. A new-api site publishes them at GET /api/pricing (see ../newapi-pricing.ts):
 * per-token models as ratios (1 = $0.002 per 1K tokens; output at ratio × completion ratio),
 * per-request models as a USD price. The final price is model price × channel discount ×
 * user discount (the group ratio), and some request fields multiply it (Veo with priority
 * pay-go ×1.8). Seed 004 also documents per-second, per-megapixel and per-image billing;
 * prices of those kinds can be added with `burnrate prices set`.
 */
export const NEWAPI_CATALOG: PriceCatalog = {
  provider: 'newapi',
  note: "each site sets its own prices: they are read from the site's GET /api/pricing",
  entries: [],
};
