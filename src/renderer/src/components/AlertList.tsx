import type { AlertEvent } from '../../../shared/alerts.ts';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { alertText } from '../lib/alerts.ts';
import { t } from '../lib/i18n.ts';

/** Newest first. */
export function AlertList({ alerts }: { alerts: AlertEvent[] }) {
  const now = useApp((s) => s.now);
  return (
    <ul className="alert-list">
      {[...alerts].reverse().map((a, i) => (
        <li key={`${a.at}-${a.kind}-${i}`} className={`alert-line sev-${a.severity}`}>
          <span className="sev">{t(`severity.${a.severity}`)}</span>
          <span>
            {alertText(a, now, Date.parse(a.at))}
            {(a.silenced || a.dismissedAt) && (
              <span className="muted small">
                {' '}
                {t('alerts.silencedNote', {
                  what: [
                    a.silenced ? t(`alerts.silenced.${a.silenced}`) : null,
                    a.dismissedAt ? t('alerts.dismissed') : null,
                  ]
                    .filter(Boolean)
                    .join(t('list.comma')),
                })}
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
