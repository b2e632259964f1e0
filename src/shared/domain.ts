import { z } from 'zod';
import { keyStateSchema } from './states.ts';
import { unitSchema, currencySchema } from './units.ts';

/** A decimal amount as a canonical string ("12.5"); exact, never a float. */
export const decimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number such as 12.50');

export const amountSchema = z.object({ amount: decimalStringSchema, unit: unitSchema });
export type Amount = z.infer<typeof amountSchema>;

/* ------------------------------------------------------------------ providers */

export const CAPABILITIES = [
  'balance', // reports a balance that runs down
  'key_limit', // reports a per-key spend limit and its usage
  'daily_cap', // a daily cap exists (provider-reported or user-set)
  'key_expiry', // reports when the key expires
  'packs', // sells credit packs with validity
  'manual', // balance is recorded by hand (no balance endpoint)
  'tasks', // individual task charges can be looked up by id
  'resets', // the amount is a quota that resets each period (not a wallet)
  'postpaid', // may be billed by invoice instead of a running balance
] as const;
export const capabilitySchema = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof capabilitySchema>;

/**
 * One provider option (`--set name=value` on the CLI, a form field in the UI).
 * Declarative so the CLI validates and the UI renders from the same description.
 */
export const optionSpecSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['string', 'number', 'integer', 'boolean', 'enum', 'url']),
  required: z.boolean(),
  description: z.string(),
  values: z.array(z.string()).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type OptionSpec = z.infer<typeof optionSpecSchema>;

export const providerInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: unitSchema,
  capabilities: z.array(capabilitySchema),
  defaultBaseUrl: z.string().nullable(),
  keyRequired: z.boolean(),
  keyHint: z.string(),
  options: z.array(optionSpecSchema),
  docsUrl: z.string().nullable(),
  /** Where the balance is topped up (the window's "Top up"); absent or null when there is no such page. */
  billingUrl: z.string().nullable().optional(),
  /** The path the balance is read from, when fixed ("/user/balance"); null otherwise. */
  balanceEndpoint: z.string().nullable(),
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

/* ------------------------------------------------------------------ accounts */

export const optionValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export const accountOptionsSchema = z.record(z.string(), optionValueSchema);
export type AccountOptions = z.infer<typeof accountOptionsSchema>;

export const MIN_POLL_INTERVAL_SECONDS = 30;
/** The longest data retention the settings accept, in days (100 years). */
export const MAX_RETENTION_DAYS = 36_500;
/** The longest poll interval the settings accept (the window's bound, and the CLI's and core's). */
export const MAX_POLL_INTERVAL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;
export const MAX_LABEL_LENGTH = 80;

export const accountSchema = z.object({
  id: z.string(),
  provider: z.string(),
  label: z.string(),
  baseUrl: z.string().nullable(),
  options: accountOptionsSchema,
  pollIntervalSeconds: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the key was last stored in the keychain; null when no key is kept for it. */
  keyUpdatedAt: z.string().nullable(),
  /**
   * The id of the account whose balance this one spends from (keys of one account sharing
   * one credit balance); null when it has its own. Totals count a shared balance once.
   */
  sharesBalanceWith: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

/* ------------------------------------------------------------------ readings */

export const capFiguresSchema = z.object({
  unit: unitSchema,
  limit: decimalStringSchema.nullable(),
  used: decimalStringSchema.nullable(),
  remaining: decimalStringSchema.nullable(),
  /** ISO time the cap resets, when known. */
  resetAt: z.string().nullable(),
});

/** What one poll learned. Failed polls are readings too: they are history. */
export const readingSchema = z.object({
  accountId: z.string(),
  at: z.string(),
  state: keyStateSchema,
  balance: amountSchema.nullable(),
  httpStatus: z.number().int().nullable(),
  retryAfterSeconds: z.number().nullable(),
  message: z.string().nullable(),
  cap: capFiguresSchema.nullable(),
  keyExpiresAt: z.string().nullable(),
});
export type Reading = z.infer<typeof readingSchema>;

/* ------------------------------------------------------------------ packs */

export const validitySchema = z.string().regex(/^(lifetime|[1-9]\d{0,4}d)$/, 'validity is 30d, 90d, lifetime or Nd');

export const packSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  credits: decimalStringSchema,
  price: decimalStringSchema,
  currency: currencySchema,
  purchasedAt: z.string(),
  validity: validitySchema,
  expiresAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type Pack = z.infer<typeof packSchema>;
