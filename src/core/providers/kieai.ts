import type { ProviderDefinition } from './types.ts';

/** kie.ai: a credit balance; 402 when out of credits, 455 during maintenance. */
export const kieai: ProviderDefinition = {
  id: 'kieai',
  name: 'kie.ai',
  unit: 'credits',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.kie.ai',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://docs.kie.ai',
};
