import type { Amount } from '../../../shared/domain.ts';
import type { Currency, Unit } from '../../../shared/units.ts';
import {
  formatAmountText,
  formatDateText,
  formatDateTimeText,
  formatMoneyText,
  formatNumberText,
  formatPercentText,
  formatTimeText,
  isCurrencyUnit,
  unitName as unitNameText,
} from '../../../shared/format/numbers.ts';
import { clockTime, inOrAgo, relativeTime, spanPhrase } from '../../../shared/format/relative-time.ts';
import type { AccountStatus } from '../../../shared/status.ts';
import { translator } from '../../../shared/i18n.ts';
import { languageOf } from '../../../shared/languages.ts';

/** The active locale (Settings → Language, else the system's); the browser's until settings arrive. */
let locale: string | undefined;

/** The locale the window shows figures in now. */
export function formatLocale(): string | undefined {
  return locale ?? (typeof navigator === 'undefined' ? undefined : navigator.language);
}

/** Numbers, dates and the words here follow `next` from now on (lib/i18n.ts applyLocale). */
export function setFormatLocale(next: string): void {
  if (next !== locale) cache.clear();
  locale = next;
}

const tr = () => translator(formatLocale());

/**
 * The locale relative phrases take: English says them one way everywhere ("in 3 days,
 * 18 May", 24-hour, as alerts and the CLI do); another language its own way ("3 天后，5月18日").
 */
const timeLocale = () => (languageOf(formatLocale()) === 'en' ? undefined : formatLocale());

/**
 * Display formatting in the active locale. Amounts, percentages and dates follow the one
 * formatter in src/shared/format/numbers.ts (the alerts, the tray, notifications and the CLI
 * use it too); this adds "—" for unknowns, chart axes and spans. Nothing here adds amounts
 * together: sums come from core.
 */

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let nf = cache.get(key);
  if (!nf) cache.set(key, (nf = new Intl.NumberFormat(locale, options)));
  return nf;
}

export { isCurrencyUnit };

/** "USD", "credits" ("积分"): a unit's name in the active language. */
export function unitName(unit: Unit): string {
  return unitNameText(unit, locale);
}

/** Money in its currency ("$12.50", "CN¥88.88", "$0.04123"). */
export function formatMoney(amount: string | null, currency: Currency): string {
  return amount === null ? '—' : formatMoneyText(amount, currency, { locale });
}

/** A plain number with grouping ("1,234,567"). */
export function formatNumber(amount: string | number, maxDigits?: number): string {
  return formatNumberText(amount, maxDigits, locale);
}

/** An amount with its unit: currencies as money, provider units as "1,234 credits". */
export function formatAmount(amount: Amount | null | undefined): string {
  if (!amount) return '—';
  return formatIn(amount.amount, amount.unit);
}

/**
 * `exact` shows every stored digit: for unit prices (a price per token is far below a cent),
 * never for balances, spends and burn, which read the same everywhere.
 */
export function formatIn(amount: string | null, unit: Unit | null, exact = false): string {
  if (amount === null || unit === null) return '—';
  return formatAmountText(amount, unit, { exact, locale });
}

/** Compact axis labels: "1.2M", "$3.4K". Floats are fine here: they only label pixels. */
export function formatAxis(value: number, unit: Unit | null): string {
  const compact = Math.abs(value) >= 10_000;
  if (isCurrencyUnit(unit)) {
    return numberFormat(`axis:${unit}:${compact}`, {
      style: 'currency',
      currency: unit,
      notation: compact ? 'compact' : 'standard',
      maximumFractionDigits: compact ? 1 : 2,
    }).format(value);
  }
  return numberFormat(`axis:n:${compact}`, {
    notation: compact ? 'compact' : 'standard',
    maximumFractionDigits: compact ? 1 : 2,
  }).format(value);
}

/* ------------------------------------------------------------------ time */

/**
 * "3 min ago, 14:02", "in 9 h, tomorrow 00:00", "just now": the one relative phrase
 * (src/shared/format/relative-time.ts), with the clock under 48 hours and "yesterday" or
 * "tomorrow" only when they are.
 */
