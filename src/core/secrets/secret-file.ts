import fs from 'node:fs';
import { UserError } from '../errors.ts';

const MAX_SECRET_FILE_BYTES = 64 * 1024;

export interface SecretFileOptions {
  /** What the file holds, for messages: "the key file of account main", "the token file". */
  what: string;
  /** Refuse a secret shorter than this (a bearer token must not be guessable). */
  minLength?: number;
  platform?: NodeJS.Platform;
  /** The user the file must belong to (default: this process's). */
  uid?: number;
}

/**
 * Read a secret (an API key, a bearer token) from a file, for `burnrate serve` on a host
 * without a keychain. The file must be a regular file of this user that nobody else can read
 * or write (mode 0600 or 0400): anything looser is refused with the `chmod` that fixes it,
 * before its content is read. The secret is the file's content without surrounding
 * whitespace, one word. Nothing about the content is ever put in an error.
 *
 * Windows has no such mode bits to check, and always has a keychain (Credential Manager):
 * there the file is refused.
 */
export function readSecretFile(file: string, options: SecretFileOptions): string {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32')
    throw new UserError(
      'unsupported',
      `${options.what}: key and token files are for hosts without a keychain; on Windows keep the key in Credential Manager (burnrate accounts add --key-stdin)`,
    );
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code;
    throw new UserError('validation', `${options.what} ${JSON.stringify(file)} ${why}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UserError('validation', `${options.what} ${JSON.stringify(file)} is not a file`);
    const uid = options.uid ?? process.getuid?.();
    if (uid !== undefined && stat.uid !== uid)
      throw new UserError(
        'validation',
        `${options.what} ${JSON.stringify(file)} belongs to another user (uid ${stat.uid}); it must be yours, with mode 0600`,
      );
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0)
      throw new UserError(
        'validation',
        `${options.what} ${JSON.stringify(file)} can be read or changed by others (mode 0${mode.toString(8)}); run: chmod 600 ${shellQuote(file)}`,
      );
    if (stat.size > MAX_SECRET_FILE_BYTES)
      throw new UserError('validation', `${options.what} ${JSON.stringify(file)} is too large to hold a key`);
    const secret = fs.readFileSync(fd, 'utf8').trim();
    if (!secret) throw new UserError('validation', `${options.what} ${JSON.stringify(file)} is empty`);
    if (/\s/.test(secret))
      throw new UserError('validation', `${options.what} ${JSON.stringify(file)} holds more than one word`);
    if (options.minLength !== undefined && secret.length < options.minLength)
      throw new UserError(
        'validation',
        `${options.what} ${JSON.stringify(file)} is shorter than ${options.minLength} characters; use a long random token (e.g. openssl rand -hex 32)`,
      );
    return secret;
  } finally {
    fs.closeSync(fd);
  }
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
