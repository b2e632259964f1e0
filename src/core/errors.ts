/**
 * Errors people can act on. `code` is stable (IPC and tests match on it); `message` is one
 * plain sentence for a person. Anything else that escapes is a bug and reported as internal.
 */
export type UserErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'keychain_unavailable'
  | 'unsupported'
  /** The provider refused the key of an account being added (invalid or expired); nothing was saved. */
  | 'key_rejected';

export class UserError extends Error {
  override name = 'UserError';
  readonly code: UserErrorCode;
  constructor(code: UserErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
