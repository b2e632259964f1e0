import type { Unit } from '../../shared/units.ts';
import { fromMicros } from '../../shared/decimal.ts';
import {
  formatAmountOfText,
  formatAmountText,
  formatMoneyText,
  formatPercentText,
} from '../../shared/format/numbers.ts';

/**
 * Number and time wording for alert messages. The sentences are English, so numbers use
 * English grouping ("46,000") whatever the computer's locale: a message is stored in the
 * history once and must read the same in the app, the CLI and a notification.
 */
const LOCALE = 'en-US';

const english = { locale: LOCALE };

/**
 * "128,387 credits", "$41.20", "CN¥300.00", "1,200,000 quota": the window's rule
 * (src/shared/format/numbers.ts). Exact micros are formatted from their decimal string, so
 * no float rounding creeps into a stored message.
 */
export function formatAmount(micros: number, unit: Unit): string {
  return formatAmountText(fromMicros(micros), unit, english);
}

/** Two amounts of the same unit, the unit said once: "46,000 of 50,000 credits", "$46.00 of $50.00". */
export function formatAmountOf(partMicros: number, wholeMicros: number, unit: Unit): string {
  return formatAmountOfText(fromMicros(partMicros), fromMicros(wholeMicros), unit, english);
}

/** A USD value given as a decimal string: "$4.50". */
export function formatUsd(decimal: string): string {
  return formatMoneyText(decimal, 'USD', english);
}

/** A whole percent, floored so "95 %" only appears once 95 % is really reached. */
export function formatPercent(fraction: number): string {
  return formatPercentText(fraction, { locale: LOCALE, floor: true });
}
