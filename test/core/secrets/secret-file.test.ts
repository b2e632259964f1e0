import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretFile, withKeyFiles } from '../../../src/core/secrets/index.ts';
import { KeychainUnavailableError } from '../../../src/core/secrets/index.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';

const KEY = 'sk_file_0123456789abcdef';

function secretFile(content: string, mode = 0o600): string {
  const file = path.join(tempDir(), 'key');
  fs.writeFileSync(file, content);
  fs.chmodSync(file, mode);
  return file;
}

describe('secret files (serve on a host without a keychain)', () => {
  it('reads an owner-only file (0600 or 0400), without surrounding whitespace', () => {
    expect(readSecretFile(secretFile(`${KEY}\n`), { what: 'the key file' })).toBe(KEY);
    expect(readSecretFile(secretFile(`  ${KEY}  `, 0o400), { what: 'the key file' })).toBe(KEY);
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o602, 0o620])('refuses mode 0%s with the chmod that fixes it', (mode) => {
    const file = secretFile(KEY, mode);
    const error = catchError(() => readSecretFile(file, { what: 'the key file' }));
    expect(error.message).toContain(`mode 0${mode.toString(8)}`);
    expect(error.message).toContain(`chmod 600 ${file}`);
    expect(error.message).not.toContain(KEY);
  });

  it('refuses a file of another user, a missing file, a directory, an empty or multi-word file', () => {
    const file = secretFile(KEY);
    expect(() => readSecretFile(file, { what: 'the key file', uid: fs.statSync(file).uid + 1 })).toThrow(
      /belongs to another user/,
    );
    expect(() => readSecretFile(path.join(tempDir(), 'nope'), { what: 'the key file' })).toThrow(/does not exist/);
    const dir = tempDir();
    fs.chmodSync(dir, 0o700);
    expect(() => readSecretFile(dir, { what: 'the key file' })).toThrow(/is not a file/);
    expect(() => readSecretFile(secretFile('\n'), { what: 'the key file' })).toThrow(/is empty/);
    const twoWords = catchError(() => readSecretFile(secretFile(`${KEY} other`), { what: 'the key file' }));
    expect(twoWords.message).toMatch(/more than one word/);
    expect(twoWords.message).not.toContain(KEY);
  });

  it('refuses a short token, and any file on Windows (which has Credential Manager)', () => {
    expect(() => readSecretFile(secretFile('short'), { what: 'the token file', minLength: 16 })).toThrow(
      /shorter than 16 characters/,
    );
    expect(() => readSecretFile(secretFile(KEY), { what: 'the key file', platform: 'win32' })).toThrow(
      /Credential Manager/,
    );
  });

  it('as a key source: the named accounts read their file at each use, the rest the keychain', async () => {
    const keychain = new MemorySecrets();
    await keychain.set('acc_other', 'sk_in_keychain');
    const file = secretFile(KEY);
    const store = withKeyFiles(new Map([['acc_file', file]]), keychain);
    expect(store.holds?.('acc_file')).toBe(true);
    expect(store.holds?.('acc_other')).toBe(false);
    expect(await store.get('acc_file')).toBe(KEY);
    expect(await store.get('acc_other')).toBe('sk_in_keychain');
    // A rotated key is used from the next read on.
    fs.writeFileSync(file, 'sk_rotated_0123456789');
    expect(await store.get('acc_file')).toBe('sk_rotated_0123456789');
    // A file that became readable by others is a key source that cannot give a key.
    fs.chmodSync(file, 0o644);
    const error = await store.get('acc_file').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect((error as Error).message).toMatch(/chmod 600/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
