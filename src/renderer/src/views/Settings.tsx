import { useId, useState } from 'react';
import type { Settings, SettingsPatch, ThemeChoice } from '../../../shared/ipc.ts';
import { call } from '../api.ts';
import { ApplyNote, AutoTextField, useApplyState } from '../components/AutoField.tsx';
import { ErrorNote } from '../components/Empty.tsx';
import { CheckField, Field } from '../components/Field.tsx';
import { fieldMessage } from '../lib/alerts.ts';
import { AlertRules } from './settings/AlertRules.tsx';
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

/** Apply one change now; null when stored, else what the engine said, for the field it concerns. */
function applySettings(patch: SettingsPatch): Promise<string | null> {
  return call('settings:set', patch).then(
    (next) => {
      useApp.getState().setSettings(next);
      return null;
    },
    (err: unknown) => fieldMessage(err instanceof Error ? err.message : String(err)),
  );
}

/** Typed text as a number, or a message when it is not one (the engine checks the range). */
function asNumber(text: string): number | string {
  const t = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : 'Enter a number';
}

function GeneralSection() {
  const settings = useApp((s) => s.settings);
  if (!settings) return <p className="muted">Loading…</p>;
  return <GeneralForm settings={settings} />;
}

/** A select or checkbox that applies itself when changed, with its result under it. */
function useImmediate() {
  const state = useApplyState();
  return { ...state, apply: (patch: SettingsPatch) => void state.run(() => applySettings(patch)) };
}

/**
 * Settings as a utility has them: every change applies at once (after a pause in typing, or
 * on leaving a field), the engine checks it and says right there what is wrong; nothing to
 * save or undo.
 */
function GeneralForm({ settings }: { settings: Settings }) {
  const id = useId();
  const theme = useImmediate();
  const currency = useImmediate();
  const history = useImmediate();
  const login = useImmediate();
  const metrics = useImmediate();
  const notify = useImmediate();
  const quiet = useImmediate();
  const a = settings.alerts;
  return (
    <>
      <div className="form panel" role="group" aria-labelledby="general-title">
        <h2 id="general-title">General</h2>
        <p className="muted small">Changes apply as you make them.</p>
        <div className="form-grid">
          <Field label="Theme">
            {(p) => (
              <select
                {...p}
                name="theme"
                value={settings.theme}
                onChange={(e) => theme.apply({ theme: e.target.value as ThemeChoice })}
              >
                <option value="system">Same as the system</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            )}
          </Field>
          <Field label="Display currency">
            {(p) => (
              <select
                {...p}
                name="displayCurrency"
                value={settings.displayCurrency}
                onChange={(e) => currency.apply({ displayCurrency: e.target.value as 'USD' | 'CNY' })}
              >
                <option value="USD">US dollar (USD)</option>
                <option value="CNY">Chinese yuan (CNY)</option>
              </select>
            )}
          </Field>
          <AutoTextField
            label="CNY per USD"
            help="Turns CNY balances and prices into dollars and back."
            name="cnyPerUsd"
            inputMode="decimal"
            value={settings.cnyPerUsd}
            apply={(text) => applySettings({ cnyPerUsd: text.trim() })}
          />
          <AutoTextField
            label="Poll new accounts every (minutes)"
            help="At least 0.5 (30 seconds). Each account can have its own interval."
            name="pollMinutes"
            inputMode="decimal"
            value={String(settings.defaultPollIntervalSeconds / 60)}
            apply={(text) => {
              const n = asNumber(text);
              return typeof n === 'string'
                ? Promise.resolve(n)
                : applySettings({ defaultPollIntervalSeconds: Math.round(n * 60) });
            }}
          />
          <fieldset>
            <legend>History</legend>
            <CheckField
              label="Keep every reading"
              checked={settings.retentionDays === null}
              onChange={(v) => history.apply({ retentionDays: v ? null : 365 })}
            />
            <ApplyNote id={`${id}-history`} error={history.error} saved={history.saved} />
            {settings.retentionDays !== null && (
              <AutoTextField
                label="Keep readings for (days)"
                help="At least 30. Older readings are deleted now and once a day; their hourly and daily totals stay, so charts and spend still cover them."
                name="retentionDays"
                inputMode="numeric"
                value={String(settings.retentionDays)}
                apply={(text) => {
                  const n = asNumber(text);
                  return typeof n === 'string' ? Promise.resolve(n) : applySettings({ retentionDays: n });
                }}
              />
            )}
          </fieldset>
          <fieldset>
            <legend>Prometheus</legend>
            <CheckField
              label="Serve metrics on this computer"
              help={`Balances, burn, runway, caps and key states at http://127.0.0.1:${settings.metricsPort}/metrics, for a Prometheus on this computer. Only this computer can connect.`}
              checked={settings.metricsEnabled}
              onChange={(v) => metrics.apply({ metricsEnabled: v })}
            />
            <ApplyNote id={`${id}-metrics`} error={metrics.error} saved={metrics.saved} />
            {settings.metricsEnabled && (
              <AutoTextField
                label="Port"
                name="metricsPort"
                inputMode="numeric"
                value={String(settings.metricsPort)}
                apply={(text) => {
                  const n = asNumber(text);
                  return typeof n === 'string' ? Promise.resolve(n) : applySettings({ metricsPort: n });
                }}
              />
            )}
          </fieldset>
          <div>
            <CheckField
              label="Start Burnrate when I log in"
              checked={settings.launchAtLogin}
              onChange={(v) => login.apply({ launchAtLogin: v })}
            />
            <ApplyNote id={`${id}-login`} error={login.error} saved={login.saved} />
            <ApplyNote id={`${id}-theme`} error={theme.error} saved={false} />
            <ApplyNote id={`${id}-currency`} error={currency.error} saved={false} />
          </div>
        </div>
      </div>

      <div className="form panel" role="group" aria-labelledby="alerts-title">
        <h2 id="alerts-title">Alerts</h2>
        <p className="muted small">
          For every account; each account can override these in its own settings (Settings → the account → Alerts).
        </p>
        <div className="form-grid">
          <div>
            <CheckField
              label="Show notifications"
              help="Alerts are always listed in the app; this decides whether they also pop up."
              checked={a.notify}
              onChange={(v) => notify.apply({ alerts: { notify: v } })}
            />
            <ApplyNote id={`${id}-notify`} error={notify.error} saved={notify.saved} />
          </div>
          <fieldset>
            <legend>Quiet hours</legend>
            <CheckField
              label="Hold notifications during these hours"
              checked={a.quietHours !== null}
              onChange={(v) => quiet.apply({ alerts: { quietHours: v ? { start: '22:00', end: '08:00' } : null } })}
            />
            {a.quietHours !== null && (
              <div className="row">
                <AutoTextField
                  label="From"
                  type="time"
                  value={a.quietHours.start}
                  apply={(text) => applySettings({ alerts: { quietHours: { ...a.quietHours!, start: text } } })}
                />
                <AutoTextField
                  label="To"
                  type="time"
                  value={a.quietHours.end}
                  apply={(text) => applySettings({ alerts: { quietHours: { ...a.quietHours!, end: text } } })}
                />
              </div>
            )}
            <ApplyNote id={`${id}-quiet`} error={quiet.error} saved={quiet.saved} />
          </fieldset>
        </div>
        <AlertRules effective={a} defaults={a} apply={(patch) => applySettings({ alerts: patch })} />
      </div>
    </>
  );
}
