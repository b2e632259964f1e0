import type { Unit } from '../../../shared/units.ts';
import { formatIn, formatPercent, formatRelative } from '../lib/format.ts';

interface CapBarProps {
  used: string | null;
  limit: string | null;
  fraction: number | null;
  resetAt: string | null;
  unit: Unit | null;
  now: number;
  /** Where the day is: the share of the cap window already gone (for pacing). */
  elapsed?: number | null;
}

/** Used / limit of a daily cap, with when it resets. */
export function CapBar({ used, limit, fraction, resetAt, unit, now, elapsed }: CapBarProps) {
  const pct = fraction === null ? 0 : Math.min(1, Math.max(0, fraction));
  const tone = pct >= 1 ? 'crit' : pct >= 0.8 ? 'warn' : 'ok';
  return (
    <div className="capbar">
      <div className="capbar-text">
        <span>
          Daily cap: <strong>{formatIn(used, unit)}</strong> of {formatIn(limit, unit)} ({formatPercent(fraction)})
        </span>
        {resetAt && <span className="muted">resets {formatRelative(resetAt, now)}</span>}
      </div>
      <div
        className={`meter tone-${tone}`}
        role="meter"
        aria-label="Daily cap used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct * 100)}
      >
        <div className="meter-fill" style={{ width: `${pct * 100}%` }} />
        {elapsed !== null && elapsed !== undefined && (
          <div
            className="meter-pace"
            style={{ left: `${Math.min(1, Math.max(0, elapsed)) * 100}%` }}
            title="Share of the day gone"
          />
        )}
      </div>
    </div>
  );
}
