import type { SecretStore } from '../../src/core/secrets/index.ts';
import { KeychainUnavailableError } from '../../src/core/secrets/index.ts';

/**
 * A test double for the keychain, for tests about other things. It lives under test/ on
 * purpose: the app has no non-keychain store. The keychain itself is tested for real in
 * test/core/secrets.
 */
export class MemorySecrets implements SecretStore {
  readonly entries = new Map<string, string>();
  available = true;

  private guard(): void {
    if (!this.available) throw new KeychainUnavailableError('The OS keychain is not available (test)', 'test');
  }
  async get(id: string) {
    this.guard();
    return this.entries.get(id) ?? null;
  }
  async set(id: string, secret: string) {
    this.guard();
    this.entries.set(id, secret);
  }
  async delete(id: string) {
    this.guard();
    return this.entries.delete(id);
  }
  async check() {
    this.guard();
  }
}
