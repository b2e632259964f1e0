import type { BurnrateApi, InvokeChannel, InvokeRequest, InvokeResponses, IpcErrorCode } from '../../shared/ipc.ts';
import { readReply } from '../../shared/ipc/errors.ts';

declare global {
  interface Window {
    api: BurnrateApi;
  }
}

/** An error the engine reported (validation, keychain, not found…), with its code from the contract's closed list. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: IpcErrorCode;
  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Call the engine through the preload bridge; unwraps the reply envelope. A reply that is
 * not an envelope, or an error code outside the contract's list, throws as `internal`.
 */
export async function call<C extends InvokeChannel>(
  channel: C,
  payload: InvokeRequest<C>,
): Promise<InvokeResponses[C]> {
  const result = readReply<InvokeResponses[C]>(await window.api.invoke(channel, payload));
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}
