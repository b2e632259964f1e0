/** `accounts:*` and `providers:list`: the accounts the app polls, their keys and their providers. */
import { z } from 'zod';
import type { Account, Amount, ProviderInfo, Reading } from '../domain.ts';
import { MAX_LABEL_LENGTH } from '../domain.ts';
import type { KeyState } from '../states.ts';
import type { InvokeChannel } from '../channels.ts';
import {
  accountIdSchema,
  accountRefSchema,
  boundedOptionsSchema,
  MAX_KEY_LENGTH,
  MAX_URL_LENGTH,
  pollIntervalSchema,
} from './fields.ts';

export const accountAddInputSchema = z.strictObject({
  provider: z.string().min(1).max(64),
  label: z.string().trim().min(1, 'label is empty').max(MAX_LABEL_LENGTH),
  baseUrl: z.string().max(MAX_URL_LENGTH).nullable().optional(),
  options: boundedOptionsSchema.optional(),
  key: z.string().max(MAX_KEY_LENGTH).optional(),
  pollIntervalSeconds: pollIntervalSchema.optional(),
  /**
   * Ask the provider once with the key before saving (the form does): a key it refuses is
   * not saved (error `key_rejected`); the answer comes back as `check`.
   */
  check: z.boolean().optional(),
  /** The account whose balance this one spends from (a shared balance). */
  sharesBalanceWith: accountIdSchema.nullable().optional(),
});

export const accountUpdateInputSchema = z.strictObject({
  id: accountIdSchema,
  label: z.string().trim().min(1, 'label is empty').max(MAX_LABEL_LENGTH).optional(),
  baseUrl: z.string().max(MAX_URL_LENGTH).nullable().optional(),
  options: boundedOptionsSchema.optional(),
  pollIntervalSeconds: pollIntervalSchema.optional(),
  enabled: z.boolean().optional(),
  /** The account whose balance this one spends from; null: its own again. */
  sharesBalanceWith: accountIdSchema.nullable().optional(),
});

export const accountRemoveInputSchema = z.strictObject({
  id: accountIdSchema,
  purge: z.boolean().optional(),
});

export const accountsChannels = {
  'providers:list': z.undefined(),
  'accounts:list': z.undefined(),
  'accounts:add': accountAddInputSchema,
  'accounts:update': accountUpdateInputSchema,
  'accounts:remove': accountRemoveInputSchema,
  'accounts:setKey': z.strictObject({
    id: accountIdSchema,
    key: z.string().min(1, 'the key is empty').max(MAX_KEY_LENGTH),
  }),
  'accounts:test': accountRefSchema,
  /** A balance typed by hand, for providers without a balance endpoint (GPT Image 2 API). */
  'accounts:recordBalance': z.strictObject({
    id: accountIdSchema,
    amount: z.string().trim().min(1, 'the balance is empty').max(40),
  }),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface ConnectionTest {
  state: KeyState;
  balance: Amount | null;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  message: string | null;
}

/**
 * What asking the provider once with a new account's key said (src/core/key-check.ts).
 * `accepted`: the key works (even out of balance or capped); `rejected`: invalid or expired,
 * and nothing was saved; `unchecked`: the provider could not be asked (network, timeout,
 * 5xx, rate limit, an unreadable reply) — saved anyway, the key may be fine.
 */
export interface KeyCheck extends ConnectionTest {
  verdict: 'accepted' | 'rejected' | 'unchecked';
  /** One sentence for a person: "the key works: balance $12.50". */
  summary: string;
}

/** A new account, with what the key check said when one was asked for (null: nothing to check). */
export type AddedAccount = Account & { check?: KeyCheck | null };

export interface AccountsResponses {
  'providers:list': ProviderInfo[];
  'accounts:list': Account[];
  'accounts:add': AddedAccount;
  'accounts:update': Account;
  'accounts:remove': { removed: true };
  'accounts:setKey': Account;
  'accounts:test': ConnectionTest;
  'accounts:recordBalance': Reading;
}
