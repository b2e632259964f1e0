import type { Migration } from './types.ts';

/**
 * Step 5 belongs to a schema change that is not in this tree. This empty step holds its
 * number so the steps stay contiguous; the real step replaces it when it lands.
 */
export const migration005: Migration = {
  version: 5,
  name: 'reserved',
  up() {},
};
