import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { Channel, ChannelKind } from '../../../../shared/alert-channel-kinds.ts';
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from '../../../../shared/alert-channel-kinds.ts';
import type { AlertSeverity } from '../../../../shared/alerts.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { Field } from '../../components/Field.tsx';
import { formatRelative } from '../../lib/format.ts';
import { useApp } from '../../store/app.ts';
import { t } from '../../lib/i18n.ts';

/** Where each kind's URL comes from, shown under the URL field (`channels.urlHelp.<kind>`). */
const urlHelp = (kind: ChannelKind) => t(`channels.urlHelp.${kind}`);

/** Alert channels: the list with each one's last delivery, a test button, and a small add form. */
export function ChannelsSection() {
  const now = useApp((s) => s.now);
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [kind, setKind] = useState<ChannelKind>('ntfy');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [minSeverity, setMinSeverity] = useState<AlertSeverity>('warning');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = () =>
    call('channels:list', undefined).then(setChannels, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  useEffect(() => {
    void refresh();
  }, []);

  const run = (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setNote(null);
    work().then(
      (message) => {
        setNote(message);
        setBusy(false);
        void refresh();
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
        void refresh();
      },
    );
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    run(async () => {
      const channel = await call('channels:add', { kind, url, ...(secret ? { secret } : {}), minSeverity });
      setUrl('');
      setSecret('');
      return `Added ${CHANNEL_KIND_NAMES[channel.kind]} (${channel.target}).`;
    });
  };

  return (
    <div className="panel" aria-labelledby="channels-title">
      <h2 id="channels-title">{t('channels.title')}</h2>
      <p className="muted small">{t('channels.intro')}</p>
      {channels && channels.length > 0 && (
        <ul className="settings-accounts">
          {channels.map((c) => (
            <li key={c.id}>
              <div>
                <strong>{CHANNEL_KIND_NAMES[c.kind]}</strong> <span className="small">{c.target}</span>
                <span className="muted small">
                  {' '}
                  · {t('channels.andAbove', { severity: t(`severity.${c.minSeverity}`) })} · {lastOutcome(c, now)}
                </span>
              </div>
              <div className="row">
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() =>
                    run(async () => {
                      const r = await call('channels:test', { id: c.id });
                      return r.ok ? t('channels.testDelivered') : t('channels.testFailed', { message: r.message });
                    })
                  }
                >
                  {t('channels.test')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => run(async () => (await call('channels:remove', { id: c.id }), t('channels.removed')))}
                >
                  {t('channels.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={add} aria-label={t('channels.add')}>
        <div className="form-grid">
          <Field label={t('channels.sendTo')}>
            {(p) => (
              <select {...p} value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
                {CHANNEL_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {CHANNEL_KIND_NAMES[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('channels.url')} help={urlHelp(kind)}>
            {(p) => (
              <input
                {...p}
                name="channelUrl"
                autoComplete="off"
                spellCheck={false}
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('channels.secret')}>
            {(p) => (
              <input
                {...p}
                name="channelSecret"
                type="password"
                autoComplete="off"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('channels.minSeverity')}>
            {(p) => (
              <select {...p} value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as AlertSeverity)}>
                <option value="info">{t('channels.severity.info')}</option>
                <option value="warning">{t('channels.severity.warning')}</option>
                <option value="critical">{t('channels.severity.critical')}</option>
              </select>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy || !url.trim()}>
            {t('channels.addButton')}
          </button>
          {note && (
            <span role="status" className="muted">
              {note}
            </span>
          )}
        </div>
      </form>
      <ErrorNote error={error} />
    </div>
  );
}

function lastOutcome(c: Channel, now: number): string {
  if (c.lastFailureAt !== null && (c.lastSuccessAt === null || c.lastFailureAt > c.lastSuccessAt))
    return t('channels.lastFailed', { when: formatRelative(c.lastFailureAt, now), error: c.lastError ?? '' });
  if (c.lastSuccessAt !== null) return t('channels.lastDelivered', { when: formatRelative(c.lastSuccessAt, now) });
  return t('channels.nothingSent');
}
