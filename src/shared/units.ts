import { z } from 'zod';

/**
 * Every amount travels with its unit. Money units are ISO currencies; the others are
 * provider units whose money value is only known through an explicit factor
 * (a pack's price per credit, a new-api site's quota per USD, a user-set rate).
 */
export const UNITS = ['USD', 'CNY', 'credits', 'quota', 'characters'] as const;
export type Unit = (typeof UNITS)[number];
export const unitSchema = z.enum(UNITS);

export const CURRENCIES = ['USD', 'CNY'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const currencySchema = z.enum(CURRENCIES);

export function isCurrency(unit: Unit): unit is Currency {
  return unit === 'USD' || unit === 'CNY';
}

/** new-api / one-api: the default `QuotaPerUnit` — 500,000 quota is one US dollar unless the site publishes another. */
export const QUOTA_PER_USD = 500_000;

/** The CNY per USD rate seed 004 quotes; the user can change it in settings (`cnyPerUsd`, the one rate money is valued with). */
export const DEFAULT_CNY_PER_USD = '7.3';
