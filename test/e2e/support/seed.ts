import type { Core } from '../../../src/core/core.ts';
import type { ReadingRecord } from '../../../src/core/store/readings-repo.ts';
import type { KeyState } from '../../../src/shared/states.ts';
import type { Unit } from '../../../src/shared/units.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export interface SeedOptions {
  /** Readings every `stepMs` from `from` up to (not including) `to`. */
  from: number;
  to: number;
  stepMs?: number;
  unit: Unit;
  /** Balance at `from`, and spend per reading (both in micros). */
  startMicros: number;
  spendMicros: number;
  /** A top-up whenever the balance would fall below this (micros), of `topUpMicros`. */
  refillBelowMicros?: number;
  topUpMicros?: number;
  /** The state of reading i (default ok); non-ok readings carry no balance. */
  stateAt?: (i: number, ts: number) => KeyState;
}

/**
 * Store readings straight into the table through the repository's bulk insert (one
 * transaction, one rollup rebuild): a year of minute readings in seconds instead of
 * hours of polling. Generated lazily, so memory stays flat.
 */
export function seedReadings(
  core: Core,
  accountId: string,
  options: SeedOptions,
): { inserted: number; lastBalanceMicros: number } {
  const account = core.accounts.require(accountId);
  const step = options.stepMs ?? MINUTE_MS;
  let balance = options.startMicros;
  function* records(): Generator<ReadingRecord> {
    let i = 0;
    for (let ts = options.from; ts < options.to; ts += step, i++) {
      const state = options.stateAt?.(i, ts) ?? 'ok';
      if (state !== 'ok') {
        yield {
          accountPk: account.pk,
          ts,
          state,
          balance: null,
          unit: null,
          httpStatus: state === 'insufficient_balance' ? 402 : 500,
          retryAfterSeconds: null,
          cap: null,
          keyExpiresAt: null,
          message: 'seeded failure',
        };
        continue;
      }
      balance -= options.spendMicros;
      if (options.refillBelowMicros !== undefined && balance < options.refillBelowMicros)
        balance += options.topUpMicros ?? options.startMicros;
      yield {
        accountPk: account.pk,
        ts,
        state,
        balance,
        unit: options.unit,
        httpStatus: 200,
        retryAfterSeconds: null,
        cap: null,
        keyExpiresAt: null,
        message: null,
      };
    }
  }
  const { inserted } = core.repos.readings.insertMany(records());
  return { inserted, lastBalanceMicros: balance };
}
