import { KEY_STATES } from '../../../shared/key-states.ts';
import type { KeyState } from '../../../shared/key-states.ts';
import { t } from './i18n.ts';

export type Tone = 'ok' | 'warn' | 'crit' | 'muted';

/** Every state, in the contract's order. */
export const ALL_STATES: readonly KeyState[] = KEY_STATES;

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

/** The same state words as everywhere else, said for people. */
export function stateLabel(state: KeyState | null): string {
  return state === null ? t('health.none') : t(`state.${state}`);
}
