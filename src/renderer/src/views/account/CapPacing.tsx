import type { AccountStatus } from '../../../../shared/ipc.ts';
import { CapBar } from '../../components/CapBar.tsx';
import { formatIn, formatWhen } from '../../lib/format.ts';

/** Where the reset time comes from, said plainly. */
function resetSource(cap: NonNullable<AccountStatus['cap']>): string | null {
  switch (cap.resetSource) {
    case 'provider':
      return 'Reset time given by the provider.';
    case 'account':
      return `Reset time from this account’s settings (${cap.resetTimeZone ?? 'UTC'}).`;
    case 'assumed':
      return 'Reset time assumed: midnight UTC (the provider does not say). Set the account’s cap reset time and zone if it differs.';
    default:
      return null;
  }
}

/** Spend against today's cap, and where the day is, so "on pace to hit it" is visible early. */
export function CapPacingPanel({ cap, now }: { cap: AccountStatus['cap']; now: number }) {
  if (!cap)
    return (
      <p className="muted">No daily cap for this key. Set one in the account’s settings (Daily cap) to watch pacing.</p>
    );
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
          ? `The cap is reached${cap.reachedAt ? ` (the provider refused ${formatWhen(cap.reachedAt, now)})` : ''}: calls with this key fail until it resets${cap.resetAt ? ` ${formatWhen(cap.resetAt, now)}` : ''}.`
          : cap.projectedAtReset === null
            ? 'Not enough spend in this window to project a pace.'
            : over
              ? `At this pace: ${formatIn(cap.projectedAtReset, cap.unit)} by reset — over the cap.`
              : `At this pace: ${formatIn(cap.projectedAtReset, cap.unit)} by reset.`}
      </p>
      {source && (
        <p className="muted small" data-testid="cap-reset-source" data-source={cap.resetSource ?? 'none'}>
          {source}
        </p>
      )}
      {elapsed !== null && (
        <p className="muted small">The mark on the bar is how much of the cap window has gone by.</p>
      )}
    </div>
  );
}
