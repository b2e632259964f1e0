import type { HealthLevel } from '../../../shared/status.ts';
import type { Tone } from './states.ts';

/** The account's one health (computed in core), said for people. */
export const HEALTH_LABELS: Record<HealthLevel, string> = {
  ok: 'OK',
  info: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  stale: 'Stale',
  paused: 'Paused',
};

export function healthTone(level: HealthLevel | null): Tone {
  switch (level) {
    case 'ok':
    case 'info':
      return 'ok';
    case 'warning':
    case 'stale':
      return 'warn';
    case 'critical':
      return 'crit';
    default:
      return 'muted';
  }
}
