import type { ProviderDefinition } from './types.ts';

/** Lumenfall (seed 002): prepaid balance in USD, or postpaid with a credit limit. */
export const lumenfall: ProviderDefinition = {
  id: 'lumenfall',
  name: 'Lumenfall',
  unit: 'USD',
  capabilities: ['balance', 'postpaid'],
  defaultBaseUrl: 'https://api.lumenfall.ai',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://lumenfall.ai',
};
