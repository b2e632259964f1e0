/**
 * Where API keys live. The app uses only the OS keychain (keychain.ts); there is
 * deliberately no database fallback. `burnrate serve` on a host without a keychain may
 * name owner-only key files per account instead (key-files.ts).
 */
export interface SecretStore {
  /** The key for an account, or null when none is stored. */
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(accountId: string): Promise<boolean>;
  /** Throws KeychainUnavailableError when the keychain cannot be used right now. */
  check(): Promise<void>;
  /**
   * Whether this store has a key for the account that the database does not record (a key
   * file given to `burnrate serve`): such an account is polled with that key.
   */
  holds?(accountId: string): boolean;
}

export class KeychainUnavailableError extends Error {
  override name = 'KeychainUnavailableError';
  readonly code = 'keychain_unavailable';
  readonly detail: string;
  constructor(message: string, detail: string) {
    super(message);
    this.detail = detail;
  }
}

export function keychainHelp(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'unlock the login keychain (Keychain Access) and try again';
    case 'win32':
      return 'sign in to Windows so Credential Manager is available, then try again';
    default:
      return 'start and unlock a Secret Service keyring (GNOME Keyring or KWallet) in your desktop session, then try again';
  }
}
