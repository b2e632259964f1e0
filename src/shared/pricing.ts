import type { Amount } from './domain.ts';
import type { Unit } from './units.ts';

/**
 * What the balance buys, and what a job costs: the shapes `buys --json`, `estimate --json`
 * and the window share. Amounts are exact decimal strings; counts are whole numbers.
 */

/** How a price is counted, for people. */
export type PricePer =
  'call' | 'generation' | 'request' | 'input token' | 'output token' | 'second' | 'megapixel' | 'image';

export type PriceOriginName = 'catalog' | 'live' | 'price_check' | 'override';

/** One priced variant of a model, counted against an account's balance. */
export interface BuysModel {
  model: string;
  /** The parameters that select the variant ({"resolution":"2K"}); `tokens` for token prices. */
  params: Record<string, string>;
  /** One unit of work (`per`) in `unit`: list price × the account's multipliers, converted. */
  costEach: string | null;
  unit: Unit | null;
  /** Whole units the balance pays for; null when it cannot be said (see `reason`). */
  count: number | null;
  per: PricePer;
  /** Units of work a day of burn is, at the current burn rate (display only). */
  perDay: number | null;
  /** The variant's own price, in the unit its source gives it. */
  listPrice: Amount | null;
  origin: PriceOriginName | null;
  /** Where the price comes from, and the day it was read. */
  source: string | null;
  date: string | null;
  note: string | null;
  reason: string | null;
  /** Your price's id (`prices remove <id>`), when the price is one of yours. */
  priceId: number | null;
  /** The price as a person reads it: per call, or per 1M tokens for a token price. */
  shown: { amount: string; unit: Unit; per: string } | null;
}

export interface BuysAccount {
  account: string;
  label: string;
  provider: string;
  balance: string | null;
  unit: Unit | null;
  burnPerDay: string | null;
  /** Account-wide factors applied to every list price (a new-api group ratio, a discount). */
  multipliers: Array<{ name: string; factor: string; source: string }>;
  notes: string[];
  /** A live price list (new-api /api/pricing): read now, cached with its date, or never. */
  priceList: { state: 'live' | 'cached' | 'none'; fetchedAt: string | null; reason: string | null } | null;
  models: BuysModel[];
}

export interface EstimateReport {
  account: string;
  label: string;
  provider: string;
  model: string;
  params: Record<string, string>;
  count: number;
  /** The whole job (count × one). */
  cost: Amount;
  costEach: Amount;
  /** provider: the provider priced this very request; otherwise the price list the figure came from. */
  source: 'provider' | PriceOriginName;
  /** In words: "CheapAI price check", "seed 003: gptimage2api.org/docs/pricing (2026-11-30)". */
  sourceName: string;
  /** Set when the provider was asked and could not answer: why, and that the list was used. */
  fallback: string | null;
  /** How the job was measured ("1500 input + 300 output tokens"), when it is. */
  measure: string | null;
  multipliers: Array<{ name: string; factor: string; source: string }>;
  balance: Amount | null;
  balanceAfter: Amount | null;
  /** Whether the balance pays for it; null when unknown (no balance, units without a rate). */
  coveredByBalance: boolean | null;
  cap: {
    remaining: string | null;
    unit: Unit;
    covered: boolean | null;
    reason: string | null;
  } | null;
  /** Days of the current burn this job is, and the runway left after it. */
  runway: { usedDays: number | null; daysBefore: number | null; daysAfter: number | null; reason: string | null };
}

/** A catalog pack for the pack form and `packs catalog`: where the list came from, and when. */
export interface PackOffer {
  provider: string;
  name: string;
  credits: string;
  unit: Unit;
  prices: Array<{ validity: '30d' | '90d' | 'lifetime'; price: string; currency: 'USD' | 'CNY' }>;
  /** live: read now; cached: an earlier live read; static: the seed's table. */
  source: 'live' | 'cached' | 'static';
  fetchedAt: string | null;
  /** Why the static table stands in (or the cache); null for a live list. */
  reason: string | null;
}
