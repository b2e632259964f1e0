import type { AlertKind } from '../../../shared/alerts.ts';

/**
 * Alert messages name their account ("CheapAI · main — 92 % of today's cap used…"); on the
 * account's own card the part after the dash is enough.
 */
export function alertText(message: string): string {
  const cut = message.indexOf(' — ');
  const text = cut >= 0 ? message.slice(cut + 3) : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What each kind of alert is called in the window (settings, snooze menus). */
export const ALERT_KIND_WORDS: Record<AlertKind, string> = {
  low_balance: 'Low balance',
  zero_balance: 'Out of balance',
  cap_approaching: 'Near the daily cap',
  cap_reached: 'Daily cap reached',
  key_invalid: 'Key rejected or expired',
  key_expiring: 'Key expiring',
  pack_expiring: 'Pack expiring unused',
  stale: 'No fresh readings',
  top_up: 'Top-up seen',
};

/**
 * An engine message for the field it is shown under: the field's name is already on screen
 * ("alerts.staleHours: Too small: expected number to be >=1" → "Too small: …").
 */
export function fieldMessage(message: string): string {
  const text = message.replace(/^alert settings: /, '').replace(/^[A-Za-z][\w.]*: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
