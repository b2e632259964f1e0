import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/ipc.ts';
import { call } from '../api.ts';
import { ErrorNote } from '../components/Empty.tsx';
import { CheckField, Field } from '../components/Field.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatRelative } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';
import { ChannelsSection } from './settings/ChannelsSection.tsx';

export function SettingsView() {
  return (
    <section aria-labelledby="settings-title" className="settings">
      <header className="view-header">
        <h1 id="settings-title" tabIndex={-1}>
          Settings
        </h1>
      </header>
      <AccountsSection />
      <GeneralSection />
      <ChannelsSection />
      <TroubleshootingSection />
    </section>
  );
}

/** Where Burnrate writes what went wrong (keys redacted), for a bug report. */
function TroubleshootingSection() {
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    setError(null);
    call('app:openLogFolder', undefined).then(
      (r) => setOpened(r.opened),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <div className="panel" aria-labelledby="troubleshooting-title">
      <h2 id="troubleshooting-title">Troubleshooting</h2>
      <p className="muted">
        Burnrate keeps a log of what went wrong (keys are never written to it). Attach it to a bug report.
      </p>
      <button type="button" className="button" onClick={open}>
        Open log folder
      </button>
      {opened && (
        <p className="muted" role="status" data-testid="log-folder">
          {opened}
        </p>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

function AccountsSection() {
  const accounts = useApp((s) => s.accounts) ?? [];
  const providers = useApp((s) => s.providers);
  const overview = useApp((s) => s.overview);
  const now = useApp((s) => s.now);
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Accounts</h2>
        <a className="button primary" href={routeHref({ name: 'account-form', id: null })}>
          Add account
        </a>
      </div>
      {accounts.length === 0 ? (
        <p className="muted">No accounts yet.</p>
      ) : (
        <ul className="settings-accounts">
          {accounts.map((a) => (
            <li key={a.id}>
              <div>
                <a href={routeHref({ name: 'account-form', id: a.id })}>{a.label}</a>
                <span className="muted small">
                  {' '}
                  {providers.find((p) => p.id === a.provider)?.name ?? a.provider} · every{' '}
                  {Math.round(a.pollIntervalSeconds / 60) || 1} min
                  {a.enabled ? '' : ' · paused'} ·{' '}
                  {a.keyUpdatedAt ? `key stored ${formatRelative(a.keyUpdatedAt, now)}` : 'no key'}
                </span>
              </div>
              <StateBadge state={overview?.status.accounts.find((s) => s.id === a.id)?.state ?? null} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface Draft {
  displayCurrency: 'USD' | 'CNY';
  cnyPerUsd: string;
  pollMinutes: string;
  launchAtLogin: boolean;
  metricsEnabled: boolean;
  metricsPort: string;
  keepAll: boolean;
  retentionDays: string;
  lowBalanceRunwayDays: string;
  capPercents: string;
  keyExpiringDays: string;
  packExpiringDays: string;
  staleHours: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  notify: boolean;
}

function toDraft(s: Settings): Draft {
  const a = s.alerts;
  return {
    displayCurrency: s.displayCurrency,
    cnyPerUsd: s.cnyPerUsd,
    pollMinutes: String(s.defaultPollIntervalSeconds / 60),
    launchAtLogin: s.launchAtLogin,
    metricsEnabled: s.metricsEnabled,
    metricsPort: String(s.metricsPort),
    keepAll: s.retentionDays === null,
    retentionDays: String(s.retentionDays ?? 365),
    lowBalanceRunwayDays: String(a.lowBalanceRunwayDays),
    capPercents: a.capApproachingPercents.join(', '),
    keyExpiringDays: String(a.keyExpiringDays),
    packExpiringDays: String(a.packExpiringDays),
    staleHours: String(a.staleHours),
    quiet: a.quietHours !== null,
    quietStart: a.quietHours?.start ?? '22:00',
    quietEnd: a.quietHours?.end ?? '08:00',
    notify: a.notify,
  };
}

/** Text fields go to core as typed (a blank or a word becomes NaN); core checks them and names what is wrong. */
const num = (text: string): number => (text.trim() === '' ? NaN : Number(text));

function toPatch(d: Draft): SettingsPatch {
  return {
    displayCurrency: d.displayCurrency,
    cnyPerUsd: d.cnyPerUsd.trim(),
    defaultPollIntervalSeconds: Math.round(num(d.pollMinutes) * 60),
    launchAtLogin: d.launchAtLogin,
    metricsEnabled: d.metricsEnabled,
    // The port field is hidden while the endpoint is off; what it held then is not sent.
    ...(d.metricsEnabled ? { metricsPort: num(d.metricsPort) } : {}),
    retentionDays: d.keepAll ? null : num(d.retentionDays),
    alerts: {
      lowBalanceRunwayDays: num(d.lowBalanceRunwayDays),
      capApproachingPercents: d.capPercents
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(num),
      keyExpiringDays: num(d.keyExpiringDays),
      packExpiringDays: num(d.packExpiringDays),
      staleHours: num(d.staleHours),
      quietHours: d.quiet ? { start: d.quietStart, end: d.quietEnd } : null,
      notify: d.notify,
    },
  };
}

function GeneralSection() {
  const settings = useApp((s) => s.settings);
  if (!settings) return <p className="muted">Loading…</p>;
  return <GeneralForm settings={settings} />;
}

function GeneralForm({ settings }: { settings: Settings }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call('settings:set', toPatch(draft)).then(
      (next) => {
        useApp.getState().setSettings(next);
        setDraft(toDraft(next));
        setSaved(true);
        setBusy(false);
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setBusy(false);
      },
    );
  };
  return (
    <form className="form panel" onSubmit={save} aria-labelledby="general-title">
      <h2 id="general-title">General</h2>
      <div className="form-grid">
        <Field label="Display currency">
          {(p) => (
            <select
              {...p}
              value={draft.displayCurrency}
              onChange={(e) => set('displayCurrency', e.target.value as 'USD' | 'CNY')}
            >
              <option value="USD">US dollar (USD)</option>
              <option value="CNY">Chinese yuan (CNY)</option>
            </select>
          )}
        </Field>
        <Field label="CNY per USD" help="Turns CNY balances and prices into dollars and back.">
          {(p) => (
            <input
              {...p}
              name="cnyPerUsd"
              inputMode="decimal"
              value={draft.cnyPerUsd}
              onChange={(e) => set('cnyPerUsd', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Poll new accounts every (minutes)"
          help="At least 0.5 (30 seconds). Each account can have its own interval."
        >
          {(p) => (
            <input
              {...p}
              name="pollMinutes"
              inputMode="decimal"
              value={draft.pollMinutes}
              onChange={(e) => set('pollMinutes', e.target.value)}
            />
          )}
        </Field>
        <fieldset>
          <legend>History</legend>
          <CheckField label="Keep every reading" checked={draft.keepAll} onChange={(v) => set('keepAll', v)} />
          {!draft.keepAll && (
            <Field
              label="Keep readings for (days)"
              help="At least 30. Older readings are deleted now and once a day; their hourly and daily totals stay, so charts and spend still cover them."
            >
              {(p) => (
                <input
                  {...p}
                  name="retentionDays"
                  inputMode="numeric"
                  value={draft.retentionDays}
                  onChange={(e) => set('retentionDays', e.target.value)}
                />
              )}
            </Field>
          )}
        </fieldset>
        <CheckField
          label="Start Burnrate when I log in"
          checked={draft.launchAtLogin}
          onChange={(v) => set('launchAtLogin', v)}
        />
        <fieldset>
          <legend>Prometheus</legend>
          <CheckField
            label="Serve metrics on this computer"
            help={`Balances, burn, runway, caps and key states at http://127.0.0.1:${draft.metricsPort || '…'}/metrics, for a Prometheus on this computer. Only this computer can connect.`}
            checked={draft.metricsEnabled}
            onChange={(v) => set('metricsEnabled', v)}
          />
          {draft.metricsEnabled && (
            <Field label="Port">
              {(p) => (
                <input
                  {...p}
                  name="metricsPort"
                  inputMode="numeric"
                  value={draft.metricsPort}
                  onChange={(e) => set('metricsPort', e.target.value)}
                />
              )}
            </Field>
          )}
        </fieldset>
      </div>

      <h2>Alerts</h2>
      <div className="form-grid">
        <Field label="Warn when the runway is under (days)">
          {(p) => (
            <input
              {...p}
              name="lowBalanceRunwayDays"
              inputMode="decimal"
              value={draft.lowBalanceRunwayDays}
              onChange={(e) => set('lowBalanceRunwayDays', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Warn at these shares of a daily cap (%)"
          help="Up to four, increasing, e.g. 80, 95. Reaching the cap always alerts."
        >
          {(p) => (
            <input
              {...p}
              name="capPercents"
              value={draft.capPercents}
              onChange={(e) => set('capPercents', e.target.value)}
            />
          )}
        </Field>
        <Field label="Warn before a key expires (days)">
          {(p) => (
            <input
              {...p}
              name="keyExpiringDays"
              inputMode="numeric"
              value={draft.keyExpiringDays}
              onChange={(e) => set('keyExpiringDays', e.target.value)}
            />
          )}
        </Field>
        <Field label="Warn before a pack expires unused (days)">
          {(p) => (
            <input
              {...p}
              name="packExpiringDays"
              inputMode="numeric"
              value={draft.packExpiringDays}
              onChange={(e) => set('packExpiringDays', e.target.value)}
            />
          )}
        </Field>
        <Field label="Call an account stale after (hours)">
          {(p) => (
            <input
              {...p}
              name="staleHours"
              inputMode="decimal"
              value={draft.staleHours}
              onChange={(e) => set('staleHours', e.target.value)}
            />
          )}
        </Field>
        <CheckField
          label="Show notifications"
          help="Alerts are always listed in the app; this decides whether they also pop up."
          checked={draft.notify}
          onChange={(v) => set('notify', v)}
        />
        <fieldset>
          <legend>Quiet hours</legend>
          <CheckField
            label="Hold notifications during these hours"
            checked={draft.quiet}
            onChange={(v) => set('quiet', v)}
          />
          {draft.quiet && (
            <div className="row">
              <Field label="From">
                {(p) => (
                  <input
                    {...p}
                    type="time"
                    value={draft.quietStart}
                    onChange={(e) => set('quietStart', e.target.value)}
                  />
                )}
              </Field>
              <Field label="To">
                {(p) => (
                  <input {...p} type="time" value={draft.quietEnd} onChange={(e) => set('quietEnd', e.target.value)} />
                )}
              </Field>
            </div>
          )}
        </fieldset>
      </div>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          Save settings
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(toDraft(settings));
            setError(null);
            setSaved(false);
          }}
        >
          Undo changes
        </button>
        {saved && (
          <span role="status" className="tone-text-ok">
            Saved.
          </span>
        )}
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
