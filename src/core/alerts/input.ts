import type { KeyState } from '../../shared/states.ts';
import type { Unit } from '../../shared/units.ts';

/**
 * Everything the alert rules look at for one account, at one instant. Engine terms:
 * integer micros and unix ms. Built from the analytics status of the account plus a few
 * facts from its readings (see gather.ts), or written by hand in tests: the rules are pure
 * functions of this.
 */
export interface AlertInput {
  now: number;
  account: {
    id: string;
    /** "CheapAI · main": how every message starts. */
    name: string;
    pollIntervalSeconds: number;
    enabled: boolean;
    /** Unix ms; the stale rule counts from here until the first successful reading. */
    createdAt: number;
  };
  /** The newest reading of any kind (failed polls included), or null before the first. */
  latest: { at: number; state: KeyState; balance: Money | null } | null;
  /** The newest reading in which the provider answered about the account (see isSuccessful). */
  lastSuccessAt: number | null;
  /**
   * Since when this process has been polling without a break (the app or `watch` since it
   * started or woke up); null in one-shot processes. Data that went stale while nothing
   * was polling (the computer asleep) gets one threshold of polling to refresh before the
   * stale alert fires.
   */
  watchingSince: number | null;
  /** Key expiry from the newest successful reading; null when unknown or none. */
  keyExpiresAt: number | null;
  /** The newest known balance (from status). */
  balance: Money | null;
  /** The highest balance in the last 30 days, in the newest balance's unit; null when none. */
  recentPeakMicros: number | null;
  /** Projected days until the balance runs out; null when unknown (or not burning). */
  runwayDays: number | null;
  /** When it runs out (unix ms), and whether spend or a pack's expiry takes the last of it. */
  runwayZeroAt?: number | null;
  runwayCause?: 'spend' | 'pack_expiry' | null;
  /** Today's daily cap, when the account has one (provider-reported or user-set). */
  cap: {
    unit: Unit;
    limitMicros: number | null;
    usedMicros: number | null;
    fraction: number | null;
    resetAt: number | null;
  } | null;
  /** When the current daily-cap window ends (always computable from the account's options). */
  capWindowEnd: number;
  packs: Array<{
    id: string;
    unit: Unit;
    creditsMicros: number;
    expiresAt: number | null;
    projectedUnusedMicros: number | null;
    /** Decimal string of US dollars, when the pack's price gives the credits a value. */
    projectedUnusedUsd: string | null;
  }>;
  /** The newest top-up (balance increase) detected in the readings; null when none. */
  topUp: { at: number; amountMicros: number; unit: Unit; balanceAfterMicros: number | null } | null;
}

export interface Money {
  micros: number;
  unit: Unit;
}

/**
 * A reading is "successful" for staleness when the provider answered about the account:
 * a usable balance, or a definite verdict on the key or the account (rejected, empty,
 * capped). Network failures, timeouts, 5xx, rate limits and unreadable bodies are not.
 */
export function isSuccessful(state: KeyState): boolean {
  return (
    state === 'ok' ||
    state === 'invalid_key' ||
    state === 'expired_key' ||
    state === 'insufficient_balance' ||
    state === 'daily_cap_reached'
  );
}
