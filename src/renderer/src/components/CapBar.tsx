import type { Unit } from '../../../shared/units.ts';
import { formatIn, formatPercent, formatWhen } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';

interface CapBarProps {
  used: string | null;
  limit: string | null;
  fraction: number | null;
  resetAt: string | null;
  unit: Unit | null;
  now: number;
  /** The provider refused for the cap, or the figures say it is used up. */
  reached?: boolean;
  /** Where the day is: the share of the cap window already gone (for pacing). */
  elapsed?: number | null;
}

/** Used / limit of a daily cap, with when it resets. */
export function CapBar({ used, limit, fraction, resetAt, unit, now, reached, elapsed }: CapBarProps) {
  const pct = reached ? Math.max(1, fraction ?? 1) : fraction === null ? 0 : Math.min(1, Math.max(0, fraction));
  const shown = Math.min(1, Math.max(0, pct));
  const tone = pct >= 1 ? 'crit' : pct >= 0.8 ? 'warn' : 'ok';
  const sized = used !== null || limit !== null;
  return (
    <div className="capbar" data-reached={reached ? 'true' : 'false'}>
      <div className="capbar-text">
        {sized ? (
          <span>
            {reached ? t('cap.reachedLabel') : t('cap.label')} <strong>{formatIn(used, unit)}</strong>{' '}
            {t('cap.ofLimit', { limit: formatIn(limit, unit), percent: formatPercent(fraction) })}
          </span>
        ) : (
          <span>
            <strong>{t('cap.reached')}</strong>
          </span>
        )}
        {resetAt && <span className="muted">{t('cap.resets', { when: formatWhen(resetAt, now) })}</span>}
      </div>
      <div
        className={`meter tone-${tone}`}
        role="meter"
        aria-label={t('cap.used')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(shown * 100)}
      >
        <div className="meter-fill" style={{ width: `${shown * 100}%` }} />
        {elapsed !== null && elapsed !== undefined && (
          <div
            className="meter-pace"
            style={{ left: `${Math.min(1, Math.max(0, elapsed)) * 100}%` }}
            title={t('cap.dayGone')}
          />
        )}
      </div>
    </div>
  );
}
