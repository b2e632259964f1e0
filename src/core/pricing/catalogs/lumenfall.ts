import type { CatalogEntry, PriceCatalog } from '../types.ts';

/**
 * Lumenfall (seed 002 and docs.lumenfall.ai), in USD per image (a request for n images costs
 * n times). Lumenfall says its catalog prices and dry-run estimates are approximate: the
 * effective cost depends on outputs. Estimates therefore ask Lumenfall first (`?dryRun=true`)
 * and use these only when it cannot answer.
 *
 * gemini-3-pro-image is the cost-estimation reference's example ($0.04 per 1024×1024 image);
 * the rest are the example prices an earlier version of the billing page listed, at 1024×1024.
 */
const DATE = '2026-11-30';
const ESTIMATION = 'docs.lumenfall.ai/api-reference/cost-estimation';
const BILLING = 'docs.lumenfall.ai/billing (example pricing, earlier version)';

const image = (model: string, cost: string, source: string, params?: Record<string, string>): CatalogEntry => ({
  model,
  rule: { kind: 'per_image', cost },
  unit: 'USD',
  source,
  date: DATE,
  note: 'at 1024×1024; approximate',
  ...(params ? { params } : {}),
});

export const LUMENFALL_CATALOG: PriceCatalog = {
  provider: 'lumenfall',
  note: 'prices vary with size and quality; estimates ask Lumenfall (dry run) first',
  entries: [
    image('gemini-3-pro-image', '0.04', ESTIMATION),
    image('imagen-3', '0.04', BILLING),
    image('imagen-3-fast', '0.02', BILLING),
    image('dall-e-3', '0.04', BILLING, { quality: 'standard' }),
    image('dall-e-3', '0.08', BILLING, { quality: 'hd' }),
    image('dall-e-2', '0.02', BILLING),
    image('flux-pro', '0.05', BILLING),
  ],
};
