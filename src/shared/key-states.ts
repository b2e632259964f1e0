/**
 * The one vocabulary for what a poll learned about a key. The store, the CLI, IPC,
 * alerts and the UI all use these exact words (see docs/design.md, "Key states"). Kept
 * free of zod so the window can list them without bundling it (states.ts has the schema).
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
