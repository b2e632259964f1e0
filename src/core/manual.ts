import { findAccount } from './account-ref.ts';
import { DecimalError, toMicros } from '../shared/decimal.ts';
import type { Core } from './core.ts';
import { UserError } from './errors.ts';
import { outcome } from './providers/adapter.ts';
import { getProvider } from './providers/registry.ts';
import type { ProviderDefinition } from './providers/types.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { ReadingRecord } from './store/readings-repo.ts';
import { HAND_RECORDED_MESSAGE } from './store/hand-balances-repo.ts';

/**
 * Accounts whose provider has no balance endpoint (GPT Image 2 API) are followed from a
 * balance a person records by hand. A hand-entered balance is an ordinary reading, so
 * history, analytics and alerts treat it like any polled one.
 */

/** An account in use, by id or label (account-ref.ts: ambiguous labels are refused, listed). */
export function resolveAccount(core: Core, idOrLabel: string): StoredAccount {
  return core.accounts.require(findAccount(core.repos.accounts, idOrLabel).id);
}

export function providerOf(account: StoredAccount): ProviderDefinition {
  const def = getProvider(account.provider);
  if (!def)
    throw new UserError(
      'unsupported',
      `account ${account.id} uses an unknown provider ${JSON.stringify(account.provider)}`,
    );
  return def;
}

/**
 * Record a hand-entered balance (in the provider's unit) as a reading at `at` (unix ms).
 * Only for manual accounts: a polled account's own readings would contradict it.
 */
export function recordManualBalance(core: Core, account: StoredAccount, amount: string, at: number): ReadingRecord {
  const def = providerOf(account);
  if (!def.capabilities.includes('manual')) {
    throw new UserError(
      'unsupported',
      `${account.label} is read from ${def.name}'s balance endpoint; hand-entered balances are for accounts without one`,
    );
  }
  let micros: number;
  try {
    micros = toMicros(amount);
  } catch (error) {
    if (error instanceof DecimalError)
      throw new UserError(
        'validation',
        `the balance must be a number such as 120 or 35.5, got ${JSON.stringify(amount.slice(0, 40))}`,
      );
    throw error;
  }
  if (micros < 0) throw new UserError('validation', 'the balance must not be negative');
  const horizon = core.repos.readings.rollups.horizon(account.pk);
  if (horizon !== null && at < horizon) {
    throw new UserError(
      'validation',
      `readings before ${new Date(horizon).toISOString()} were pruned (data retention): a balance cannot be recorded that far back`,
    );
  }
  const record = core.recordReading(
    account,
    outcome({ state: 'ok', balance: { micros, unit: def.unit }, message: HAND_RECORDED_MESSAGE }),
    at,
    { source: 'manual' },
  );
  if (!record)
    throw new UserError('conflict', `${account.label} already has a reading at ${new Date(at).toISOString()}`);
  return record;
}
