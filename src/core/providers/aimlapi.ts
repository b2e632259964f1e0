import type { ProviderDefinition } from './types.ts';

/** AIML API: credits, 2,000,000 per USD. */
export const aimlapi: ProviderDefinition = {
  id: 'aimlapi',
  name: 'AIML API',
  unit: 'credits',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.aimlapi.com',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://docs.aimlapi.com',
};
