/**
 * The alert vocabulary and the shapes of alert settings, shared by core (which evaluates
 * and stores alerts), the CLI (`alerts --json`), IPC (the settings channels validate with
 * these schemas) and the UI. Pure zod: no runtime imports.
 */
import { z } from 'zod';
import { decimalStringSchema } from './domain.ts';

export const ALERT_KINDS = [
  'low_balance',
  'zero_balance',
  'cap_approaching',
  'cap_reached',
  'key_invalid',
  'key_expiring',
  'pack_expiring',
  'stale',
  'top_up',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const alertKindSchema = z.enum(ALERT_KINDS);

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const alertSeveritySchema = z.enum(ALERT_SEVERITIES);

/**
 * Why an alert was kept in the list without a notification. `imported`: raised when an
 * imported history was evaluated — restored state, not news.
 */
export type AlertSilence = 'quiet_hours' | 'snoozed' | 'muted' | 'imported';

/**
 * One entry of the alert history (`alerts --json`, the in-app list, `watch` lines).
 * `accountId`, `kind`, `severity`, `message` and `at` are the CLI contract; the rest is extra.
 */
export interface AlertEvent {
  id: number;
  accountId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** The full sentence, e.g. "CheapAI · main — 92 % of today's cap used (…), resets in 3 h". */
  message: string;
  /** ISO time the alert fired. */
  at: string;
  /** Notification title and body: `message` split at " — ". */
  title: string;
  body: string;
  /** null when a notification was (or should be) shown; otherwise why not. */
  silenced: AlertSilence | null;
  /**
   * The instants the message speaks of (resetAt, expiresAt, zeroAt…), ISO. The message is
   * phrased from them when listed, so "resets in 9 h" never outlives the reset. Absent on
   * alerts stored before instants were kept.
   */
  times?: Record<string, string>;
}

/** An alert whose episode is still on (what the status `alerts` array and the tray show). */
export interface ActiveAlert {
  accountId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  /** ISO time the episode's alert first fired. */
  since: string;
  /** ISO time a snooze of this alert (or its account, or all alerts) ends; null if none. */
  snoozedUntil: string | null;
  /** The instants the message speaks of, ISO (see AlertEvent.times). */
  times?: Record<string, string>;
}

/* ------------------------------------------------------------------ settings */

/** A wall-clock time, HH:MM (24-hour). */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour), e.g. 22:00');

/**
 * Hours in which alerts are kept in the in-app list without a notification. `start` may be
 * after `end` (22:00–07:00 spans midnight). `timeZone` is an IANA zone; absent = the
 * computer's own zone.
 */
export const quietHoursSchema = z.strictObject({
  start: clockTimeSchema,
  end: clockTimeSchema,
  timeZone: z
    .string()
    .max(64)
    .refine((zone) => isTimeZone(zone), 'not a known time zone')
    .optional(),
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

const isoTimeSchema = z.iso.datetime({ offset: true });

/** Every rule setting, with the defaults below. Per account, any subset overrides these. */
export const alertSettingsSchema = z.strictObject({
  /** low_balance fires when the projected runway is shorter than this many days… */
  lowBalanceRunwayDays: z.number().min(0).max(365),
  /** …or when the balance falls below this amount, in the account's own unit (null = off). */
  lowBalanceAmount: decimalStringSchema.nullable(),
  /** cap_approaching levels, in percent of the daily cap, each firing once per cap window. */
  capApproachingPercents: z
    .array(z.number().int().min(1).max(99))
    .max(4)
    .refine((list) => list.every((p, i) => i === 0 || p > list[i - 1]!), 'percent levels must be increasing'),
  /** key_expiring fires when a known key expiry is this close. */
  keyExpiringDays: z.number().int().min(1).max(365),
  /** pack_expiring fires when a pack with credits projected unused expires this soon. */
  packExpiringDays: z.number().int().min(1).max(365),
  /** stale fires after no successful reading for the longer of these two. */
  staleHours: z
    .number()
    .min(1)
    .max(24 * 30),
  staleIntervals: z.number().int().min(1).max(1000),
  /** Kinds that never fire for this scope. */
  disabledKinds: z.array(alertKindSchema).max(ALERT_KINDS.length),
  /** Whether alerts of this scope show native notifications at all (they are always listed). */
  notify: z.boolean(),
  quietHours: quietHoursSchema.nullable(),
  /** Until this time, alerts are listed but not notified. */
  snoozedUntil: isoTimeSchema.nullable(),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

/** A change to the defaults or an account's overrides: any subset of the settings. */
export const alertSettingsPatchSchema = alertSettingsSchema.partial();
export type AlertSettingsPatch = z.infer<typeof alertSettingsPatchSchema>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  lowBalanceRunwayDays: 3,
  lowBalanceAmount: null,
  capApproachingPercents: [80, 95],
  keyExpiringDays: 7,
  packExpiringDays: 7,
  staleHours: 6,
  staleIntervals: 3,
  disabledKinds: [],
  notify: true,
  quietHours: null,
  snoozedUntil: null,
};

/** Snooze one kind of alert for one account (or every kind when `kind` is absent). */
export const alertSnoozeInputSchema = z.strictObject({
  accountId: z.string().min(1).max(64),
  kind: alertKindSchema.optional(),
  until: isoTimeSchema,
});
/** @public The snooze action in the alert list (issue 11) takes this shape; nothing sends it yet. */
export type AlertSnoozeInput = z.infer<typeof alertSnoozeInputSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
