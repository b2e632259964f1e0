import fs from 'node:fs';
import { UserError } from '../core/errors.ts';
import { systemReason } from '../core/safe-files.ts';

/**
 * Files named on the command line, checked before the engine touches them so a mistake
 * reads as what the OS said: "cannot read h.csv: no such file or folder (ENOENT)". The
 * words for each OS error are core's (`safe-files.ts`), the same the app shows.
 */

/** "no such file or folder (ENOENT)" for a Node system error; its message otherwise. */
export function osReason(error: unknown): string {
  const reason = systemReason(error);
  if (reason !== null) return reason;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** A file to read: it exists, is a regular file and can be opened for reading. */
export function checkReadable(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new Error('it is not a regular file (a device, a pipe or a socket)');
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new UserError('not_found', `cannot read ${file}: ${osReason(error)}`);
  }
}

/** "cannot open /x/y: permission denied (EACCES)" for a Node system error, else null. */
export function systemErrorText(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall, path: file } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || typeof syscall !== 'string') return null;
  return `cannot ${syscall}${file ? ` ${file}` : ''}: ${osReason(error)}`;
}
