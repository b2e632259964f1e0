/**
 * The alert vocabulary and the shapes of alert settings, shared by core (which evaluates
 * and stores alerts), the CLI (`alerts --json`), IPC (the settings channels validate with
 * these schemas) and the UI. Pure zod: no runtime imports.
 */
import { z } from 'zod';
import { decimalStringSchema } from './domain.ts';
import { ALERT_KINDS, SNOOZE_CHOICES } from './alert-kinds.ts';
import type { AlertPhrase } from './alert-phrase.ts';

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
  /**
   * The message as a catalog key and figures, so it is said in the reader's language when
   * shown (src/shared/alert-phrase.ts). Absent on alerts stored before phrases were kept.
   */
  phrase?: AlertPhrase;
  /** ISO time someone dismissed this alert (`alerts dismiss`, the window, the tray); absent when not. */
  dismissedAt?: string;
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
  /** The message as a catalog key and figures (see AlertEvent.phrase). */
  phrase?: AlertPhrase;
  /** The newest alert of this episode in the history (what `alerts dismiss` takes); null if none is kept. */
  id: number | null;
  /**
   * Why this alert is held back from notifications, the tray's colour and "needs attention",
   * and until when: snoozed (`until` null: until this episode ends), dismissed (until the
   * episode ends or rises to a higher level), or its kind muted for the account (until
   * unmuted). null when it is not held.
   */
  quiet: AlertQuiet | null;
}

export interface AlertQuiet {
  reason: 'snoozed' | 'dismissed' | 'muted';
  /** ISO end of a timed snooze; null when it lasts until the episode ends (or, muted, until unmuted). */
  until: string | null;
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
  /**
   * Kinds that still fire and are listed, but never notify, reach a channel, colour the tray
   * or count as needing attention ("mute this kind for this account").
   */
  mutedKinds: z.array(alertKindSchema).max(ALERT_KINDS.length),
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
  mutedKinds: [],
  notify: true,
  quietHours: null,
  snoozedUntil: null,
};

/** Snooze one kind of alert for one account (or every kind when `kind` is absent) until a time. */
export const alertSnoozeInputSchema = z.strictObject({
  accountId: z.string().min(1).max(64),
  kind: alertKindSchema.optional(),
  until: isoTimeSchema,
});

export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];
export const snoozeChoiceSchema = z.enum(SNOOZE_CHOICES);

/** Snooze an account's alerts (one kind, or all) for one of the choices above. */
export const alertSnoozeForInputSchema = z.strictObject({
  accountId: z.string().min(1).max(64),
  kind: alertKindSchema.optional(),
  for: snoozeChoiceSchema,
});

/** What a snooze did: `until` is null for an episode snooze; `alerts` the active alerts it now holds. */
export interface SnoozeResult {
  accountId: string;
  kind: AlertKind | null;
  for: SnoozeChoice | 'until';
  until: string | null;
  alerts: number;
}

/** Dismiss one alert of the history (by its id). */
export const alertDismissInputSchema = z.strictObject({
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/**
 * What a dismissal did. `episodeActive`: the alert's episode was still on, and is now held
 * back until it ends or rises to a higher level; false when it had already ended (the alert
 * is only marked dismissed in the history).
 */
export interface DismissResult {
  id: number;
  accountId: string;
  kind: AlertKind;
  dismissedAt: string;
  episodeActive: boolean;
}

/** Mute (or unmute) one kind of alert for one account. */
export const alertMuteInputSchema = z.strictObject({
  accountId: z.string().min(1).max(64),
  kind: alertKindSchema,
  muted: z.boolean(),
});

export interface MuteResult {
  accountId: string;
  kind: AlertKind;
  muted: boolean;
  /** Every kind muted for the account now (its own and the defaults'). */
  mutedKinds: AlertKind[];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
