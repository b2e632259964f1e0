export type { SecretStore } from './secret-store.ts';
export { KeychainUnavailableError, keychainHelp } from './secret-store.ts';
export { createKeychain, DEFAULT_KEYCHAIN_SERVICE } from './keychain.ts';
export type { KeytarLike, KeychainOptions } from './keychain.ts';
export { withKeyFiles } from './key-files.ts';
export { readSecretFile } from './secret-file.ts';
