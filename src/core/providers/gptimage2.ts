import type { ProviderDefinition } from './types.ts';

/** GPT Image 2 API (seed 003): no balance endpoint. The balance is recorded by hand;
 * task lookups by id reconcile what a task really cost. */
export const gptimage2: ProviderDefinition = {
  id: 'gptimage2',
  name: 'GPT Image 2 API',
  unit: 'credits',
  capabilities: ['manual', 'tasks'],
  defaultBaseUrl: 'https://gptimage2api.org',
  keyRequired: false,
  keyHint: 'API key (sk_live_…), only needed for task lookups',
  options: [],
  docsUrl: 'https://gptimage2api.org',
};
