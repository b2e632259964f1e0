import type { StateSegment } from '../../../shared/ipc.ts';
import { formatDateTime } from '../lib/format.ts';
import { stateLabel, stateTone } from '../lib/states.ts';
import { t } from '../lib/i18n.ts';

/** The key's state over a range as coloured spans, with a readable list for screen readers. */
export function StateTimeline({ segments, from, to }: { segments: StateSegment[]; from: number; to: number }) {
  const span = to - from || 1;
  if (!segments.length) return <p className="muted">{t('chart.noReadings')}</p>;
  const changes = segments.filter((s) => s.state !== 'ok');
  return (
    <div>
      <div className="timeline" aria-hidden="true">
        {segments.map((s) => (
          <div
            key={s.from}
            className={`timeline-seg tone-${stateTone(s.state)}`}
            style={{
              left: `${((Math.max(s.from, from) - from) / span) * 100}%`,
              width: `${Math.max(0.3, ((Math.min(s.to, to) - Math.max(s.from, from)) / span) * 100)}%`,
            }}
            title={`${stateLabel(s.state)}: ${formatDateTime(s.from)} – ${formatDateTime(s.to)}`}
          />
        ))}
      </div>
      <div className="timeline-axis muted" aria-hidden="true">
        <span>{formatDateTime(from)}</span>
        <span>{formatDateTime(to)}</span>
      </div>
      <ul className="timeline-list">
        {changes.length === 0 && <li className="muted">{t('chart.okWholeRange')}</li>}
        {changes.slice(-8).map((s) => (
          <li key={s.from}>
            <span className={`tone-text-${stateTone(s.state)}`}>{stateLabel(s.state)}</span> {formatDateTime(s.from)} –{' '}
            {formatDateTime(s.to)}
          </li>
        ))}
      </ul>
    </div>
  );
}
