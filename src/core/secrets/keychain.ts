import type { SecretStore } from './secret-store.ts';
import { KeychainUnavailableError, keychainHelp } from './secret-store.ts';

/** The subset of keytar we use; injectable so failures can be simulated in tests. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeychainOptions {
  /** Keychain service name; tests and development use their own. */
  service?: string;
  /** Loads keytar lazily: on Linux the native module needs libsecret at load time. */
  load?: () => Promise<KeytarLike>;
  /** A locked keyring can wait forever on an unlock prompt nobody sees; give up after this. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'Burnrate';

async function loadKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike;
  return mod.default ?? mod;
}

/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Manager, Secret
 * Service on Linux): one entry per account, service "Burnrate", account = account id.
 * Every failure becomes a KeychainUnavailableError saying what to do.
 */
export function createKeychain(options: KeychainOptions = {}): SecretStore {
  const service = options.service ?? process.env.BURNRATE_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE;
  const load = options.load ?? loadKeytar;
  const timeoutMs = options.timeoutMs ?? timeoutFromEnv(process.env.BURNRATE_KEYCHAIN_TIMEOUT_MS) ?? 15_000;
  const help = keychainHelp(options.platform ?? process.platform);
  let keytar: Promise<KeytarLike> | null = null;

  async function run<T>(what: string, op: (k: KeytarLike) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      keytar ??= load();
      const k = await keytar;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s (is it locked?)`)),
          timeoutMs,
        );
        timer.unref?.();
      });
      return await Promise.race([op(k), timeout]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      const detail = firstLine(error);
      // A failed load stays failed for this process; retrying a dlopen does not help.
      throw new KeychainUnavailableError(
        `The OS keychain is not available to ${what}: ${detail}. Burnrate keeps API keys only in the keychain; ${help}.`,
        detail,
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  return {
    get: (accountId) => run('read a key', (k) => k.getPassword(service, accountId)),
    set: (accountId, secret) => run('store a key', (k) => k.setPassword(service, accountId, secret)),
    delete: (accountId) => run('delete a key', (k) => k.deletePassword(service, accountId)),
    check: async () => {
      // Reading an entry that never exists proves the keychain answers without loading keys.
      await run('read a key', (k) => k.getPassword(service, 'burnrate-availability-check'));
    },
  };
}

/** For tests only (like BURNRATE_HTTP_TIMEOUT_MS): a shorter wait on a keyring that never answers. */
function timeoutFromEnv(value: string | undefined): number | null {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms > 0 ? ms : null;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim().replace(/\.$/, '') || 'unknown error';
}
