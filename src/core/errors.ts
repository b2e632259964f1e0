import type { IpcErrorCode } from '../shared/ipc/errors.ts';
import { isIpcErrorCode } from '../shared/ipc/errors.ts';

/**
 * The codes core gives errors people can act on: the contract's closed list
 * (src/shared/ipc/errors.ts) less the two core never throws — `internal` (the dispatcher's
 * word for anything that is not a UserError) and `forbidden` (main's sender check).
 */
export type UserErrorCode = Exclude<IpcErrorCode, 'internal' | 'forbidden'>;

export function isUserErrorCode(value: unknown): value is UserErrorCode {
  return isIpcErrorCode(value) && value !== 'internal' && value !== 'forbidden';
}

/**
 * Errors people can act on. `code` is stable (IPC and tests match on it); `message` is one
 * plain sentence for a person. Anything else that escapes is a bug and reported as internal.
 */
export class UserError extends Error {
  override name = 'UserError';
  readonly code: UserErrorCode;
  constructor(code: UserErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
