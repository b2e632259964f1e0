import type { Currency, Unit } from '../units.ts';
import { translator } from '../i18n.ts';

/**
 * The one number formatter: how an amount, a percentage and a date read in the window, the
 * tray, notifications, alert messages and the CLI, so a figure reads the same wherever it is
 * shown.
 *
 * - Money: in its currency with the currency's minor digits ("$26.06", "CN¥300.00"); below
 *   one unit, four significant digits so a small amount never reads as zero ("$0.04123").
 * - Provider units: a grouped number and the unit's name, whole from 1,000 up ("128,387
 *   credits"), two decimals below, four significant digits below one ("0.0125 credits").
 * - Percentages: a whole number, a space and "%" ("97 %"), everywhere.
 * - Dates and times: the locale's own order and words (`locale` undefined = the system's).
 *
 * Amounts arrive as exact decimal strings and reach Intl as strings, which formats them
 * without going through a float. `locale` is the caller's: the window and the tray follow
 * the active locale (src/shared/i18n.ts); stored alert messages and CLI sentences are English
 * and pass "en-US". Unit names and the few words ("of") come from the locale's catalog.
 *
 * This module is the stable API the surfaces share: `formatAmountText`, `formatMoneyText`,
 * `formatNumberText`, `formatAmountOfText`, `formatPercentText`, `formatDateTimeText`,
 * `formatDateText`, `unitName`, `isCurrencyUnit`.
 */

type Decimal = `${number}`;
const asDecimal = (s: string): Decimal => s as Decimal;

