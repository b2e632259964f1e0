import type { Currency, Unit } from './units.ts';

/**
 * How an amount reads, by unit: currencies with their currency formatting ("$12.50",
 * "CN¥88.88"), provider units as a grouped number and the unit's name ("128,387 credits").
 * One rule for the window, the tray and the alert messages, so a figure reads the same
 * wherever it is shown. Amounts arrive as exact decimal strings and reach Intl as strings,
 * which formats them without going through a float.
 *
 * `locale` is the caller's: the window follows the system's, alert messages are English
 * sentences stored once and pass "en-US".
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

const UNIT_NAMES: Record<Exclude<Unit, Currency>, string> = {
  credits: 'credits',
  quota: 'quota',
  characters: 'characters',
};

/** "USD", "credits": what to call a unit after a number or in a label. */
export function unitName(unit: Unit): string {
  return isCurrencyUnit(unit) ? unit : UNIT_NAMES[unit];
}

/**
 * The decimals a provider-unit amount is read with: whole units from a thousand up (a
 * fraction of a credit in "128,387.2 credits" is noise), two below, four under one so a
 * small remainder does not read as zero.
 */
export function plainDigits(amount: string): number {
  const abs = Math.abs(Number(amount));
  if (abs >= 1000) return 0;
  if (abs >= 1 || abs === 0) return 2;
  return 4;
}

/** Money in its currency: cents, or four decimals under ten cents so they do not read as $0.00. */
export function formatMoneyText(amount: string, currency: Currency, options: AmountFormatOptions = {}): string {
  const n = Math.abs(Number(amount));
  const digits = options.exact ? 6 : n < 0.1 && n !== 0 ? 4 : 2;
  return numberFormat(options.locale, `money:${currency}:${digits}`, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
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
  return `${formatNumberText(amount, options.exact ? 6 : undefined, options.locale)} ${UNIT_NAMES[unit]}`;
}

/** Two amounts of one unit, the unit said once: "46,000 of 50,000 credits", "$46.00 of $50.00". */
export function formatAmountOfText(part: string, whole: string, unit: Unit, options: AmountFormatOptions = {}): string {
  if (isCurrencyUnit(unit))
    return `${formatMoneyText(part, unit, options)} of ${formatMoneyText(whole, unit, options)}`;
  return `${formatNumberText(part, options.exact ? 6 : undefined, options.locale)} of ${formatAmountText(whole, unit, options)}`;
}
