import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollAccountResult } from '../../../src/core/poll-account.ts';
import { createScheduler } from '../../../src/core/poller/scheduler.ts';
import type { SchedulerOptions } from '../../../src/core/poller/scheduler.ts';
import type { PollerEvent } from '../../../src/core/poller/events.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { seededRandom as seeded } from '../../../src/core/seeded-random.ts';

export const S = 1000;
export const MIN = 60 * S;
export const H = 60 * MIN;
export const T0 = Date.parse('2026-03-10T12:00:00Z');

let pk = 0;
export function account(id: string, extra: Partial<StoredAccount> = {}): StoredAccount {
  return {
    pk: ++pk,
    id,
    provider: 'cheapai',
    label: id,
    baseUrl: null,
    options: {},
    pollIntervalSeconds: 300,
    enabled: true,
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    keyUpdatedAt: new Date(T0).toISOString(),
    removedAt: null,
    sharesBalanceWith: null,
    sharesBalancePk: null,
    billing: null,
    ...extra,
  };
}

export const ok = (balance = 100): PollOutcome =>
  outcome({ state: 'ok', httpStatus: 200, balance: { micros: balance * 1_000_000, unit: 'credits' } });

/** What a scripted account answers: an outcome, the keychain failing, or a promise of either. */
export type Answer = PollOutcome | 'keychain_unavailable' | Promise<PollOutcome | 'keychain_unavailable'>;

/**
 * The scheduler on a fake clock, with a scripted pollOne instead of HTTP: `answer(account, n)`
 * decides what the n-th poll of an account returns. Records every poll's start time.
 */
export function harness(
  initial: StoredAccount[],
  answer: (account: StoredAccount, n: number) => Answer = () => ok(),
  options: SchedulerOptions & { seed?: number; random?: () => number } = {},
) {
  const clock = new FakeClock(T0);
  let accounts = initial;
  const calls: Array<{ id: string; at: number }> = [];
  const counts = new Map<string, number>();
  const events: PollerEvent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const poller = createScheduler(
    {
      listAccounts: () => accounts,
      async pollOne(a): Promise<PollAccountResult> {
        calls.push({ id: a.id, at: clock.now });
        const n = (counts.get(a.id) ?? 0) + 1;
        counts.set(a.id, n);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          const result = await answer(a, n);
          if (result === 'keychain_unavailable')
            return { kind: 'keychain_unavailable', account: a, message: 'The OS keychain is not available (test)' };
          return { kind: 'polled', account: a, outcome: result, at: clock.now, record: null };
        } finally {
          inFlight -= 1;
        }
      },
      now: () => clock.now,
      timers: clock,
      random: options.random ?? seeded(options.seed ?? 42),
    },
    { reloadIntervalMs: null, ...options },
  );
  poller.on('*', (e) => events.push(e));
  return {
    clock,
    poller,
    calls,
    events,
    get maxInFlight() {
      return maxInFlight;
    },
    setAccounts(next: StoredAccount[]) {
      accounts = next;
    },
    /** Poll start times of one account. */
    times(id: string): number[] {
      return calls.filter((c) => c.id === id).map((c) => c.at);
    },
    advance(ms: number) {
      return clock.advance(ms);
    },
  };
}

export function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
