/**
 * Where API keys live. The only implementation the app uses is the OS keychain
 * (keychain.ts); there is deliberately no file or database fallback.
 */
export interface SecretStore {
  /** The key for an account, or null when none is stored. */
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(accountId: string): Promise<boolean>;
  /** Throws KeychainUnavailableError when the keychain cannot be used right now. */
  check(): Promise<void>;
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
