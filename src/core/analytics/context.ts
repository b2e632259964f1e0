import { findAccount } from '../account-ref.ts';
import type { Database } from 'better-sqlite3';
import type { Core } from '../core.ts';
import { PacksRepo } from '../store/packs-repo.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';

const packsByDb = new WeakMap<Database, PacksRepo>();

/** The packs repository of a core's database (prepared once per connection). */
export function packsRepo(core: Core): PacksRepo {
  let repo = packsByDb.get(core.db);
  if (!repo) {
    repo = new PacksRepo(core.db);
    packsByDb.set(core.db, repo);
  }
  return repo;
}

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