export function formatRelative(at: string | number | null, now: number): string {
  if (at === null) return tr()('time.never');
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Math.abs(ms - now) < 45_000) return tr()(ms <= now ? 'time.justNow' : 'time.inAMoment');
  return relativeTime(ms, now, { locale: timeLocale() });
}

export function formatDateTime(at: string | number | null, seconds = false): string {
  return at === null ? '—' : formatDateTimeText(at, { seconds, locale });
}

export function formatDate(at: string | number | null): string {
  return at === null ? '—' : formatDateText(at, { locale });
}

export function formatTime(at: string | number | null): string {
  return at === null ? '—' : formatTimeText(at, { locale });
}

/** A span of days as a person says it: "5 hours", "12 days", "3 months". */
export function formatDays(days: number | null): string {
  if (days === null || !Number.isFinite(days)) return '—';
  if (days <= 0) return tr()('time.noneLeft');
  if (days < 1 / 24) return tr()('time.underAnHour');
  // The cache key carries the decimals: "1.5 days" must not be read with a format made for "12 days".
  const unitFormat = (value: number, unit: 'hour' | 'day' | 'month' | 'year') => {
    const digits = value < 10 ? 1 : 0;
    return numberFormat(`dur:${unit}:${digits}`, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      maximumFractionDigits: digits,
    }).format(value);
  };
  if (days < 1) return unitFormat(Math.max(1, Math.round(days * 24)), 'hour');
  if (days < 60) return unitFormat(days < 10 ? Math.round(days * 10) / 10 : Math.round(days), 'day');
  if (days < 730) return unitFormat(Math.round(days / 30.4), 'month');
  return unitFormat(Math.round(days / 365), 'year');
}

/** "9–14 days" from a low/high range in days (one unit when both ends share it). */
export function formatDayRange(low: number | null, high: number | null): string | null {
  if (low === null || high === null || !Number.isFinite(low) || !Number.isFinite(high)) return null;
  const a = formatDays(low);
  const b = formatDays(high);
  // A range whose ends read the same says nothing the single figure does not.
  if (a === b) return null;
  if (low >= 1 && high < 60) {
    const digits = (x: number) => (x < 10 ? Math.round(x * 10) / 10 : Math.round(x));
    return numberFormat('dur:range', {
      style: 'unit',
      unit: 'day',
      unitDisplay: 'long',
      maximumFractionDigits: 1,
    }).formatRange(digits(low), digits(high));
  }
  return `${a} – ${b}`;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : formatPercentText(fraction, { locale });
}

/**
 * An instant relative to now, the one way core says it too ("in 36 h, Wed 03:00",
 * "in 4 days, 18 May"): the clock under 48 hours, "tomorrow" only of tomorrow.
 */
export function formatWhen(at: string | number | null, now: number): string {
  if (at === null) return '—';
  return relativeTime(typeof at === 'number' ? at : Date.parse(at), now, { locale: timeLocale() });
}

/** "3 min ago", "2 days ago"; "just now" within a minute. */
function formatAgo(at: string | number | null, now: number): string {
  if (at === null) return tr()('time.never');
  const ms = now - (typeof at === 'number' ? at : Date.parse(at));
  return ms < 60_000 ? tr()('time.justNow') : inOrAgo(-ms, spanPhrase(ms, locale), locale);
}

/** Where an account's figures come from and how old they are: "from /user/balance · 3 min ago". */
export function formatProvenance(status: AccountStatus, now: number): string | null {
  if (status.asOf === null) return null;
  const t = tr();
  const from =
    status.source === 'manual'
      ? t('provenance.manual')
      : status.source === 'import'
        ? t('provenance.imported')
        : status.balanceEndpoint
          ? t('provenance.from', { endpoint: status.balanceEndpoint })
          : t('provenance.polled');
  return `${from} · ${formatAgo(status.asOf, now)}`;
}

/**
 * A wall-clock time as the alert messages and "in 36 h, Wed 03:00" say it (24-hour): "14:32".
 * For "retrying at 14:32", "resets at 00:00", next to those messages on the same card.
 */
export function formatClock(at: string | number): string {
  return clockTime(typeof at === 'number' ? at : Date.parse(at), { locale: timeLocale() });
}
