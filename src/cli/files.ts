import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';

/**
 * Files named on the command line, checked before the engine touches them so a mistake
 * reads as what the OS said: "cannot read h.csv: no such file or folder (ENOENT)".
 */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'it already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EXDEV: 'it is on another device',
};

/** "no such file or folder (ENOENT)" for a Node system error; its message otherwise. */
export function osReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `${REASONS[code] ?? code.toLowerCase()} (${code})`;
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

/** A file to write: its folder exists and is writable, and the name is not a folder. */
export function checkWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new UserError('validation', `cannot write ${file}: ${osReason(error)}`);
  }
  try {
    if (fs.statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UserError('validation', `cannot write ${file}: ${osReason(error)}`);
  }
}

/** "cannot open /x/y: permission denied (EACCES)" for a Node system error, else null. */
export function systemErrorText(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall, path: file } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || typeof syscall !== 'string') return null;
  return `cannot ${syscall}${file ? ` ${file}` : ''}: ${osReason(error)}`;
}
