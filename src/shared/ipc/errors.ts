/**
 * The error half of the IPC envelope. Every error that crosses IPC carries one of these
 * codes and nothing else: core's UserError takes its code from this list, the dispatcher
 * adds `internal`, main's sender check adds `forbidden`, and the renderer matches on them.
 * A new code is added here first, so every side sees it at once. No zod here: the
 * sandboxed preload carries this file's types.
 */
export const IPC_ERROR_CODES = [
  /** The payload or a value in it was refused (the message says which field and why). */
  'validation',
  /** No account, pack, price, alert or channel with that id. */
  'not_found',
  /** The change clashes with what is stored (a duplicate, a shared balance loop). */
  'conflict',
  /** Keys cannot be read from or written to the OS keychain (locked, or no keyring running). */
  'keychain_unavailable',
  /** This window or build cannot do it (no file dialog, no browser, a provider without the feature). */
  'unsupported',
  /** The provider refused the key of an account being added (invalid or expired); nothing was saved. */
  'key_rejected',
  /** The call came from a frame other than our own page's main frame. */
  'forbidden',
  /** A bug or a failing disk: the details are in the log, never in the reply. */
  'internal',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export function isIpcErrorCode(value: unknown): value is IpcErrorCode {
  return typeof value === 'string' && (IPC_ERROR_CODES as readonly string[]).includes(value);
}

export interface IpcError {
  code: IpcErrorCode;
  /** One plain sentence for a person; never a key or a value the payload carried. */
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What a caller reads when a reply is not an envelope it knows. */
export const UNREADABLE_REPLY = 'the app gave an answer this window cannot read';

/**
 * A reply as it arrived, checked at the edge that reads it: something that is not an
 * envelope reads as an `internal` error, and so does an error whose code is not in the list
 * (keeping its message when it has one), so a caller only ever matches on the codes above.
 */
export function readReply<T>(reply: unknown): IpcResult<T> {
  if (typeof reply !== 'object' || reply === null) return internal(UNREADABLE_REPLY);
  const r = reply as { ok?: unknown; value?: unknown; error?: unknown };
  if (r.ok === true) return { ok: true, value: r.value as T };
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return internal(UNREADABLE_REPLY);
  const { code, message } = r.error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message.trim() ? message : UNREADABLE_REPLY;
  return isIpcErrorCode(code) ? { ok: false, error: { code, message: text } } : internal(text);
}

function internal(message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code: 'internal', message } };
}
