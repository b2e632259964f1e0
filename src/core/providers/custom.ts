import type { ProviderDefinition } from './types.ts';
import { UNITS } from '../../shared/units.ts';

/** Any relay not in the list: a GET endpoint and JSON paths to its figures. */
export const custom: ProviderDefinition = {
  id: 'custom',
  name: 'Custom endpoint',
  unit: 'credits',
  capabilities: ['balance'],
  defaultBaseUrl: null,
  keyRequired: false,
  keyHint: 'The secret sent in the auth header (leave empty if the endpoint needs none)',
  options: [
    { name: 'path', label: 'Path', type: 'string', required: true, description: 'Path of the GET endpoint under the base URL, e.g. /v1/balance' },
    { name: 'balancePath', label: 'Balance JSON path', type: 'string', required: true, description: 'Where the balance is in the reply, e.g. data.balance' },
    { name: 'limitPath', label: 'Limit JSON path', type: 'string', required: false, description: 'Optional: where a spend limit is' },
    { name: 'usedPath', label: 'Used JSON path', type: 'string', required: false, description: 'Optional: where the amount used against the limit is' },
    { name: 'expiryPath', label: 'Expiry JSON path', type: 'string', required: false, description: 'Optional: where the key expiry is (unix seconds or ISO)' },
    { name: 'authHeader', label: 'Auth header', type: 'string', default: 'Authorization', required: false, description: 'Header that carries the secret' },
    { name: 'authScheme', label: 'Auth scheme', type: 'string', default: 'Bearer', required: false, description: 'Word before the secret, e.g. Bearer; "none" sends the secret alone' },
    { name: 'unit', label: 'Unit', type: 'enum', values: [...UNITS], default: 'credits', required: false, description: 'Unit of the amounts after dividing' },
    { name: 'divisor', label: 'Divisor', type: 'number', default: 1, required: false, description: 'Divide the raw figures by this (e.g. 10000 for 1/10,000 USD)' },
  ],
  docsUrl: null,
};
