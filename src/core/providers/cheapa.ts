import type { ProviderDefinition } from './types.ts';

/** Cheapa API (seed 001): prepaid USD that never expires; 402 at zero, key stays valid. */
export const cheapa: ProviderDefinition = {
  id: 'cheapa',
  name: 'Cheapa API',
  unit: 'USD',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.cheapaapi.com',
  keyRequired: true,
  keyHint: 'API key (sk-llmaai-…)',
  options: [],
  docsUrl: 'https://cheapaapi.com',
};
