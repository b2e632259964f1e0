import type { SecretStore } from './secret-store.ts';
import { KeychainUnavailableError } from './secret-store.ts';
import { readSecretFile } from './secret-file.ts';
import { UserError } from '../errors.ts';

/**
 * `burnrate serve --key-file <account>=<path>`: keys read from owner-only files (see
 * secret-file.ts) for the accounts named, the keychain for every other account. This is the
 * server mode's trade-off for hosts without a keychain: the key sits in a file only its user
 * can read, instead of in an encrypted store. It is never taken from a flag or the
 * environment.
 *
 * The file is read again for each poll, so a rotated key is used from the next poll on; a
 * file that went missing or became readable by others makes that account's polls fail as a
 * keychain does when it cannot give a key (nothing is sent, nothing stored, tried again
 * later). Keys are never written to these files: adding or replacing a key goes to the
 * keychain as always.
 */
export function withKeyFiles(files: ReadonlyMap<string, string>, keychain: SecretStore): SecretStore {
  const read = (accountId: string, file: string): string => {
    try {
      return readSecretFile(file, { what: 'the key file' });
    } catch (error) {
      if (error instanceof UserError) throw new KeychainUnavailableError(error.message, error.message);
      throw error;
    }
  };
  return {
    get: async (accountId) => {
      const file = files.get(accountId);
      return file === undefined ? keychain.get(accountId) : read(accountId, file);
    },
    set: (accountId, secret) => keychain.set(accountId, secret),
    delete: (accountId) => keychain.delete(accountId),
    check: () => keychain.check(),
    holds: (accountId) => files.has(accountId),
  };
}
