import { openCore, readingRecord } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import type { Unit } from '../../../src/shared/units.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const M = 1_000_000; // micros per unit
export const T0 = Date.parse('2026-03-01T00:00:00Z');

export function newCore(home = tempDir(), now = () => T0): Core {
  return openCore({ home, secrets: new MemorySecrets(), now });
}

export async function addAccount(
  core: Core,
  provider: string,
  label: string,
  options: Record<string, unknown> = {},
  baseUrl?: string,
): Promise<StoredAccount> {
  const added = await core.accounts.add({ provider, label, key: 'sk-test', options, baseUrl: baseUrl ?? null });
  return core.accounts.require(added.id);
}

/**
 * Store a reading through the store's insert path (the one recordReading uses, which keeps
 * the rollups), without the per-reading listeners (alerts), so long histories stay quick.
 */
export function store(core: Core, account: StoredAccount, ts: number, o: PollOutcome): void {
  core.repos.readings.insert(readingRecord(account.pk, o, ts));
}

export function bal(
  core: Core,
  account: StoredAccount,
  ts: number,
  units: number,
  unit: Unit = 'credits',
  extra: Partial<PollOutcome> = {},
): void {
  store(
    core,
    account,
    ts,
    outcome({ state: 'ok', httpStatus: 200, balance: { micros: Math.round(units * M), unit }, ...extra }),
  );
}

export function fail(core: Core, account: StoredAccount, ts: number, state: PollOutcome['state'] = 'timeout'): void {
  store(core, account, ts, outcome({ state, message: 'failed' }));
}

/** Relative difference, for "within 2 %" checks. */
export function rel(actual: number | null | undefined, expected: number): number {
  if (actual === null || actual === undefined) return Infinity;
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

/** Deterministic pseudo-random numbers, so failures reproduce. */
export { seededRandom as rng } from '../../../src/core/seeded-random.ts';