export interface AmountFormatOptions {
  /** BCP 47 locale; undefined = the system's. */
  locale?: string | undefined;
  /** Show every stored digit (six decimals) instead of the reading precision. */
  exact?: boolean | undefined;
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale ?? ''}|${key}`;
  let nf = cache.get(id);
  if (!nf) cache.set(id, (nf = new Intl.NumberFormat(locale, options)));
  return nf;
}

export function isCurrencyUnit(unit: Unit | null | undefined): unit is Currency {
  return unit === 'USD' || unit === 'CNY';
}

/** "USD", "credits" ("积分"): what to call a unit after a number or in a label. */
export function unitName(unit: Unit, locale?: string): string {
  return isCurrencyUnit(unit) ? unit : translator(locale)(`units.${unit}`);
}

/** Amounts are stored in micro-units: more digits than six are never real. */
const STORED_DIGITS = 6;
const SIGNIFICANT_BELOW_ONE = 4;

/**
 * Decimals that give four significant digits to an amount under one ("0.04123": one leading
 * zero, then four digits), never fewer than `min` and never more than are stored.
 */
function digitsBelowOne(amount: string, min: number): number {
  const frac = /\.(\d*)/.exec(amount)?.[1] ?? '';
  const zeros = /^0*/.exec(frac)![0].length;
  return Math.min(STORED_DIGITS, Math.max(min, zeros + SIGNIFICANT_BELOW_ONE));
}

const isBelowOne = (amount: string) => {
  const n = Math.abs(Number(amount));
  return n < 1 && n !== 0;
};

/**
 * The decimals a provider-unit amount is read with: whole units from a thousand up (a
 * fraction of a credit in "128,387.2 credits" is noise), two below, four significant digits
 * under one so a small remainder does not read as zero.
 */
export function plainDigits(amount: string): number {
  const abs = Math.abs(Number(amount));
  if (abs >= 1000) return 0;
  if (abs >= 1 || abs === 0) return 2;
  return digitsBelowOne(amount.replace(/^-/, ''), 2);
}

/** The currency's minor digits (2 for USD and CNY), as Intl knows them. */
function minorDigits(currency: Currency): number {
  return numberFormat('en-US', `minor:${currency}`, { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits!;
}

/** Money in its currency: its minor digits; four significant digits below one unit. */
export function formatMoneyText(amount: string, currency: Currency, options: AmountFormatOptions = {}): string {
  const minor = minorDigits(currency);
  const digits = options.exact
    ? STORED_DIGITS
    : isBelowOne(amount)
      ? digitsBelowOne(amount.replace(/^-/, ''), minor)
      : minor;
  return numberFormat(options.locale, `money:${currency}:${digits}`, {
    style: 'currency',
    currency,
    minimumFractionDigits: minor,
    maximumFractionDigits: digits,
  }).format(asDecimal(amount));
}

/** A plain number with grouping ("1,234,567"), with `maxDigits` decimals or the reading precision. */
export function formatNumberText(amount: string | number, maxDigits?: number, locale?: string): string {
  const text = typeof amount === 'number' ? String(amount) : amount;
  const digits = maxDigits ?? plainDigits(text);
  return numberFormat(locale, `num:${digits}`, { maximumFractionDigits: digits }).format(asDecimal(text));
}

/** An amount with its unit: currencies as money, provider units as "1,234 credits". */
export function formatAmountText(amount: string, unit: Unit, options: AmountFormatOptions = {}): string {
  if (isCurrencyUnit(unit)) return formatMoneyText(amount, unit, options);
  return translator(options.locale)('units.amount', {
    n: formatNumberText(amount, options.exact ? STORED_DIGITS : undefined, options.locale),
    unit: unitName(unit, options.locale),
  });
}

/** Two amounts of one unit, the unit said once: "46,000 of 50,000 credits", "$46.00 of $50.00". */
export function formatAmountOfText(part: string, whole: string, unit: Unit, options: AmountFormatOptions = {}): string {
  const of = (a: string, b: string) => translator(options.locale)('units.of', { part: a, whole: b });
  if (isCurrencyUnit(unit)) return of(formatMoneyText(part, unit, options), formatMoneyText(whole, unit, options));
  return of(
    formatNumberText(part, options.exact ? STORED_DIGITS : undefined, options.locale),
    formatAmountText(whole, unit, options),
  );
}

/**
 * A share as a whole percent, the one way everywhere: "97 %". `floor` rounds down, so "95 %"
 * appears only once 95 % is really reached (alert levels); otherwise to the nearest.
 */
export function formatPercentText(
  fraction: number,
  options: { locale?: string | undefined; floor?: boolean } = {},
): string {
  const percent = fraction * 100;
  const whole = options.floor ? Math.floor(percent + 1e-9) : Math.round(percent);
  return translator(options.locale)('units.percent', {
    n: numberFormat(options.locale, 'int', { maximumFractionDigits: 0 }).format(whole),
  });
}

export interface DateFormatOptions {
  /** BCP 47 locale; undefined = the system's. */
  locale?: string | undefined;
  /** IANA zone; undefined = the system's. */
  timeZone?: string | undefined;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(opts: DateFormatOptions, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${opts.locale ?? ''}|${opts.timeZone ?? ''}|${key}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(opts.locale, { ...options, ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) });
    dateFormats.set(id, f);
  }
  return f;
}

/** A date and time in the locale's own way ("May 12, 2026, 2:32 PM"); `seconds` adds them. */
export function formatDateTimeText(
  at: string | number,
  options: DateFormatOptions & { seconds?: boolean } = {},
): string {
  const style = options.seconds ? 'medium' : 'short';
  return dateFormat(options, `dt:${style}`, { dateStyle: 'medium', timeStyle: style }).format(new Date(at));
}

/** A date in the locale's own way ("May 12, 2026"). */
export function formatDateText(at: string | number, options: DateFormatOptions = {}): string {
  return dateFormat(options, 'd', { dateStyle: 'medium' }).format(new Date(at));
}

/** A time of day in the locale's own way ("2:32 PM", "14:32"). */
export function formatTimeText(at: string | number, options: DateFormatOptions = {}): string {
  return dateFormat(options, 't', { timeStyle: 'short' }).format(new Date(at));
}
