import type { BurnrateApi, InvokeChannel, InvokeRequest, InvokeResponses } from '../../shared/ipc.ts';

declare global {
  interface Window {
    api: BurnrateApi;
  }
}

/** An error the engine reported (validation, keychain, not found…), with its stable code. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Call the engine through the preload bridge; unwraps the reply envelope. */
export async function call<C extends InvokeChannel>(
  channel: C,
  payload: InvokeRequest<C>,
): Promise<InvokeResponses[C]> {
  const result = await window.api.invoke(channel, payload);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}
