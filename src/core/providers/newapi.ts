import type { ProviderDefinition } from './types.ts';

/** new-api / one-api gateways (seed 004), which most resellers run. 500,000 quota = $1. */
export const newapi: ProviderDefinition = {
  id: 'newapi',
  name: 'new-api / one-api gateway',
  unit: 'quota',
  capabilities: ['balance', 'key_limit', 'key_expiry', 'daily_cap'],
  defaultBaseUrl: null,
  keyRequired: true,
  keyHint: 'sk- key, or the user access token when auth=access_token',
  options: [
    {
      name: 'auth',
      label: 'Authentication',
      type: 'enum',
      values: ['key', 'access_token'],
      default: 'key',
      required: false,
      description: 'key: an ordinary sk- key; access_token: the user access token with the user id (reads the whole user quota)',
    },
    {
      name: 'userId',
      label: 'User id',
      type: 'integer',
      required: false,
      description: 'Your numeric user id; new-api needs it (New-Api-User header) with an access token',
    },
    {
      name: 'flavor',
      label: 'Gateway',
      type: 'enum',
      values: ['new-api', 'one-api'],
      default: 'new-api',
      required: false,
      description: 'Which gateway the site runs',
    },
    {
      name: 'currency',
      label: 'Site display currency',
      type: 'enum',
      values: ['USD', 'CNY', 'tokens'],
      default: 'USD',
      required: false,
      description: 'How the site shows amounts: USD, CNY (× its exchange rate) or raw tokens',
    },
    {
      name: 'exchangeRate',
      label: 'Site CNY per USD',
      type: 'number',
      default: 7.3,
      required: false,
      description: "The site's CNY/USD exchange rate, when it displays CNY",
    },
  ],
  docsUrl: 'https://github.com/QuantumNous/new-api',
};
