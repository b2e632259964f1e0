import type { ProviderDefinition } from './types.ts';

/** ElevenLabs: a character quota that resets each billing period — not a wallet. */
export const elevenlabs: ProviderDefinition = {
  id: 'elevenlabs',
  name: 'ElevenLabs',
  unit: 'characters',
  capabilities: ['balance', 'resets'],
  defaultBaseUrl: 'https://api.elevenlabs.io',
  keyRequired: true,
  keyHint: 'API key (xi-api-key)',
  options: [],
  docsUrl: 'https://elevenlabs.io/docs/api-reference/user/subscription/get',
};
