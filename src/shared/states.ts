import { z } from 'zod';

/**
 * The one vocabulary for what a poll learned about a key. The store, the CLI, IPC,
 * alerts and the UI all use these exact words (see docs/design.md, "Key states").
 */
export const KEY_STATES = [
  'ok',
  'invalid_key',
  'expired_key',
  'insufficient_balance',
  'daily_cap_reached',
  'rate_limited',
  'server_error',
  'bad_response',
  'network_error',
  'timeout',
] as const;
export type KeyState = (typeof KEY_STATES)[number];
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
