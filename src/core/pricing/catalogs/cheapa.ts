import type { PriceCatalog } from '../types.ts';

/**
 * Cheapa API (seed 001, cheapaapi.com/docs/billing), in USD. Text models are billed per
 * token, input and output separately, at each model's published rate per 1M tokens; the
 * billing page states one model's rates, in its worked example (gpt-5.2: $0.525 in, $4.200
 * out). The generative-media models bill a flat $0.21 per successful generation, whatever
 * the prompt or output size; failed requests are not charged.
 */
const SOURCE = 'seed 001: cheapaapi.com/docs/billing';
const DATE = '2026-11-30';

export const CHEAPA_CATALOG: PriceCatalog = {
  provider: 'cheapa',
  note: "other text models' per-token rates are on Cheapa's model pages: add the ones you use as prices of your own",
  entries: [
    {
      model: 'gpt-5.2',
      rule: { kind: 'per_token', input: '0.525', output: '4.2', perTokens: 1_000_000 },
      unit: 'USD',
      source: SOURCE,
      date: DATE,
      note: "the billing page's worked example",
    },
    ...['nano-banana-2', 'nano-banana-pro', 'veo-3.1'].map((model) => ({
      model,
      rule: { kind: 'per_generation' as const, cost: '0.21' },
      unit: 'USD' as const,
      source: SOURCE,
      date: DATE,
      note: 'failed requests are not charged',
    })),
  ],
};
