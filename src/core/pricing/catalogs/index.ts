import type { PriceCatalog } from '../types.ts';
import { CHEAPAI_CATALOG } from './cheapai.ts';
import { CHEAPA_CATALOG } from './cheapa.ts';
import { GPTIMAGE2_CATALOG } from './gptimage2.ts';
import { LUMENFALL_CATALOG } from './lumenfall.ts';
import { NEWAPI_CATALOG } from './newapi.ts';

const CATALOGS: ReadonlyMap<string, PriceCatalog> = new Map(
  [CHEAPAI_CATALOG, CHEAPA_CATALOG, LUMENFALL_CATALOG, GPTIMAGE2_CATALOG, NEWAPI_CATALOG].map((c) => [c.provider, c]),
);

/** A provider's static price catalog; an empty one for providers without a known table. */
export function staticPriceCatalog(provider: string): PriceCatalog {
  return CATALOGS.get(provider) ?? { provider, entries: [], note: null };
}
