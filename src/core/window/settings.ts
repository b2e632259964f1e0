import { z } from 'zod';
import type { Settings, SettingsPatch } from '../../shared/ipc.ts';
import { DEFAULT_POLL_INTERVAL_SECONDS, MIN_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';
import type { Core } from '../core.ts';
import { readMoneySettings, setMoneySetting } from '../analytics/settings.ts';
import { readRetentionDays, retentionChanged, RETENTION_SETTING } from '../retention.ts';
import { METRICS_SETTINGS, readMetricsSettings } from '../metrics/settings.ts';
import { activeLocale, LANGUAGE_CHOICES } from '../../shared/languages.ts';
import type { LanguageChoice } from '../../shared/languages.ts';

/**
 * The settings screen's one object, put together from their owners: money settings
 * (analytics), alert rules (alerts), data retention (retention.ts), the metrics endpoint
 * (metrics/settings.ts), and the app's own few, stored here under `app.*`.
 */
const KEYS = {
  defaultPollIntervalSeconds: 'app.defaultPollIntervalSeconds',
  launchAtLogin: 'app.launchAtLogin',
  theme: 'app.theme',
  language: 'app.language',
  retentionDays: RETENTION_SETTING,
} as const;

/** The language chosen in Settings ('system' until one is). */
export function readLanguage(core: Core): LanguageChoice {
  return core.repos.settings.get(KEYS.language, z.enum(LANGUAGE_CHOICES), 'system');
}

/**
 * The locale the window, tray, notifications and alerts speak now: the chosen language, or
 * the OS's (`systemLocale`, main's app.getLocale(); English when unknown).
 */
export function readLocale(core: Core, systemLocale?: string): string {
  return activeLocale(readLanguage(core), systemLocale);
}

/**
 * `languageHome`: where the language choice lives — the person's own data, also while the
 * window shows the demo's (the demo must not change the language).
 */
export function readSettings(core: Core, systemLocale?: string, languageHome: Core = core): Settings {
  const repo = core.repos.settings;
  const money = readMoneySettings(repo);
  const language = readLanguage(languageHome);
  return {
    displayCurrency: money.displayCurrency,
    cnyPerUsd: money.cnyPerUsd,
    defaultPollIntervalSeconds: repo.get(
      KEYS.defaultPollIntervalSeconds,
      z.number().int().min(MIN_POLL_INTERVAL_SECONDS),
      DEFAULT_POLL_INTERVAL_SECONDS,
    ),
    launchAtLogin: repo.get(KEYS.launchAtLogin, z.boolean(), false),
    retentionDays: readRetentionDays(repo),
    alerts: core.alerts.getDefaults(),
    theme: repo.get(KEYS.theme, z.enum(['system', 'light', 'dark']), 'system'),
    language,
    locale: activeLocale(language, systemLocale),
    ...metricsFields(repo),
  };
}

function metricsFields(repo: Core['repos']['settings']): Pick<Settings, 'metricsEnabled' | 'metricsPort'> {
  const m = readMetricsSettings(repo);
  return { metricsEnabled: m.enabled, metricsPort: m.port };
}

/**
 * Apply a change from the settings screen (already shape-checked by the IPC schema). All of
 * it happens in one transaction: if any value is refused by its owner, nothing is stored.
 */
export function writeSettings(
  core: Core,
  patch: SettingsPatch,
  systemLocale?: string,
  languageHome: Core = core,
): Settings {
  const repo = core.repos.settings;
  const retentionBefore = readRetentionDays(repo);
  core.repos.transaction(() => {
    if (patch.displayCurrency !== undefined) setMoneySetting(repo, 'displayCurrency', patch.displayCurrency);
    if (patch.cnyPerUsd !== undefined) setMoneySetting(repo, 'cnyPerUsd', patch.cnyPerUsd);
    if (patch.defaultPollIntervalSeconds !== undefined)
      repo.set(KEYS.defaultPollIntervalSeconds, patch.defaultPollIntervalSeconds);
    if (patch.launchAtLogin !== undefined) repo.set(KEYS.launchAtLogin, patch.launchAtLogin);
    if (patch.theme !== undefined) repo.set(KEYS.theme, patch.theme);
    if (patch.retentionDays !== undefined) repo.set(KEYS.retentionDays, patch.retentionDays);
    if (patch.alerts !== undefined) core.alerts.setDefaults(patch.alerts);
    if (patch.metricsEnabled !== undefined) repo.set(METRICS_SETTINGS.enabled, patch.metricsEnabled);
    if (patch.metricsPort !== undefined) repo.set(METRICS_SETTINGS.port, patch.metricsPort);
  });
  // The choice is already checked (one of LANGUAGE_CHOICES): stored beside the transaction, in its own home.
  if (patch.language !== undefined) languageHome.repos.settings.set(KEYS.language, patch.language);
  const after = readSettings(core, systemLocale, languageHome);
  // A shorter period takes effect now, not at the next daily prune.
  if (after.retentionDays !== retentionBefore) retentionChanged(core);
  return after;
}
