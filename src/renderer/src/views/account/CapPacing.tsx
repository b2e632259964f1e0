import type { AccountStatus } from '../../../../shared/ipc.ts';
import { CapBar } from '../../components/CapBar.tsx';
import { formatIn, formatWhen } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';

/** Where the reset time comes from, said plainly. */
function resetSource(cap: NonNullable<AccountStatus['cap']>): string | null {
  switch (cap.resetSource) {
    case 'provider':
      return t('cap.source.provider');
    case 'account':
      return t('cap.source.account', { zone: cap.resetTimeZone ?? 'UTC' });
    case 'assumed':
      return t('cap.source.assumed');
    default:
      return null;
  }
}

/** Spend against today's cap, and where the day is, so "on pace to hit it" is visible early. */
export function CapPacingPanel({ cap, now }: { cap: AccountStatus['cap']; now: number }) {
  if (!cap) return <p className="muted">{t('cap.none')}</p>;
  const start = cap.windowStart ? Date.parse(cap.windowStart) : null;
  const end = cap.resetAt ? Date.parse(cap.resetAt) : null;
  const elapsed = start !== null && end !== null && end > start ? (now - start) / (end - start) : null;
  const over = cap.projectedAtReset !== null && cap.limit !== null && Number(cap.projectedAtReset) > Number(cap.limit);
  const source = resetSource(cap);
  return (
    <div className="cap-pacing" data-testid="cap-panel">
      <CapBar
        used={cap.used}
        limit={cap.limit}
        fraction={cap.fraction}
        resetAt={cap.resetAt}
        unit={cap.unit}
        now={now}
        reached={cap.reached}
        elapsed={elapsed}
      />
      <p className={cap.reached || over ? 'tone-text-warn' : 'muted'}>
        {cap.reached
          ? t('cap.reachedText', {
              refused: cap.reachedAt ? t('cap.refused', { when: formatWhen(cap.reachedAt, now) }) : '',
              reset: cap.resetAt ? t('cap.untilReset', { when: formatWhen(cap.resetAt, now) }) : t('cap.untilItResets'),
            })
          : cap.projectedAtReset === null
            ? t('cap.notEnough')
            : over
              ? t('cap.paceOver', { amount: formatIn(cap.projectedAtReset, cap.unit) })
              : t('cap.pace', { amount: formatIn(cap.projectedAtReset, cap.unit) })}
      </p>
      {source && (
        <p className="muted small" data-testid="cap-reset-source" data-source={cap.resetSource ?? 'none'}>
          {source}
        </p>
      )}
      {elapsed !== null && <p className="muted small">{t('cap.markHelp')}</p>}
    </div>
  );
}
