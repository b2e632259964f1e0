/**
 * The one way a time is said relative to another ("in 36 h, Wed 03:00", "3 min ago"), and
 * the spans alert messages use ("7 h", "1.5 days"). Instants are stored; these phrases are
 * made when something is shown, relative to the moment it speaks for (a report's
 * `generatedAt`, the clock). Pure: the time zone and locale are the caller's (undefined =
 * the computer's zone; the clock and dates read in `locale`, default en-GB: 24-hour, "Wed",
 * "18 May"). The words come from the catalog of `locale`'s language (src/shared/locales):
 * English by default, "3 天后，5月18日" in Chinese.
 */
import { translator } from '../i18n.ts';
import type { AlertPhrase } from '../alert-phrase.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface TimeZoneOptions {
  /** IANA zone; undefined = the computer's own. */
  timeZone?: string | undefined;
  /** BCP 47 locale for the clock, dates and words; default en-GB (English words). */
  locale?: string | undefined;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(opts: TimeZoneOptions, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${opts.locale ?? ''}|${opts.timeZone ?? ''}|${key}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(opts.locale ?? 'en-GB', {
      ...options,
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    });
    formats.set(id, f);
  }
  return f;
}

/** "03:00": the wall-clock time in the zone. */
export function clockTime(at: number, opts: TimeZoneOptions = {}): string {
  return dateFormat(opts, 'clock', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** The calendar day of an instant in the zone, as a comparable number (days since 1970 of that wall date). */
function wallDay(at: number, opts: TimeZoneOptions): number {
  const parts = dateFormat(opts, 'ymd', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.floor(Date.UTC(get('year'), get('month') - 1, get('day')) / DAY_MS);
}

/** "Wed 03:00", "tomorrow 03:00", "03:00" (today), as seen from `now` in the zone. */
function dayAndClock(at: number, now: number, opts: TimeZoneOptions): string {
  const days = wallDay(at, opts) - wallDay(now, opts);
  const clock = clockTime(at, opts);
  const t = translator(opts.locale);
  if (days === 0) return clock;
  if (days === 1) return t('time.tomorrow', { clock });
  if (days === -1) return t('time.yesterday', { clock });
  return t('time.weekdayClock', { weekday: dateFormat(opts, 'weekday', { weekday: 'short' }).format(at), clock });
}

/** "18 May", or "18 Aug 2027" when far off. */
function calendarDate(at: number, now: number, opts: TimeZoneOptions): string {
  const far = Math.abs(at - now) >= 180 * DAY_MS;
  return dateFormat(opts, far ? 'dmy' : 'dm', {
    day: 'numeric',
    month: 'short',
    ...(far ? { year: 'numeric' } : {}),
  }).format(at);
}

/**
 * An instant relative to `now`: "in 25 min, 14:25", "in 36 h, Wed 03:00", "in 20 h,
 * tomorrow 03:00", "in 4 days, 18 May", "3 h ago, 11:00"; "now" within a minute. Under
 * 48 hours the clock time is always there, and "tomorrow" is said only of tomorrow.
 */
export function relativeTime(at: number, now: number, opts: TimeZoneOptions = {}): string {
  const delta = at - now;
  const span = Math.abs(delta);
  const t = translator(opts.locale);
  if (span < MINUTE_MS) return t('time.now');
  const rel = inOrAgo(delta, spanPhrase(span, opts.locale), opts.locale);
  const when = span < 48 * HOUR_MS ? dayAndClock(at, now, opts) : calendarDate(at, now, opts);
  return t('time.relWhen', { rel, when });
}

/** "in 3 h" / "3 h ago" ("3 小时后" / "3 小时前"): a span before or after now. */
export function inOrAgo(delta: number, span: string, locale?: string): string {
  return translator(locale)(delta > 0 ? 'time.in' : 'time.ago', { span });
}

/** A span for "in …" / "for …": "25 min", "3 h", "4 days", "3 months". */
export function spanPhrase(ms: number, locale?: string): string {
  const t = translator(locale);
  const span = Math.max(0, ms);
  const say = (key: string, count: number) => t(key, { count, n: String(count) });
  if (span < HOUR_MS) return say('time.minutes', Math.max(1, Math.round(span / MINUTE_MS)));
  if (span < 48 * HOUR_MS) return say('time.hours', Math.round(span / HOUR_MS));
  const days = Math.round(span / DAY_MS);
  if (days < 60) return say('time.days', days);
  const months = Math.round(span / (30.4 * DAY_MS));
  if (months < 24) return say('time.months', months);
  return say('time.years', Math.round(span / (365 * DAY_MS)));
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Days of runway for a sentence: "1.5 days", "9 days", "36 days"; under a day as a span ("7 h"). */
export function daysPhrase(days: number, locale?: string): string {
  if (days < 1) return spanPhrase(days * DAY_MS, locale);
  const count = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  const n = days < 10 ? oneDecimal.format(count) : whole.format(count);
  return translator(locale)('time.days', { count, n });
}

/** "2026-05-15" in UTC: unambiguous in every locale and zone. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * A sentence with its instants left open, filled in when shown. Placeholders:
 * - `{at:name}` → relativeTime ("in 9 h, 14:00"); `{at:name:resets:reset}` puts the first
 *   word before a future instant and the second before a past one ("resets in 9 h, 14:00",
 *   "reset 2 days ago, 18 May");
 * - `{span:name}` → the span between the instant and the reference ("7 h");
 * - `{days:name}` → the same in days ("1.5 days");
 * - `{date:name}` → its UTC date ("2026-05-15").
 * `times` holds unix ms by name.
 */
export interface TimedText {
  template: string;
  times: Record<string, number>;
  /** The same sentence as a catalog key and figures, phrased in the reader's language (alert-phrase.ts). */
  phrase?: AlertPhrase;
}

export interface RenderTimedOptions extends TimeZoneOptions {
  /** What `{at:…}` is relative to: when the text is shown (a report's generatedAt, the clock). */
  now: number;
  /**
   * What spans are measured to: `now` for what is still true (an active alert), the event's
   * own time for history (an alert raised a week ago said "for 7 h", and that stays true).
   */
  spanTo?: number | undefined;
}

const PLACEHOLDER = /\{(at|span|days|date):([A-Za-z][A-Za-z0-9]*)(?::([^:{}]+):([^:{}]+))?\}/g;

export function renderTimedText(text: TimedText, opts: RenderTimedOptions): string {
  const spanTo = opts.spanTo ?? opts.now;
  return text.template.replace(PLACEHOLDER, (_all, kind: string, name: string, future?: string, past?: string) => {
    const at = text.times[name];
    if (at === undefined || !Number.isFinite(at)) return translator(opts.locale)('time.unknown');
    switch (kind) {
      case 'at': {
        const phrase = relativeTime(at, opts.now, opts);
        if (future === undefined || past === undefined) return phrase;
        return `${at >= opts.now ? future : past} ${phrase}`;
      }
      case 'span':
        return spanPhrase(Math.abs(spanTo - at));
      case 'days':
        return daysPhrase(Math.max(0, at - spanTo) / DAY_MS);
      default:
        return isoDate(at);
    }
  });
}
