/**
 * An alert's wording as data: a catalog key and its figures, kept with the alert so that it
 * is phrased when shown, in the language of that moment (an alert raised in English reads
 * in Chinese after the language changes). The stored English sentence (`message`, the CLI's
 * contract) is made from the same figures; the English catalog says it word for word the same.
 * No zod here: the window bundles this (its CSP forbids the eval zod probes for); stored
 * phrases are checked with alert-phrase-schema.ts.
 */
import type { Unit } from './units.ts';
import { formatAmountOfText, formatAmountText, formatPercentText } from './format/numbers.ts';
import { daysPhrase, isoDate, relativeTime, spanPhrase } from './format/relative-time.ts';
import { translator } from './i18n.ts';
import { languageOf } from './languages.ts';

/** One figure of a phrase, formatted in the reader's locale when shown (alert-phrase-schema.ts checks stored ones). */
export type PhraseParam =
  | { amount: string; unit: Unit }
  | { amountOf: [string, string]; unit: Unit }
  /** A fraction, said as a whole percent rounded down. */
  | { percent: number }
  /** An instant relative to now, with the verb for before and after it ("resets in 9 h", "reset 2 days ago"). */
  | { at: string; verb: 'resets' | 'expires' }
  /** An instant relative to now, alone ("3 h ago, 11:00"). */
  | { when: string }
  /** The span from the instant to the reference ("for 7 h"). */
  | { span: string }
  /** The days from the reference to the instant ("about 1.5 days"). */
  | { days: string }
  /** The instant's UTC date ("2026-05-15"). */
  | { date: string };

/** The alert sentences: keys under `alert.` in the catalogs. */
export const ALERT_PHRASES = [
  'outOfBalance',
  'balanceZero',
  'lowRunway',
  'lowRunwayPack',
  'lowAmount',
  'topUp',
  'topUpBalance',
  'capApproaching',
  'capApproachingOf',
  'capReached',
  'capReachedLimit',
  'keyRejected',
  'keyExpired',
  'keyExpiredOn',
  'keyExpiring',
  'packExpiring',
  'packExpiringValue',
  'staleNever',
  'stale',
] as const;

/** Why an account's health is what it is, beside its alerts (status health reasons): keys under `alert.` too. */
export const HEALTH_PHRASES = [
  'state_invalid_key',
  'state_expired_key',
  'state_insufficient_balance',
  'state_daily_cap_reached',
  'state_rate_limited',
  'state_server_error',
  'state_bad_response',
  'state_network_error',
  'state_timeout',
  'notPolled',
  'noBalance',
  'noAnswer',
  'paused',
] as const;
export type AlertPhraseKey = (typeof ALERT_PHRASES)[number] | (typeof HEALTH_PHRASES)[number];

export interface AlertPhrase {
  key: AlertPhraseKey;
  params: Record<string, PhraseParam>;
}

export interface PhraseOptions {
  /** BCP 47 locale of the reader; English when absent. */
  locale?: string | undefined;
  timeZone?: string | undefined;
  /** What `at` is relative to (when it is shown). */
  now: number;
  /** What spans are measured to: `now` for an alert still on, the alert's own time for history. */
  spanTo?: number | undefined;
}

const DAY_MS = 86_400_000;

/** The phrase in the reader's language; `times` are the alert's instants in unix ms. */
export function renderAlertPhrase(phrase: AlertPhrase, times: Record<string, number>, opts: PhraseOptions): string {
  const t = translator(opts.locale);
  const locale = opts.locale ?? 'en-US';
  const spanTo = opts.spanTo ?? opts.now;
  // English says its times one way everywhere ("in 3 days, 18 May", 24-hour), as the stored
  // sentence and the CLI do; another language says them its own way ("3 天后，5月18日").
  const timeLocale = languageOf(opts.locale) === 'en' ? undefined : opts.locale;
  const values: Record<string, string> = {};
  for (const [name, p] of Object.entries(phrase.params)) values[name] = param(p);
  return t(`alert.${phrase.key}`, values);

  function param(p: PhraseParam): string {
    if ('amount' in p) return formatAmountText(p.amount, p.unit, { locale });
    if ('amountOf' in p) return formatAmountOfText(p.amountOf[0], p.amountOf[1], p.unit, { locale });
    if ('percent' in p) return formatPercentText(p.percent, { locale, floor: true });
    const name = 'at' in p ? p.at : 'when' in p ? p.when : 'span' in p ? p.span : 'days' in p ? p.days : p.date;
    const at = times[name];
    if (at === undefined || !Number.isFinite(at)) return t('time.unknown');
    if ('at' in p) {
      const when = relativeTime(at, opts.now, { locale: timeLocale, timeZone: opts.timeZone });
      return t(`alert.when.${p.verb}_${at >= opts.now ? 'future' : 'past'}`, { when });
    }
    if ('when' in p) return relativeTime(at, opts.now, { locale: timeLocale, timeZone: opts.timeZone });
    if ('span' in p) return spanPhrase(Math.abs(spanTo - at), opts.locale);
    if ('days' in p) return daysPhrase(Math.max(0, at - spanTo) / DAY_MS, opts.locale);
    return isoDate(at);
  }
}

/** What an alert needs to be said in any language: its stored sentence, and its phrase when kept. */
export interface PhrasedAlert {
  /** "CheapAI · main — 92 % of today's cap used…": English, the account's name first. */
  message: string;
  phrase?: AlertPhrase | undefined;
  /** The instants the phrase speaks of, ISO. */
  times?: Record<string, string> | undefined;
}

/**
 * An alert's detail (the part after the account's name), in the reader's language: from its
 * phrase when kept, else its stored English sentence. Capitalized to stand alone unless
 * `inline` (after "main: …").
 */
export function alertDetail(alert: PhrasedAlert, opts: PhraseOptions & { inline?: boolean }): string {
  let text: string;
  if (alert.phrase) {
    const times: Record<string, number> = {};
    for (const [name, iso] of Object.entries(alert.times ?? {})) times[name] = Date.parse(iso);
    text = renderAlertPhrase(alert.phrase, times, opts);
  } else {
    const cut = alert.message.indexOf(' — ');
    text = cut >= 0 ? alert.message.slice(cut + 3) : alert.message;
  }
  return opts.inline ? text : text.charAt(0).toUpperCase() + text.slice(1);
}
