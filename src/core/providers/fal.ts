import type { ProviderDefinition } from './types.ts';

/** fal: USD credits, read with an admin key (`Authorization: Key …`). */
export const fal: ProviderDefinition = {
  id: 'fal',
  name: 'fal',
  unit: 'USD',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.fal.ai',
  keyRequired: true,
  keyHint: 'Admin API key',
  options: [],
  docsUrl: 'https://docs.fal.ai/platform-apis/v1/account/billing',
};
