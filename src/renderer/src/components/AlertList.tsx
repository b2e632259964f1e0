import type { AlertEvent } from '../../../shared/alerts.ts';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { alertText } from '../lib/alerts.ts';

const SILENCE_WORDS: Record<NonNullable<AlertEvent['silenced']>, string> = {
  quiet_hours: 'quiet hours, not notified',
  snoozed: 'snoozed, not notified',
  muted: 'muted, not notified',
  imported: 'imported',
};

/** Newest first. */
export function AlertList({ alerts }: { alerts: AlertEvent[] }) {
  const now = useApp((s) => s.now);
  return (
    <ul className="alert-list">
      {[...alerts].reverse().map((a, i) => (
        <li key={`${a.at}-${a.kind}-${i}`} className={`alert-line sev-${a.severity}`}>
          <span className="sev">{a.severity}</span>
          <span>
            {alertText(a.message)}
            {(a.silenced || a.dismissedAt) && (
              <span className="muted small">
                {' '}
                (
                {[a.silenced ? SILENCE_WORDS[a.silenced] : null, a.dismissedAt ? 'dismissed' : null]
                  .filter(Boolean)
                  .join(', ')}
                )
              </span>
            )}
          </span>
          <time dateTime={a.at} title={formatDateTime(a.at)} className="muted small">
            {formatRelative(a.at, now)}
          </time>
        </li>
      ))}
    </ul>
  );
}
