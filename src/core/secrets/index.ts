export type { SecretStore } from './secret-store.ts';
export { KeychainUnavailableError, keychainHelp } from './secret-store.ts';
export { createKeychain } from './keychain.ts';
export type { KeytarLike } from './keychain.ts';
