import type { AlertSettings, AlertSettingsPatch } from '../../shared/alerts.ts';
import { ALERT_KINDS } from '../../shared/alert-kinds.ts';
import { UserError } from '../errors.ts';

/**
 * Alert settings as `name=value` text (`burnrate settings set`, globally or for one account).
 * Every rule threshold has a name; the values are what a person would type:
 *
 * - `lowBalanceRunwayDays=3`, `keyExpiringDays=7`, `packExpiringDays=7`, `staleHours=6`,
 *   `staleIntervals=3` — numbers;
 * - `lowBalanceAmount=5` — in the account's own unit; `off` turns it off;
 * - `capApproachingPercents=80,95` — increasing percents; `off` for none;
 * - `disabledKinds=top_up,stale`, `mutedKinds=stale` — alert kinds; `none` for none;
 * - `notify=on|off`;
 * - `quietHours=22:00-07:00` (optionally `@Europe/Berlin`); `off` for none.
 *
 * An empty value (`name=`) goes back to the default (for an account: to the global value).
 * This only turns text into a patch; the shared zod schema then checks the values and names
 * what is wrong (src/core/alerts/settings.ts).
 */
export const ALERT_SETTING_NAMES = [
  'lowBalanceRunwayDays',
  'lowBalanceAmount',
  'capApproachingPercents',
  'keyExpiringDays',
  'packExpiringDays',
  'staleHours',
  'staleIntervals',
  'disabledKinds',
  'mutedKinds',
  'notify',
  'quietHours',
] as const satisfies ReadonlyArray<keyof AlertSettings>;
export type AlertSettingName = (typeof ALERT_SETTING_NAMES)[number];

export function isAlertSettingName(name: string): name is AlertSettingName {
  return (ALERT_SETTING_NAMES as readonly string[]).includes(name);
}

const OFF = new Set(['off', 'none', 'no', 'false']);
const ON = new Set(['on', 'yes', 'true']);

function bad(name: string, expected: string): never {
  throw new UserError('validation', `${name} must be ${expected}`);
}

function number(name: string, text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) bad(name, 'a number such as 3');
  return Number(text);
}

function list(text: string): string[] {
  return OFF.has(text.toLowerCase()) ? [] : text.split(/[\s,]+/).filter(Boolean);
}

/**
 * One `name=value` into a patch entry, or `inherit` when the value is empty (back to the
 * default). Unknown names and unreadable values are a UserError naming the setting.
 */
export function parseAlertSettingText(
  name: string,
  raw: string,
): { patch: AlertSettingsPatch } | { inherit: AlertSettingName } {
  if (!isAlertSettingName(name))
    throw new UserError(
      'validation',
      `unknown alert setting ${JSON.stringify(name)} (known: ${ALERT_SETTING_NAMES.join(', ')})`,
    );
  const text = raw.trim();
  if (text === '') return { inherit: name };
  switch (name) {
    case 'lowBalanceRunwayDays':
    case 'keyExpiringDays':
    case 'packExpiringDays':
    case 'staleHours':
    case 'staleIntervals':
      return { patch: { [name]: number(name, text) } };
    case 'lowBalanceAmount':
      return { patch: { lowBalanceAmount: OFF.has(text.toLowerCase()) ? null : text } };
    case 'capApproachingPercents':
      return { patch: { capApproachingPercents: list(text).map((p) => number(name, p.replace(/%$/, ''))) } };
    case 'disabledKinds':
    case 'mutedKinds': {
      const kinds = list(text);
      const unknown = kinds.find((k) => !(ALERT_KINDS as readonly string[]).includes(k));
      if (unknown !== undefined) bad(name, `alert kinds from ${ALERT_KINDS.join(', ')}, or none`);
      return { patch: { [name]: kinds } as AlertSettingsPatch };
    }
    case 'notify': {
      const word = text.toLowerCase();
      if (ON.has(word)) return { patch: { notify: true } };
      if (OFF.has(word)) return { patch: { notify: false } };
      return bad(name, 'on or off');
    }
    case 'quietHours': {
      if (OFF.has(text.toLowerCase())) return { patch: { quietHours: null } };
      const m = /^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:@(\S+))?$/.exec(text);
      if (!m) return bad(name, 'HH:MM-HH:MM, optionally @Time/Zone (e.g. 22:00-07:00), or off');
      const pad = (t: string) => t.padStart(5, '0');
      return { patch: { quietHours: { start: pad(m[1]!), end: pad(m[2]!), ...(m[3] ? { timeZone: m[3] } : {}) } } };
    }
  }
}

/** A setting's value as `settings get` prints it: the same text `settings set` takes. */
export function alertSettingText(settings: Partial<AlertSettings>, name: AlertSettingName): string {
  const value = settings[name];
  if (value === undefined) return '';
  if (name === 'quietHours') {
    const q = value as AlertSettings['quietHours'];
    return q === null ? 'off' : `${q.start}-${q.end}${q.timeZone ? `@${q.timeZone}` : ''}`;
  }
  if (name === 'notify') return value ? 'on' : 'off';
  if (name === 'lowBalanceAmount') return value === null ? 'off' : String(value);
  if (Array.isArray(value))
    return value.length === 0 ? (name === 'capApproachingPercents' ? 'off' : 'none') : value.join(',');
  return String(value);
}
