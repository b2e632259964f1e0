import type { Poller } from '../poller/index.ts';

/** Account id → result (a key state, or `keychain_unavailable`) → polls since the tally started. */
export type PollCounts = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface PollTally {
  /** Count one poll of an account. */
  record(accountId: string, result: string): void;
  counts(): PollCounts;
  /** Stop counting the poller's events. */
  stop(): void;
}

/**
 * Counts the polls of the poller in this process by result, for `burnrate_polls_total`: every
 * stored poll under its key state, and every poll the keychain kept from being sent as
 * `keychain_unavailable`. Counts live in memory and start at zero with the process, as a
 * Prometheus counter should (a restart is a counter reset, which rate() handles).
 */
export function createPollTally(poller?: Pick<Poller, 'on'>): PollTally {
  const counts = new Map<string, Map<string, number>>();
  const record = (accountId: string, result: string) => {
    let byResult = counts.get(accountId);
    if (!byResult) counts.set(accountId, (byResult = new Map()));
    byResult.set(result, (byResult.get(result) ?? 0) + 1);
  };
  const stops = poller
    ? [
        poller.on('poll', (e) => record(e.accountId, e.state)),
        poller.on('keychain_unavailable', (e) => record(e.accountId, 'keychain_unavailable')),
      ]
    : [];
  return {
    record,
    counts: () => counts,
    stop: () => {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
