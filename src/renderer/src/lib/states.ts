import type { KeyState } from '../../../shared/states.ts';

export type Tone = 'ok' | 'warn' | 'crit' | 'muted';

/** The same state words as everywhere else, said for people. */
export const STATE_LABELS: Record<KeyState, string> = {
  ok: 'OK',
  invalid_key: 'Invalid key',
  expired_key: 'Key expired',
  insufficient_balance: 'Out of balance',
  daily_cap_reached: 'Daily cap reached',
  rate_limited: 'Rate limited',
  server_error: 'Provider error',
  bad_response: 'Unexpected reply',
  network_error: 'Network error',
  timeout: 'Timed out',
};

export function stateTone(state: KeyState | null): Tone {
  switch (state) {
    case null:
      return 'muted';
    case 'ok':
      return 'ok';
    case 'invalid_key':
    case 'expired_key':
    case 'insufficient_balance':
      return 'crit';
    default:
      return 'warn';
  }
}

export function stateLabel(state: KeyState | null): string {
  return state === null ? 'Not polled yet' : STATE_LABELS[state];
}

/** Every state, in the contract's order (without importing the zod schemas into the bundle). */
export const ALL_STATES = Object.keys(STATE_LABELS) as KeyState[];
