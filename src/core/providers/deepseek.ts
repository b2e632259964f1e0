import type { ProviderDefinition } from './types.ts';

/** DeepSeek: balance per currency (CNY or USD), as decimal strings. */
export const deepseek: ProviderDefinition = {
  id: 'deepseek',
  name: 'DeepSeek',
  unit: 'CNY',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.deepseek.com',
  keyRequired: true,
  keyHint: 'API key (sk-…)',
  options: [],
  docsUrl: 'https://api-docs.deepseek.com/api/get-user-balance',
};
