import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.ts';

/**
 * Files that cross the user's file system on the user's say-so (exports and imports), opened
 * so that another local user cannot steer them:
 *
 * - an export is written to a temporary file created exclusively (O_CREAT|O_EXCL, which
 *   never follows a symlink) under an unpredictable name in the target folder, mode 0600,
 *   then renamed over the target; a name someone planted is never opened, and a cancelled or
 *   failed export removes its temporary file, leaving nothing;
 * - an import reads only a regular file (opened without blocking, so a FIFO cannot hang it,
 *   then checked with fstat on the open descriptor), in chunks, up to a byte cap (a device
 *   such as /dev/zero reports size 0 and never ends).
 */

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Plain words for the OS errors people meet when reading and writing files. */
const SYSTEM_REASONS: Readonly<Record<string, string>> = {
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

/** "permission denied (EACCES)" for an OS error code; null when there is no code to name. */
export function systemReason(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  return `${SYSTEM_REASONS[code] ?? code.toLowerCase()} (${code})`;
}

/** An OS error as one plain sentence with its reason: "cannot write x.csv: permission denied (EACCES)". */
function osError(what: string, file: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = systemReason(error) ?? (error as Error).message ?? String(error);
  return new UserError(code === 'ENOENT' ? 'not_found' : 'validation', `cannot ${what} ${file}: ${reason}`);
}

/**
 * Where an export goes, checked before anything is written: a file name, not a folder
 * (`--out dir/` or an existing folder is refused rather than written beside), in a folder
 * that exists.
 */
export function checkExportTarget(file: string): string {
  if (file === '' || /[\\/]$/.test(file))
    throw new UserError('validation', `${file || 'the export path'} names a folder; give a file name to write`);
  const target = path.resolve(file);
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw osError('write', file, error);
  }
  if (stat?.isDirectory()) throw new UserError('validation', `${file} is a folder; give a file name to write`);
  let dir: fs.Stats;
  try {
    dir = fs.statSync(path.dirname(target));
  } catch (error) {
    throw osError('write', file, error);
  }
  if (!dir.isDirectory()) throw new UserError('validation', `cannot write ${file}: its folder is not a folder`);
  return target;
}

export interface TempFile {
  readonly path: string;
  readonly fd: number;
  /** fsync, close and rename over the target (replacing a file there, or a symlink itself, never what it points to). */
  commit(): void;
  /** Close and delete the temporary file (cancelled or failed). Never throws. */
  discard(): void;
}

/** Create the temporary file for writing `target` (checked with checkExportTarget). */
export function createTempBeside(target: string): TempFile {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let fd = -1;
  let temp = '';
  for (let attempt = 0; ; attempt++) {
    temp = path.join(dir, `.${base}.${crypto.randomBytes(12).toString('hex')}.partial`);
    try {
      fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, 0o600);
      break;
    } catch (error) {
      // A name taken by chance (or by someone guessing 96 random bits): draw another.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw osError('write', target, error);
    }
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    fs.closeSync(fd);
  };
  return {
    path: temp,
    fd,
    commit() {
      try {
        // O_CREAT honours the umask; make sure the export is the user's alone whatever it is.
        if (process.platform !== 'win32') fs.fchmodSync(fd, 0o600);
        fs.fsyncSync(fd);
        close();
        fs.renameSync(temp, target);
      } catch (error) {
        this.discard();
        throw osError('write', target, error);
      }
    },
    discard() {
      try {
        close();
      } catch {
        /* already closed */
      }
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        /* gone already */
      }
    },
  };
}

const READ_CHUNK = 4 * 1024 * 1024;

/**
 * Read a regular file of at most `maxBytes`, in chunks (`onChunk` hears the bytes read so
 * far and the file's size). Refuses devices, FIFOs, sockets and folders without blocking on
 * them, and a file that turns out larger than the cap, whatever its stat said.
 */
export function readRegularFile(
  file: string,
  maxBytes: number,
  onChunk?: (read: number, size: number) => void,
  cancelled?: () => boolean,
): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (error) {
    throw osError('read', file, error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new UserError('validation', `${file} is a folder; give the file to import`);
    if (!stat.isFile())
      throw new UserError(
        'validation',
        `${file} is not a regular file (a device, pipe or socket); import reads only files`,
      );
    const tooBig = () =>
      new UserError('validation', `${file} is larger than ${maxBytes / 1024 / 1024} MB; split it and import the parts`);
    if (stat.size > maxBytes) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      if (cancelled?.()) return Buffer.alloc(0);
      const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, maxBytes + 1 - total));
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (error) {
        throw osError('read', file, error);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooBig();
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      onChunk?.(total, stat.size);
      if (buf.length === 0) break;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}
