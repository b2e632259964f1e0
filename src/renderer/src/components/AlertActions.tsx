import { useEffect, useId, useRef, useState } from 'react';
import type { ActiveAlert, SnoozeChoice } from '../../../shared/alerts.ts';
import { call } from '../api.ts';
import { alertSentence, alertText, alertKindWords } from '../lib/alerts.ts';
import { formatRelative, formatTime } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { t } from '../lib/i18n.ts';

const SNOOZE_CHOICES: SnoozeChoice[] = ['1h', 'until-tomorrow', 'episode'];

/** What holds an alert back, in words: "Snoozed until 14:32", "Dismissed", "Muted". */
export function quietWords(alert: Pick<ActiveAlert, 'quiet'>): string | null {
  const q = alert.quiet;
  if (!q) return null;
  if (q.reason === 'muted') return t('alerts.quiet.muted');
  if (q.reason === 'dismissed') return t('alerts.quiet.dismissed');
  return q.until === null
    ? t('alerts.quiet.snoozedToEnd')
    : t('alerts.quiet.snoozedUntil', { time: formatTime(q.until) });
}

/**
 * "Snooze ▾": a menu button with the three snoozes (an hour, until 09:00 tomorrow, until the
 * alert ends). Arrow keys move, Escape closes, focus returns to the button.
 */
export function SnoozeMenu({
  accountId,
  kind,
  label,
  onDone,
  onError,
}: {
  accountId: string;
  kind?: ActiveAlert['kind'];
  label?: string;
  onDone?: () => void;
  onError: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const name = label ?? t('alerts.snooze');
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (choice: SnoozeChoice) => {
    setOpen(false);
    call('alerts:snooze', { accountId, ...(kind ? { kind } : {}), for: choice }).then(
      () => onDone?.(),
      (e: unknown) => onError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <span className="menu-wrap">
      <button
        ref={button}
        type="button"
        className="button small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
      >
        {name} ▾
      </button>
      {open && (
        <ul
          id={id}
          ref={menu}
          role="menu"
          className="menu"
          aria-label={name}
          onKeyDown={(e) => {
            const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
            else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
            else return;
            e.preventDefault();
          }}
          onBlur={(e) => {
            if (!menu.current?.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current)
              setOpen(false);
          }}
        >
          {SNOOZE_CHOICES.map((choice) => (
            <li key={choice} role="none">
              <button type="button" role="menuitem" onClick={() => choose(choice)}>
                {t(`alerts.snoozeFor.${choice}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

/**
 * Alerts that are on now, each with what can be done about it: snooze (an hour, until
 * tomorrow, until it ends), dismiss, mute its kind for the account; and, once held back, a
 * way to bring it back. Changes show at once (core tells the window through alerts:changed).
 */
export function ActiveAlertList({ alerts, showAccount }: { alerts: ActiveAlert[]; showAccount?: boolean }) {
  const now = useApp((s) => s.now);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
  if (alerts.length === 0) return <p className="muted">{t('alerts.noneOn')}</p>;
  return (
    <>
      <ul className="alert-list active-alerts">
        {[...alerts].reverse().map((a) => {
          const quiet = quietWords(a);
          return (
            <li
              key={`${a.accountId}-${a.kind}-${a.since}`}
              className={`alert-line sev-${a.severity}${quiet ? ' is-quiet' : ''}`}
              data-kind={a.kind}
            >
              <span className="sev">{t(`severity.${a.severity}`)}</span>
              <span className="alert-body">
                <span>{showAccount ? alertSentence(a, now) : alertText(a, now)}</span>
                <span className="muted small">
                  {t('alerts.kindSince', { kind: alertKindWords(a.kind), since: formatRelative(a.since, now) })}
                  {quiet && ` · ${quiet}`}
                </span>
              </span>
              <span className="alert-actions">
                {a.quiet === null ? (
                  <>
                    <SnoozeMenu accountId={a.accountId} kind={a.kind} onError={setError} />
                    {a.id !== null && (
                      <button
                        type="button"
                        className="button small"
                        onClick={() => void call('alerts:dismiss', { id: a.id! }).catch(fail)}
                      >
                        {t('alerts.dismiss')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button small"
                      title={t('alerts.muteTitle', { kind: alertKindWords(a.kind) })}
                      onClick={() =>
                        void call('alerts:mute', { accountId: a.accountId, kind: a.kind, muted: true }).catch(fail)
                      }
                    >
                      {t('alerts.mute')}
                    </button>
                  </>
                ) : a.quiet.reason === 'muted' ? (
                  <button
                    type="button"
                    className="button small"
                    onClick={() =>
                      void call('alerts:mute', { accountId: a.accountId, kind: a.kind, muted: false }).catch(fail)
                    }
                  >
                    {t('alerts.unmute')}
                  </button>
                ) : a.quiet.reason === 'snoozed' ? (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => void call('alerts:unsnooze', { accountId: a.accountId }).catch(fail)}
                  >
                    {t('alerts.unsnooze')}
                  </button>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
