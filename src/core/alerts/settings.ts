import type { z } from 'zod';
import type { AlertKind, AlertSettings, AlertSettingsPatch } from '../../shared/alerts.ts';
import {
  alertSettingsPatchSchema,
  alertSettingsSchema,
  alertSnoozeInputSchema,
  DEFAULT_ALERT_SETTINGS,
} from '../../shared/alerts.ts';
import type { SettingsRepo } from '../store/settings-repo.ts';
import { UserError } from '../errors.ts';

/**
 * Alert rule settings in the settings table: global defaults under `alerts.defaults` and
 * per-account overrides under `alerts.account.<id>`, both stored as patches over the
 * built-in defaults so a later build can improve a default nobody chose. Values are parsed
 * with the shared zod schemas on the way in (errors name the field) and on the way out (a
 * damaged value falls back to the default).
 */
const DEFAULTS_KEY = 'alerts.defaults';
const accountKey = (accountId: string) => `alerts.account.${accountId}`;

export function getAlertDefaults(settings: SettingsRepo): AlertSettings {
  return merge(DEFAULT_ALERT_SETTINGS, settings.get(DEFAULTS_KEY, alertSettingsPatchSchema, {}));
}

/**
 * Change the global defaults; `patch` is untrusted (IPC) and validated here; fields named in
 * `reset` go back to the built-in defaults. Returns the new defaults.
 */
export function setAlertDefaults(
  settings: SettingsRepo,
  patch: unknown,
  reset: ReadonlyArray<keyof AlertSettings> = [],
): AlertSettings {
  const change = parse(alertSettingsPatchSchema, patch);
  const stored: AlertSettingsPatch = { ...settings.get(DEFAULTS_KEY, alertSettingsPatchSchema, {}), ...change };
  for (const key of reset) delete stored[key];
  const result = parse(alertSettingsSchema, merge(DEFAULT_ALERT_SETTINGS, stored));
  settings.set(DEFAULTS_KEY, stored);
  return result;
}

/** The settings an account overrides (any subset); {} when it follows the defaults. */
export function getAccountAlertOverrides(settings: SettingsRepo, accountId: string): AlertSettingsPatch {
  return settings.get(accountKey(accountId), alertSettingsPatchSchema, {});
}

/**
 * Change an account's overrides: fields in `patch` are set; fields named in `inherit` go
 * back to following the defaults. Returns the account's effective settings.
 */
export function setAccountAlertOverrides(
  settings: SettingsRepo,
  accountId: string,
  patch: unknown,
  inherit: ReadonlyArray<keyof AlertSettings> = [],
): AlertSettings {
  const change = parse(alertSettingsPatchSchema, patch);
  const stored: AlertSettingsPatch = { ...getAccountAlertOverrides(settings, accountId), ...change };
  for (const key of inherit) delete stored[key];
  const result = parse(alertSettingsSchema, merge(getAlertDefaults(settings), stored));
  if (Object.keys(stored).length === 0) settings.delete(accountKey(accountId));
  else settings.set(accountKey(accountId), stored);
  return result;
}

/** Forget an account's overrides (when the account is purged). */
export function deleteAccountAlertOverrides(settings: SettingsRepo, accountId: string): void {
  settings.delete(accountKey(accountId));
}

/**
 * What applies to an account: its overrides over the defaults. A snooze is the later of
 * the global one ("snooze all") and the account's own, so neither can shorten the other.
 */
export function effectiveAlertSettings(settings: SettingsRepo, accountId: string): AlertSettings {
  const defaults = getAlertDefaults(settings);
  const overrides = getAccountAlertOverrides(settings, accountId);
  const merged = merge(defaults, overrides);
  return { ...merged, snoozedUntil: later(defaults.snoozedUntil, overrides.snoozedUntil ?? null) };
}

/** Parse a snooze request (IPC input) into what to store where. */
export function parseSnooze(input: unknown): { accountId: string; kind: AlertKind | null; until: number } {
  const parsed = parse(alertSnoozeInputSchema, input);
  return { accountId: parsed.accountId, kind: parsed.kind ?? null, until: Date.parse(parsed.until) };
}

function merge(base: AlertSettings, patch: AlertSettingsPatch): AlertSettings {
  const out: AlertSettings = { ...base };
  for (const [key, value] of Object.entries(patch) as Array<[keyof AlertSettings, unknown]>) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return parseAlertInput(schema, value, 'alert settings');
}

/** Parse an untrusted alert request (IPC, CLI); the error names `what` and the field. */
export function parseAlertInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new UserError('validation', `${what}: ${where}${issue?.message ?? 'invalid value'}`);
}
