import { z } from 'zod';
import type { SettingsRepo } from '../store/settings-repo.ts';
import type { Currency } from '../../shared/units.ts';
import { CURRENCIES, DEFAULT_CNY_PER_USD } from '../../shared/units.ts';
import { DecimalError, normalizeDecimal, toMicros } from '../../shared/decimal.ts';
import { UserError } from '../errors.ts';

/**
 * The settings the money figures depend on, stored in the settings table as JSON under these
 * exact keys (the UI's settings screen reads and writes the same keys):
 * - `displayCurrency`: "USD" | "CNY" — totals across accounts are shown in it.
 * - `cnyPerUsd`: decimal string, default "7.3" (seed 004) — converts CNY balances and prices.
 *   The one CNY rate money is valued with: a new-api site's own `usd_exchange_rate` only reads
 *   that site's CNY figures back into quota (providers/newapi.ts), it never values anything.
 * - `usdPer1kCharacters`: decimal string or absent — what 1,000 characters of a character
 *   quota are worth to you; without it characters have no money value.
 */
export interface MoneySettings {
  displayCurrency: Currency;
  /** Decimal string. */
  cnyPerUsd: string;
  usdPer1kCharacters: string | null;
}

export const MONEY_SETTING_NAMES = ['displayCurrency', 'cnyPerUsd', 'usdPer1kCharacters'] as const;
export type MoneySettingName = (typeof MONEY_SETTING_NAMES)[number];

const positiveDecimal = z.string().refine((s) => {
  try {
    return toMicros(s) > 0;
  } catch {
    return false;
  }
});

export function readMoneySettings(settings: SettingsRepo): MoneySettings {
  return {
    displayCurrency: settings.get('displayCurrency', z.enum(CURRENCIES), 'USD'),
    cnyPerUsd: settings.get('cnyPerUsd', positiveDecimal, DEFAULT_CNY_PER_USD),
    usdPer1kCharacters: settings.get('usdPer1kCharacters', positiveDecimal.nullable(), null),
  };
}

export function isMoneySettingName(name: string): name is MoneySettingName {
  return (MONEY_SETTING_NAMES as readonly string[]).includes(name);
}

/**
 * Check one setting's text value (`settings set name=value`, an imported file) and return
 * what to store, or null to reset it to its default (an empty value). Bad values are a
 * UserError that names the setting.
 */
export function normalizeMoneySetting(name: string, raw: string): string | null {
  if (!isMoneySettingName(name)) {
    throw new UserError(
      'validation',
      `unknown setting ${JSON.stringify(name)} (known: ${MONEY_SETTING_NAMES.join(', ')})`,
    );
  }
  const value = raw.trim();
  if (value === '') return null;
  if (name === 'displayCurrency') {
    const upper = value.toUpperCase();
    if (!(CURRENCIES as readonly string[]).includes(upper))
      throw new UserError('validation', `displayCurrency must be one of ${CURRENCIES.join(', ')}`);
    return upper;
  }
  let micros: number;
  try {
    micros = toMicros(value);
  } catch (error) {
    if (error instanceof DecimalError) throw new UserError('validation', `${name} must be a number such as 7.3`);
    throw error;
  }
  if (micros <= 0) throw new UserError('validation', `${name} must be more than 0`);
  if (name === 'cnyPerUsd' && micros > 1000 * 1_000_000)
    throw new UserError('validation', 'cnyPerUsd must be at most 1000');
  return normalizeDecimal(value);
}

/** Store one setting from text; nothing is stored when the value is refused. */
export function setMoneySetting(settings: SettingsRepo, name: string, raw: string): MoneySettings {
  const value = normalizeMoneySetting(name, raw);
  if (value === null) settings.delete(name);
  else settings.set(name, value);
  return readMoneySettings(settings);
}
