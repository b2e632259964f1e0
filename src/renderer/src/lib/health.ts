import type { HealthLevel } from '../../../shared/status.ts';
import type { Tone } from './states.ts';
import { t } from './i18n.ts';

/** The account's one health (computed in core), said for people; "Not polled yet" for none. */
export function healthLabel(level: HealthLevel | null): string {
  return level === null ? t('health.none') : t(`health.${level}`);
}

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
