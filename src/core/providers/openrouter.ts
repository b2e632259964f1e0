import type { ProviderDefinition } from './types.ts';

/** OpenRouter: USD credits; keys can carry a spend limit that resets daily/weekly/monthly. */
export const openrouter: ProviderDefinition = {
  id: 'openrouter',
  name: 'OpenRouter',
  unit: 'USD',
  capabilities: ['balance', 'key_limit', 'key_expiry', 'daily_cap'],
  defaultBaseUrl: 'https://openrouter.ai/api',
  keyRequired: true,
  keyHint: 'API key (sk-or-…); a management key also reads the account credits',
  options: [],
  docsUrl: 'https://openrouter.ai/docs/api-reference/limits',
};
