import type { ProviderDefinition } from './types.ts';

/** Moonshot / Kimi: api.moonshot.cn bills in CNY, api.moonshot.ai in USD. */
export const moonshot: ProviderDefinition = {
  id: 'moonshot',
  name: 'Moonshot (Kimi)',
  unit: 'CNY',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.moonshot.cn',
  keyRequired: true,
  keyHint: 'API key (sk-…)',
  options: [],
  docsUrl: 'https://platform.moonshot.ai/docs/api/balance',
};
