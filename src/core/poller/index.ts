import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { isPollable, pollAccount } from '../poll-account.ts';
import type { PollAccountResult } from '../poll-account.ts';
import { createScheduler } from './scheduler.ts';
import type { Poller, SchedulerOptions, Timers } from './scheduler.ts';

export type { Poller, SchedulerOptions, Timers } from './scheduler.ts';
export type { PollerEvent, PollEvent } from './events.ts';

export interface PollerOptions extends SchedulerOptions {
  /** Per-request deadline (ms); the HTTP client's default when absent. */
  timeoutMs?: number | undefined;
  /** Defaults: core.now, the real setTimeout, Math.random. */
  now?: (() => number) | undefined;
  timers?: Timers | undefined;
  random?: (() => number) | undefined;
}

/**
 * The polling engine over a Core: every enabled account with a balance endpoint is polled
 * on its schedule and each result is stored through core.recordReading (so rollups and
 * alerts see it, whichever process polled). The same engine runs in the app and `watch`.
 */
export function createPoller(core: Core, options: PollerOptions = {}): Poller {
  return createScheduler(
    {
      listAccounts: () => core.repos.accounts.list().filter((a) => a.enabled && isPollable(a)),
      pollOne: (account) => pollFresh(core, account, options.timeoutMs),
      now: options.now ?? core.now,
      timers: options.timers,
      random: options.random,
    },
    options,
  );
}

/** Poll with the account as it is in the store now, not as it was at the last reload. */
async function pollFresh(
  core: Core,
  scheduled: StoredAccount,
  timeoutMs: number | undefined,
): Promise<PollAccountResult> {
  const account = core.repos.accounts.get(scheduled.id);
  if (!account || account.removedAt || !account.enabled) {
    return { kind: 'not_polled', account: scheduled, reason: 'removed', message: 'the account was removed or paused' };
  }
  return pollAccount(core, account, { timeoutMs });
}
