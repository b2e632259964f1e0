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
import { t } from '../lib/i18n.ts';
import { LANGUAGE_CHOICES } from '../../../shared/languages.ts';
import type { LanguageChoice } from '../../../shared/languages.ts';

export function SettingsView() {
  return (
    <section aria-labelledby="settings-title" className="settings">
      <header className="view-header">
        <h1 id="settings-title" tabIndex={-1}>
          {t('nav.settings')}
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
      <h2 id="troubleshooting-title">{t('settings.troubleshooting')}</h2>
      <p className="muted">{t('settings.logText')}</p>
      <button type="button" className="button" onClick={open}>
        {t('settings.openLog')}
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
        <h2>{t('nav.accounts')}</h2>
        <a className="button primary" href={routeHref({ name: 'account-form', id: null })}>
          {t('settings.addAccount')}
        </a>
      </div>
      {accounts.length === 0 ? (
        <p className="muted">{t('settings.noAccounts')}</p>
      ) : (
        <ul className="settings-accounts">
          {accounts.map((a) => (
            <li key={a.id}>
              <div>
                <a href={routeHref({ name: 'account-form', id: a.id })}>{a.label}</a>
                <span className="muted small">
                  {' '}
                  {providers.find((p) => p.id === a.provider)?.name ?? a.provider} ·{' '}
                  {t('settings.every', { n: Math.round(a.pollIntervalSeconds / 60) || 1 })}
                  {a.enabled ? '' : ` · ${t('account.paused')}`} ·{' '}
                  {a.keyUpdatedAt
                    ? t('settings.keyStored', { when: formatRelative(a.keyUpdatedAt, now) })
                    : t('settings.noKey')}
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
  const v = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : t('settings.enterNumber');
}

function GeneralSection() {
  const settings = useApp((s) => s.settings);
  if (!settings) return <p className="muted">{t('common.loading')}</p>;
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
  const language = useImmediate();
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
        <h2 id="general-title">{t('settings.general')}</h2>
        <p className="muted small">{t('settings.applyNow')}</p>
        <div className="form-grid">
          <Field label={t('settings.language')} help={t('settings.languageHelp')}>
            {(p) => (
              <select
                {...p}
                name="language"
                value={settings.language}
                onChange={(e) => language.apply({ language: e.target.value as LanguageChoice })}
              >
                {LANGUAGE_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`settings.languages.${choice}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('settings.theme')}>
            {(p) => (
              <select
                {...p}
                name="theme"
                value={settings.theme}
                onChange={(e) => theme.apply({ theme: e.target.value as ThemeChoice })}
              >
                <option value="system">{t('settings.themeSystem')}</option>
                <option value="light">{t('settings.themeLight')}</option>
                <option value="dark">{t('settings.themeDark')}</option>
              </select>
            )}
          </Field>
          <Field label={t('settings.currency')}>
            {(p) => (
              <select
                {...p}
                name="displayCurrency"
                value={settings.displayCurrency}
                onChange={(e) => currency.apply({ displayCurrency: e.target.value as 'USD' | 'CNY' })}
              >
                <option value="USD">{t('settings.usd')}</option>
                <option value="CNY">{t('settings.cny')}</option>
              </select>
            )}
          </Field>
          <AutoTextField
            label={t('settings.cnyPerUsd')}
            help={t('settings.cnyPerUsdHelp')}
            name="cnyPerUsd"
            inputMode="decimal"
            value={settings.cnyPerUsd}
            apply={(text) => applySettings({ cnyPerUsd: text.trim() })}
          />
          <AutoTextField
            label={t('settings.pollEvery')}
            help={t('settings.pollEveryHelp')}
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
            <legend>{t('nav.history')}</legend>
            <CheckField
              label={t('settings.keepAll')}
              checked={settings.retentionDays === null}
              onChange={(v) => history.apply({ retentionDays: v ? null : 365 })}
            />
            <ApplyNote id={`${id}-history`} error={history.error} saved={history.saved} />
            {settings.retentionDays !== null && (
              <AutoTextField
                label={t('settings.keepDays')}
                help={t('settings.keepDaysHelp')}
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
            <legend>{t('settings.prometheus')}</legend>
            <CheckField
              label={t('settings.serveMetrics')}
              help={t('settings.metricsHelp', { url: `http://127.0.0.1:${settings.metricsPort}/metrics` })}
              checked={settings.metricsEnabled}
              onChange={(v) => metrics.apply({ metricsEnabled: v })}
            />
            <ApplyNote id={`${id}-metrics`} error={metrics.error} saved={metrics.saved} />
            {settings.metricsEnabled && (
              <AutoTextField
                label={t('settings.port')}
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
              label={t('settings.login')}
              checked={settings.launchAtLogin}
              onChange={(v) => login.apply({ launchAtLogin: v })}
            />
            <ApplyNote id={`${id}-login`} error={login.error} saved={login.saved} />
            <ApplyNote id={`${id}-theme`} error={theme.error} saved={false} />
            <ApplyNote id={`${id}-language`} error={language.error} saved={false} />
            <ApplyNote id={`${id}-currency`} error={currency.error} saved={false} />
          </div>
        </div>
      </div>

      <div className="form panel" role="group" aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('account.alertsTitle')}</h2>
        <p className="muted small">{t('settings.alertsIntro')}</p>
        <div className="form-grid">
          <div>
            <CheckField
              label={t('settings.notifications')}
              help={t('settings.notificationsHelp')}
              checked={a.notify}
              onChange={(v) => notify.apply({ alerts: { notify: v } })}
            />
            <ApplyNote id={`${id}-notify`} error={notify.error} saved={notify.saved} />
          </div>
          <fieldset>
            <legend>{t('settings.quietHours')}</legend>
            <CheckField
              label={t('settings.holdNotifications')}
              checked={a.quietHours !== null}
              onChange={(v) => quiet.apply({ alerts: { quietHours: v ? { start: '22:00', end: '08:00' } : null } })}
            />
            {a.quietHours !== null && (
              <div className="row">
                <AutoTextField
                  label={t('history.from')}
                  type="time"
                  value={a.quietHours.start}
                  apply={(text) => applySettings({ alerts: { quietHours: { ...a.quietHours!, start: text } } })}
                />
                <AutoTextField
                  label={t('history.to')}
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
