/**
 * The alert kinds and snooze choices without zod, so the renderer can list them without
 * bundling a schema library (its CSP forbids the eval zod probes for). The schemas built on
 * them are in alerts.ts.
 */
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

/**
 * How long a snooze lasts, as the window, the tray, notifications and `alerts snooze --for`
 * offer it: an hour; until 09:00 tomorrow (local time); or until this episode of the alert
 * ends (its condition clears), however long that takes.
 */
export const SNOOZE_CHOICES = ['1h', 'until-tomorrow', 'episode'] as const;
