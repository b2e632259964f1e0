import { findAccount } from '../account-ref.ts';
import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';

/**
 * Every query entry point starts here: rebuild any rollups still pending (after migration
 * 002) so what follows reads consistent figures. The app leaves that to a worker at start
 * (core.deferRollupRebuilds): a rebuild of a year takes seconds.
 */
export function freshen(core: Core): void {
  if (core.deferRollupRebuilds) return;
  core.repos.readings.rollups.ensureFresh();
}

/** An account by id or label, including removed ones when asked (their history is kept). */
export function resolveAccount(core: Core, ref: string, includeRemoved = false): StoredAccount {
  return findAccount(core.repos.accounts, ref, { includeRemoved });
}
