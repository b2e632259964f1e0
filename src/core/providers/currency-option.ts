import type { AccountOptions, OptionSpec } from '../../shared/domain.ts';
import { CURRENCIES } from '../../shared/units.ts';
import type { Currency } from '../../shared/units.ts';

/**
 * Some providers run one API on two hosts that bill in different currencies (Moonshot:
 * api.moonshot.cn in CNY, api.moonshot.ai in USD) and say nothing about the currency in
 * the reply. The host decides; a proxy or a test server needs the `currency` option,
 * because a unit is never guessed.
 */
export function currencyOption(description: string): OptionSpec {
  return { name: 'currency', label: 'Currency', type: 'enum', values: [...CURRENCIES], required: false, description };
}

/** The `currency` option when set, else the currency of the provider domain the base URL is on, else null. */
export function currencyOf(
  options: AccountOptions,
  baseUrl: string,
  byDomain: ReadonlyArray<readonly [string, Currency]>,
): Currency | null {
  const set = options.currency;
  if (typeof set === 'string' && (CURRENCIES as readonly string[]).includes(set)) return set as Currency;
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
  for (const [domain, currency] of byDomain) {
    if (host === domain || host.endsWith(`.${domain}`)) return currency;
  }
  return null;
}
