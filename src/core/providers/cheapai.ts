import type { ProviderDefinition } from './types.ts';

/** CheapAI (seed 000): one shared credit balance; credit packs with 30-day, 90-day or
 * lifetime validity; per-key daily spend caps answered with 429. */
export const cheapai: ProviderDefinition = {
  id: 'cheapai',
  name: 'CheapAI',
  unit: 'credits',
  capabilities: ['balance', 'packs', 'daily_cap'],
  defaultBaseUrl: 'https://api.cheapaiapi.com',
  keyRequired: true,
  keyHint: 'API key (sk_…)',
  options: [],
  docsUrl: 'https://cheapaiapi.com',
};
