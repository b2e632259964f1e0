import type { ProviderDefinition } from './types.ts';

/** SiliconFlow: api.siliconflow.cn bills in CNY, api.siliconflow.com in USD. */
export const siliconflow: ProviderDefinition = {
  id: 'siliconflow',
  name: 'SiliconFlow',
  unit: 'CNY',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.siliconflow.cn',
  keyRequired: true,
  keyHint: 'API key (sk-…)',
  options: [],
  docsUrl: 'https://docs.siliconflow.cn/en/api-reference/userinfo/get-user-info',
};
