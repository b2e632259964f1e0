import { z } from 'zod';
import { KEY_STATES } from './key-states.ts';
import type { KeyState } from './key-states.ts';

// The words themselves live in key-states.ts (no zod there, for the window's bundle).
export { KEY_STATES };
export type { KeyState };
export const keyStateSchema = z.enum(KEY_STATES);

/** States caused by the path to the provider rather than the provider's answer about us. */
export const TRANSPORT_STATES: ReadonlySet<KeyState> = new Set(['network_error', 'timeout']);

/** Small stable integer codes for the readings table (one byte per row instead of a string). */
export const KEY_STATE_CODES: Readonly<Record<KeyState, number>> = {
  ok: 0,
  invalid_key: 1,
  expired_key: 2,
  insufficient_balance: 3,
  daily_cap_reached: 4,
  rate_limited: 5,
  server_error: 6,
  bad_response: 7,
  network_error: 8,
  timeout: 9,
};

export function keyStateFromCode(code: number): KeyState {
  const state = KEY_STATES[code];
  if (state === undefined) throw new Error(`unknown key state code ${code}`);
  return state;
}
