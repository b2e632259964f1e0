import type { Health } from '../../../shared/status.ts';
import type { KeyState } from '../../../shared/states.ts';
import { HEALTH_LABELS, HEALTH_MARKS, healthTone } from '../lib/health.ts';

/**
 * An account's health in words and colour (colour is never the only signal); the reasons
 * behind it in the tooltip. `state` rides along as data for the key's own state.
 */
export function HealthBadge({ health, state }: { health: Health | null; state?: KeyState | null }) {
  const level = health?.level ?? null;
  const reasons = health?.reasons.map((r) => r.message).join('\n') ?? '';
  return (
    <span
      className={`badge tone-${healthTone(level)}`}
      title={reasons || undefined}
      data-health={level ?? 'none'}
      data-state={state ?? 'none'}
    >
      <span className="dot" aria-hidden="true" />
      {level === null ? 'Not polled yet' : HEALTH_LABELS[level]}
    </span>
  );
}

/**
 * The health as a small mark (shape and colour) for tight places: the sidebar, the table.
 * Its name is read out and shown on hover.
 */
export function HealthMark({ health }: { health: Health | null }) {
  const level = health?.level ?? null;
  const name = level === null ? 'Not polled yet' : HEALTH_LABELS[level];
  const why = health?.reasons.find((r) => !r.snoozedUntil && !r.quiet)?.message;
  return (
    <span
      className={`health-mark tone-${healthTone(level)}`}
      data-health={level ?? 'none'}
      role="img"
      aria-label={name}
      title={why ? `${name}: ${why}` : name}
    >
      {level === null ? '·' : HEALTH_MARKS[level]}
    </span>
  );
}
