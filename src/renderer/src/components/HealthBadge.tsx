import type { Health } from '../../../shared/status.ts';
import type { KeyState } from '../../../shared/states.ts';
import { HEALTH_MARKS, healthLabel, healthTone } from '../lib/health.ts';
import { reasonText } from '../lib/reasons.ts';
import { useApp } from '../store/app.ts';
import { t } from '../lib/i18n.ts';

/**
 * An account's health in words and colour (colour is never the only signal); the reasons
 * behind it in the tooltip. `state` rides along as data for the key's own state.
 */
export function HealthBadge({ health, state }: { health: Health | null; state?: KeyState | null }) {
  const level = health?.level ?? null;
  const now = useApp((s) => s.now);
  const reasons = health?.reasons.map((r) => reasonText(r, now)).join('\n') ?? '';
  return (
    <span
      className={`badge tone-${healthTone(level)}`}
      title={reasons || undefined}
      data-health={level ?? 'none'}
      data-state={state ?? 'none'}
    >
      <span className="dot" aria-hidden="true" />
      {healthLabel(level)}
    </span>
  );
}

/**
 * The health as a small mark (shape and colour) for tight places: the sidebar, the table.
 * Its name is read out and shown on hover.
 */
export function HealthMark({ health }: { health: Health | null }) {
  const level = health?.level ?? null;
  const name = healthLabel(level);
  const now = useApp((s) => s.now);
  const reason = health?.reasons.find((r) => !r.snoozedUntil && !r.quiet);
  const why = reason ? reasonText(reason, now) : null;
  return (
    <span
      className={`health-mark tone-${healthTone(level)}`}
      data-health={level ?? 'none'}
      role="img"
      aria-label={name}
      title={why ? t('health.why', { name, why }) : name}
    >
      {level === null ? '·' : HEALTH_MARKS[level]}
    </span>
  );
}
