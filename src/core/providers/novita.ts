import type { ProviderDefinition } from './types.ts';

/** Novita: balances in units of 1/10,000 USD. */
export const novita: ProviderDefinition = {
  id: 'novita',
  name: 'Novita AI',
  unit: 'USD',
  capabilities: ['balance', 'postpaid'],
  defaultBaseUrl: 'https://api.novita.ai',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://novita.ai/docs/api-reference/basic-get-user-balance',
};
