export type { SecretStore } from './secret-store.ts';
export { KeychainUnavailableError, keychainHelp } from './secret-store.ts';
export { createKeychain } from './keychain.ts';
export type { KeytarLike } from './keychain.ts';
export { withKeyFiles } from './key-files.ts';
export { readSecretFile } from './secret-file.ts';
