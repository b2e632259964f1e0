import { UserError } from './errors.ts';
import type { AccountsRepo, StoredAccount } from './store/accounts-repo.ts';
import { didYouMean } from '../shared/suggest.ts';

/**
 * The one way an account named by a person (a command's argument, `--account`) is found:
 * its id, else its label, else its label in another case ("Main" for "main"). A label that
 * several accounts share is refused with each of them listed, never settled by guessing; a
 * name that matches nothing says which one was probably meant.
 *
 * Removed accounts are found by id only, and only when `includeRemoved` (their history can
 * still be read).
 */
export function findAccount(
  repo: AccountsRepo,
  ref: string,
  options: { includeRemoved?: boolean } = {},
): StoredAccount {
  const byId = repo.get(ref);
  if (byId && (!byId.removedAt || options.includeRemoved)) return byId;
  const live = repo.list();
  for (const same of [
    (a: StoredAccount) => a.label === ref,
    (a: StoredAccount) => a.label.toLowerCase() === ref.toLowerCase(),
  ]) {
    const found = live.filter(same);
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      throw new UserError(
        'conflict',
        `${found.length} accounts are labelled ${JSON.stringify(ref)}: ${found.map((a) => `${a.id} (${a.provider})`).join(', ')}; name one by its id`,
      );
  }
  const names = live.flatMap((a) => [a.label, a.id]);
  throw new UserError(
    'not_found',
    `no account with id or label ${JSON.stringify(ref.slice(0, 80))}${didYouMean(ref, names)}`,
  );
}
