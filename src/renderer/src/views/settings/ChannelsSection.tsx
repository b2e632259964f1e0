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

/** Where each kind's URL comes from, shown under the URL field. */
const URL_HELP: Record<ChannelKind, string> = {
  webhook: 'Any HTTPS endpoint; it receives the alert as JSON. A secret signs the body (X-Burnrate-Signature).',
  ntfy: 'The topic URL, e.g. https://ntfy.sh/your-topic. An access token (tk_…) goes in the secret.',
  gotify: 'Your server, with ?token=<application token>, or the token in the secret.',
  bark: 'The URL the Bark app shows: https://api.day.app/<device key>.',
  telegram: 'https://api.telegram.org/bot<token>/sendMessage?chat_id=<chat id>',
  slack: 'An incoming-webhook URL (https://hooks.slack.com/services/…).',
  discord: 'A channel webhook URL (https://discord.com/api/webhooks/…).',
};

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
      <h2 id="channels-title">Alert channels</h2>
      <p className="muted small">
        Alerts that would show a notification also go here, with the same snoozes and quiet hours. URLs and secrets are
        kept in the keychain.
      </p>
      {channels && channels.length > 0 && (
        <ul className="settings-accounts">
          {channels.map((c) => (
            <li key={c.id}>
              <div>
                <strong>{CHANNEL_KIND_NAMES[c.kind]}</strong> <span className="small">{c.target}</span>
                <span className="muted small">
                  {' '}
                  · {c.minSeverity} and above · {lastOutcome(c, now)}
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
                      return r.ok ? 'Test delivered.' : `Test not delivered: ${r.message}`;
                    })
                  }
                >
                  Test
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => run(async () => (await call('channels:remove', { id: c.id }), 'Channel removed.'))}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={add} aria-label="Add an alert channel">
        <div className="form-grid">
          <Field label="Send to">
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
          <Field label="URL" help={URL_HELP[kind]}>
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
          <Field label="Secret or token (optional)">
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
          <Field label="Send alerts of at least">
            {(p) => (
              <select {...p} value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as AlertSeverity)}>
                <option value="info">info (everything, top-ups too)</option>
                <option value="warning">warning</option>
                <option value="critical">critical only</option>
              </select>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy || !url.trim()}>
            Add channel
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
    return `last delivery failed ${formatRelative(c.lastFailureAt, now)}: ${c.lastError ?? ''}`;
  if (c.lastSuccessAt !== null) return `last delivered ${formatRelative(c.lastSuccessAt, now)}`;
  return 'nothing sent yet';
}
