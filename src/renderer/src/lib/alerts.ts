import type { AlertKind } from '../../../shared/alerts.ts';
import { alertDetail } from '../../../shared/alert-phrase.ts';
import type { PhrasedAlert } from '../../../shared/alert-phrase.ts';
import { formatLocale } from './format.ts';
import { t } from './i18n.ts';

/**
 * Alert messages name their account ("CheapAI · main — 92 % of today's cap used…"); on the
 * account's own card the part after the dash is enough. Said in the window's language from
 * the alert's figures (an alert stored in English reads in Chinese when the window does).
 * `spanTo`: for history, spans are measured to the alert's own time.
 */
export function alertText(alert: PhrasedAlert, now: number, spanTo?: number): string {
  return alertDetail(alert, { locale: formatLocale(), now, spanTo });
}

/** The whole sentence with the account's name first: "CheapAI · main — …". */
export function alertSentence(alert: PhrasedAlert, now: number, spanTo?: number): string {
  const cut = alert.message.indexOf(' — ');
  const name = cut >= 0 ? alert.message.slice(0, cut) : null;
  const detail = alertDetail(alert, { locale: formatLocale(), now, spanTo, inline: true });
  return name === null ? detail : `${name} — ${detail}`;
}

/** What each kind of alert is called in the window (settings, snooze menus). */
export function alertKindWords(kind: AlertKind): string {
  return t(`alertKind.${kind}`);
}

/**
 * An engine message for the field it is shown under: the field's name is already on screen
 * ("alerts.staleHours: Too small: expected number to be >=1" → "Too small: …").
 */
export function fieldMessage(message: string): string {
  const text = message.replace(/^alert settings: /, '').replace(/^[A-Za-z][\w.]*: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
