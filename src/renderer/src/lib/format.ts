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
  unitName,
} from '../../../shared/format/numbers.ts';

/**
 * Display formatting in the system's locale. Amounts, percentages and dates follow the one
 * formatter in src/shared/format/numbers.ts (the alerts, the tray, notifications and the CLI
 * use it too); this adds "—" for unknowns, chart axes and spans. Nothing here adds amounts
 * together: sums come from core.
 */

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let nf = cache.get(key);
  if (!nf) cache.set(key, (nf = new Intl.NumberFormat(undefined, options)));
  return nf;
}

export { isCurrencyUnit, unitName };

/** Money in its currency ("$12.50", "CN¥88.88", "$0.04123"). */
export function formatMoney(amount: string | null, currency: Currency): string {
  return amount === null ? '—' : formatMoneyText(amount, currency);
}

/** A plain number with grouping ("1,234,567"). */
export function formatNumber(amount: string | number, maxDigits?: number): string {
  return formatNumberText(amount, maxDigits);
}

/** An amount with its unit: currencies as money, provider units as "1,234 credits". */
export function formatAmount(amount: Amount | null | undefined): string {
  if (!amount) return '—';
  return formatIn(amount.amount, amount.unit);
}

export function formatIn(amount: string | null, unit: Unit | null): string {
  if (amount === null || unit === null) return '—';
  return formatAmountText(amount, unit);
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

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago", "in 3 hours", "yesterday". */
export function formatRelative(at: string | number | null, now: number): string {
  if (at === null) return 'never';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  let value = (ms - now) / 1000;
  if (Math.abs(value) < 45) return ms <= now ? 'just now' : 'in a moment';
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return rtf.format(Math.round(value), 'year');
}

export function formatDateTime(at: string | number | null, seconds = false): string {
  return at === null ? '—' : formatDateTimeText(at, { seconds });
}

export function formatDate(at: string | number | null): string {
  return at === null ? '—' : formatDateText(at);
}

export function formatTime(at: string | number | null): string {
  return at === null ? '—' : formatTimeText(at);
}

/** A span of days as a person says it: "5 hours", "12 days", "3 months". */
export function formatDays(days: number | null): string {
  if (days === null || !Number.isFinite(days)) return '—';
  if (days <= 0) return 'none left';
  if (days < 1 / 24) return 'under an hour';
  const unitFormat = (value: number, unit: 'hour' | 'day' | 'month' | 'year') =>
    numberFormat(`dur:${unit}`, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
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
  return fraction === null ? '—' : formatPercentText(fraction);
}
