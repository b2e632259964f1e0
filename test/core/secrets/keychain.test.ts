import { describe, expect, it } from 'vitest';
import { createKeychain, KeychainUnavailableError } from '../../../src/core/secrets/index.ts';
import type { KeytarLike } from '../../../src/core/secrets/index.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../../helpers/keyring.ts';

describe.skipIf(!keyringAvailable)(
  `the OS keychain through keytar (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    it('stores, reads, replaces and deletes one entry per account', async () => {
      const keychain = createKeychain({ service: testService() });
      await keychain.check();
      expect(await keychain.get('acc_one')).toBeNull();
      await keychain.set('acc_one', 'sk_test_123');
      await keychain.set('acc_two', 'sk-or-v1-abc');
      expect(await keychain.get('acc_one')).toBe('sk_test_123');
      await keychain.set('acc_one', 'sk_test_456');
      expect(await keychain.get('acc_one')).toBe('sk_test_456');
      expect(await keychain.delete('acc_one')).toBe(true);
      expect(await keychain.delete('acc_one')).toBe(false);
      expect(await keychain.get('acc_one')).toBeNull();
      expect(await keychain.get('acc_two')).toBe('sk-or-v1-abc');
      await keychain.delete('acc_two');
    });

    it('keeps services apart', async () => {
      const a = createKeychain({ service: testService() });
      const b = createKeychain({ service: testService() });
      await a.set('acc_same', 'for-a');
      expect(await b.get('acc_same')).toBeNull();
      await a.delete('acc_same');
    });
  },
);

describe('when the keychain cannot be used', () => {
  const failing =
    (message: string): (() => Promise<KeytarLike>) =>
    async () => ({
      getPassword: () => Promise.reject(new Error(message)),
      setPassword: () => Promise.reject(new Error(message)),
      deletePassword: () => Promise.reject(new Error(message)),
    });

  it('says what is wrong and what to do, on every operation', async () => {
    const keychain = createKeychain({
      load: failing('The name org.freedesktop.secrets was not provided by any .service files'),
      platform: 'linux',
    });
    const secret = 'sk_secret_value_9';
    for (const op of [
      () => keychain.get('a'),
      () => keychain.set('a', secret),
      () => keychain.delete('a'),
      () => keychain.check(),
    ]) {
      const error = await op().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KeychainUnavailableError);
      expect((error as Error).message).toMatch(/OS keychain is not available/);
      expect((error as Error).message).toMatch(/org\.freedesktop\.secrets/);
      expect((error as Error).message).toMatch(/GNOME Keyring or KWallet/);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('reports a keytar that cannot load (no libsecret) the same way', async () => {
    const keychain = createKeychain({
      load: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
      platform: 'darwin',
    });
    await expect(keychain.get('a')).rejects.toThrow(/libsecret-1\.so\.0.*unlock the login keychain/);
  });

  it('gives up on a keychain that never answers (a locked keyring waiting on a prompt)', async () => {
    const keychain = createKeychain({
      timeoutMs: 50,
      load: async () => ({
        getPassword: () => new Promise<never>(() => {}),
        setPassword: () => new Promise<never>(() => {}),
        deletePassword: () => new Promise<never>(() => {}),
      }),
    });
    await expect(keychain.set('a', 'b')).rejects.toThrow(/no answer within 0 s \(is it locked\?\)/);
  });
});
