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

/**
 * A shape per health, the same as the tray menu's and the icon's badge, so the level reads
 * without colour: ✖ critical, ▲ warning, ◷ stale, ‖ paused, ✓ well.
 */
export const HEALTH_MARKS: Record<HealthLevel, string> = {
  critical: '✖',
  warning: '▲',
  stale: '◷',
  paused: '‖',
  info: '✓',
  ok: '✓',
};
