// Over 400 lines: createScheduler is one closure over the schedule, the in-flight polls and the pause state that start/stop/pause/resume all change.
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { PollAccountResult } from '../poll-account.ts';
import type { PollEvent, PollerEvent, SchedulerState } from './events.ts';
import { toPollEvent } from './events.ts';
import { createEmitter } from './emitter.ts';
import type { Emitter } from './emitter.ts';
import type { AttemptState, Hold, LastAttempt, NextPoll, ScheduleRules } from './schedule.ts';
import { DEFAULT_RULES, afterChangeAt, intervalMs, nextAfter, resumeAt, startDelay } from './schedule.ts';
import { realTimers } from '../timers.ts';
import { log } from '../log/log.ts';
import type { Timers } from '../timers.ts';

/** setTimeout/clearTimeout, injectable so the schedule runs on a fake clock in tests. */
export type { Timers } from '../timers.ts';

export interface SchedulerDeps {
  /** The accounts to keep polling (in use, enabled, with a balance endpoint). Read on every reload. */
  listAccounts(): StoredAccount[];
  /** Poll one account and store the reading (pollAccount). */
  pollOne(account: StoredAccount): Promise<PollAccountResult>;
  now(): number;
  timers?: Timers | undefined;
  /** Uniform in [0, 1). */
  random?: (() => number) | undefined;
}

export interface SchedulerOptions {
  /** Polls in flight at once (default 4). */
  concurrency?: number | undefined;
  /** One interval for every account (`watch --interval-seconds`); null = each account's own. */
  intervalSeconds?: number | null | undefined;
  /**
   * How often the account list is re-read from the store, so accounts added, removed or
   * changed by another process (the CLI next to `watch`, the app next to the CLI) are
   * picked up. Default 30 s; null = only when reload() is called.
   */
  reloadIntervalMs?: number | null | undefined;
  rules?: Partial<ScheduleRules> | undefined;
  /** Something unexpected escaped a poll (a bug, the database failing). Default: ignore. */
  onError?: ((error: unknown) => void) | undefined;
}

export interface AccountSchedule {
  accountId: string;
  provider: string;
  /** When the next poll is due (ISO), null while queued or in flight. */
  nextAt: string | null;
  inFlight: boolean;
  hold: Hold;
  failures: number;
  lastState: AttemptState | null;
  lastAt: string | null;
}

export interface PollerStatus {
  state: SchedulerState;
  inFlight: number;
  lastPollAt: string | null;
  accounts: AccountSchedule[];
}

/** The scheduler as the app, `watch` and the alerts engine use it. */
export interface Poller {
  /** Load the accounts and schedule each one's first poll at a random offset. */
  start(): void;
  /** Stop scheduling; resolves once polls already in flight have finished and been stored. */
  stop(): Promise<void>;
  /** Stop sending (suspend, offline). Polls in flight finish; nothing new starts. */
  pause(reason?: string): void;
  /** Start again (resume, online): due accounts poll soon, spread out, not all at once. */
  resume(reason?: string): void;
  /**
   * Poll now, bypassing backoff and the key/daily-cap holds: one account, or every account
   * the poller schedules. Works while paused (someone asked). An active Retry-After is still
   * honoured (that account is left for its scheduled time). Ids the poller does not poll
   * (manual providers, disabled, unknown) are ignored. Resolves when those polls are stored,
   * with their poll events (none for an account whose key the keychain could not give).
   */
  refresh(accountId?: string): Promise<PollEvent[]>;
  /** Re-read the accounts now (after an add, remove or settings change in this process). */
  reload(): void;
  on: Emitter<PollerEvent>['on'];
  status(): PollerStatus;
  /** Resolves when no poll is in flight or waiting for a slot (tests, one-shot callers). */
  idle(): Promise<void>;
}

interface Entry {
  account: StoredAccount;
  interval: number;
  nextAt: number | null;
  timer: unknown;
  hold: Hold;
  notBefore: number;
  failures: number;
  inFlight: Promise<void> | null;
  queued: boolean;
  /** Queued by refresh(): runs even while paused. */
  forced: boolean;
  lastState: AttemptState | null;
  lastAt: number | null;
  dropped: boolean;
  /** refresh() calls waiting for this account's next result. */
  waiters: Array<(event: PollEvent | null) => void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function createScheduler(deps: SchedulerDeps, options: SchedulerOptions = {}): Poller {
  const timers = deps.timers ?? realTimers;
  const random = deps.random ?? Math.random;
  const rules: ScheduleRules = { ...DEFAULT_RULES, ...options.rules };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const reloadEvery = options.reloadIntervalMs === undefined ? 30_000 : options.reloadIntervalMs;
  const onError = options.onError ?? (() => undefined);
  const events = createEmitter<PollerEvent>(onError);

  let state: SchedulerState = 'stopped';
  const entries = new Map<string, Entry>();
  const queue: Entry[] = [];
  let running = 0;
  let reloadTimer: unknown = null;
  let stopping: Promise<void> | null = null;
  /** When the last poll (of any account) finished, for "last updated" in the window. */
  let lastPollAt: number | null = null;
  const idleWaiters: Array<() => void> = [];
  /** Every poll in flight, including those of accounts dropped meanwhile: stop() waits for all. */
  const flying = new Set<Promise<void>>();

  const iso = (ms: number) => new Date(ms).toISOString();
  const intervalOf = (a: StoredAccount) => intervalMs(a.pollIntervalSeconds, options.intervalSeconds ?? null, rules);

  function announce(next: SchedulerState, reason: string | undefined): void {
    state = next;
    events.emit({ type: 'scheduler', state: next, reason: reason ?? null, at: iso(deps.now()) });
  }

  /** Set when the entry is due; only armed while running (pause keeps nextAt for resume). */
  function arm(entry: Entry, at: number): void {
    disarm(entry);
    entry.nextAt = at;
    if (state !== 'running' || entry.dropped) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - deps.now()));
    entry.timer = timers.setTimeout(() => onTimer(entry), delay);
  }

  function disarm(entry: Entry): void {
    if (entry.timer !== null) timers.clearTimeout(entry.timer);
    entry.timer = null;
  }

  function onTimer(entry: Entry): void {
    entry.timer = null;
    if (state !== 'running' || entry.dropped || entry.nextAt === null) return;
    // Timers can fire early (clamped long delays, clock changes): only poll when truly due.
    if (deps.now() < entry.nextAt) return arm(entry, entry.nextAt);
    enqueue(entry, false);
  }

  function enqueue(entry: Entry, forced: boolean): void {
    if (entry.inFlight) return;
    disarm(entry);
    entry.nextAt = null;
    entry.forced ||= forced;
    if (entry.queued && forced) queue.splice(queue.indexOf(entry), 1);
    if (!entry.queued || forced) {
      entry.queued = true;
      // Refreshes go to the front: someone is waiting for them.
      if (forced) queue.unshift(entry);
      else queue.push(entry);
    }
    pump();
  }

  function pump(): void {
    while (running < concurrency) {
      const index = queue.findIndex((e) => state === 'running' || e.forced);
      if (index < 0) break;
      const [entry] = queue.splice(index, 1);
      launch(entry!);
    }
    checkIdle();
  }

  function launch(entry: Entry): void {
    entry.queued = false;
    entry.forced = false;
    running += 1;
    // Started from a microtask so `flight` exists before the body can reach its end.
    const flight: Promise<void> = Promise.resolve().then(async () => {
      let result: PollAccountResult | null = null;
      try {
        result = await deps.pollOne(entry.account);
      } catch (error) {
        onError(error);
      }
      running -= 1;
      entry.inFlight = null;
      let event: PollEvent | null = null;
      try {
        event = settle(entry, result);
      } catch (error) {
        onError(error);
      }
      for (const wake of entry.waiters.splice(0)) wake(event);
      flying.delete(flight);
      if (state !== 'stopped') pump();
      else checkIdle();
    });
    entry.inFlight = flight;
    flying.add(flight);
  }

  /** Announce what a poll produced and decide when the account polls next. */
  function settle(entry: Entry, result: PollAccountResult | null): PollEvent | null {
    const now = deps.now();
    let event: PollEvent | null = null;
    let last: LastAttempt;
    if (result === null) {
      last = { state: 'bad_response', retryAfterSeconds: null, capResetAt: null };
    } else if (result.kind === 'polled') {
      event = toPollEvent(result.account, result.outcome, result.at);
      events.emit(event);
      last = {
        state: result.outcome.state,
        retryAfterSeconds: result.outcome.retryAfterSeconds,
        capResetAt: result.outcome.cap?.resetAt ?? null,
      };
    } else if (result.kind === 'keychain_unavailable') {
      events.emit({
        type: 'keychain_unavailable',
        accountId: entry.account.id,
        provider: entry.account.provider,
        message: result.message,
        at: iso(now),
      });
      last = { state: 'keychain_unavailable', retryAfterSeconds: null, capResetAt: null };
    } else if (result.kind === 'busy') {
      // Another process is polling it right now and will store its reading: come back one
      // interval later, with the account's state and backoff as they were.
      if (!entry.dropped && state !== 'stopped') arm(entry, now + entry.interval);
      return null;
    } else {
      // Manual, unknown provider, removed or disabled meanwhile: no longer ours to poll.
      drop(entry);
      return null;
    }
    entry.lastState = last.state;
    entry.lastAt = now;
    if (event) lastPollAt = now;
    if (entry.dropped || state === 'stopped') return event;
    const next = nextAfter(
      last,
      { now, interval: entry.interval, failures: entry.failures, options: entry.account.options },
      random(),
      rules,
    );
    logDecision(entry, last.state, next, now);
    entry.failures = next.failures;
    entry.hold = next.hold;
    entry.notBefore = next.notBefore;
    arm(entry, now + next.delayMs);
    return event;
  }

  /**
   * The decisions worth finding in the log afterwards: an account starting to back off or
   * to be held (Retry-After, a daily cap, a rejected key), and going back to its pace. Not
   * every poll: that is what the readings are for.
   */
  function logDecision(entry: Entry, state: AttemptState, next: NextPoll, now: number): void {
    const accountId = entry.account.id;
    const nextAt = iso(now + next.delayMs);
    if (next.hold !== null && next.hold !== entry.hold)
      log.info(next.hold === 'backoff' ? 'backing off after a failure' : 'holding polls', {
        accountId,
        provider: entry.account.provider,
        hold: next.hold,
        state,
        failures: next.failures,
        nextAt,
      });
    else if (next.hold === null && entry.hold !== null)
      log.info('polling at the normal pace again', { accountId, provider: entry.account.provider, state, nextAt });
  }

  function drop(entry: Entry): void {
    entry.dropped = true;
    disarm(entry);
    const index = queue.indexOf(entry);
    if (index >= 0) queue.splice(index, 1);
    entry.queued = false;
    for (const wake of entry.waiters.splice(0)) wake(null);
    if (entries.get(entry.account.id) === entry) entries.delete(entry.account.id);
  }

  function checkIdle(): void {
    if (running > 0) return;
    if (queue.some((e) => state === 'running' || e.forced)) return;
    for (const wake of idleWaiters.splice(0)) wake();
  }

  function reload(): void {
    if (state === 'stopped') return;
    const now = deps.now();
    let accounts: StoredAccount[];
    try {
      accounts = deps.listAccounts();
    } catch (error) {
      onError(error);
      return;
    }
    const seen = new Set<string>();
    for (const account of accounts) {
      seen.add(account.id);
      const existing = entries.get(account.id);
      if (!existing) {
        const entry: Entry = {
          account,
          interval: intervalOf(account),
          nextAt: null,
          timer: null,
          hold: null,
          notBefore: 0,
          failures: 0,
          inFlight: null,
          queued: false,
          forced: false,
          lastState: null,
          lastAt: null,
          dropped: false,
          waiters: [],
        };
        entries.set(account.id, entry);
        arm(entry, now + startDelay(entry.interval, random(), rules));
        continue;
      }
      const keyChanged = existing.account.keyUpdatedAt !== account.keyUpdatedAt;
      const settingsChanged = existing.account.updatedAt !== account.updatedAt;
      existing.account = account;
      existing.interval = intervalOf(account);
      if (!keyChanged && !settingsChanged) continue;
      // A new key or new settings may fix what was wrong: lift our backoff and the
      // key/cap holds and look again soon. The provider's Retry-After still stands.
      existing.failures = 0;
      existing.hold = existing.notBefore > now ? 'retry_after' : null;
      if (!existing.inFlight && !existing.queued)
        arm(existing, afterChangeAt(existing.notBefore, { now, interval: existing.interval }, random(), rules));
    }
    for (const entry of [...entries.values()]) if (!seen.has(entry.account.id)) drop(entry);
  }

  function armReload(): void {
    if (reloadTimer !== null) timers.clearTimeout(reloadTimer);
    reloadTimer = null;
    if (reloadEvery === null || state !== 'running') return;
    reloadTimer = timers.setTimeout(() => {
      reloadTimer = null;
      reload();
      armReload();
    }, reloadEvery);
  }

  function stopReload(): void {
    if (reloadTimer !== null) timers.clearTimeout(reloadTimer);
    reloadTimer = null;
  }

  return {
    start() {
      if (state !== 'stopped' || stopping) return;
      announce('running', undefined);
      reload();
      armReload();
    },

    stop() {
      if (stopping) return stopping;
      if (state === 'stopped') return Promise.resolve();
      stopping = (async () => {
        state = 'stopped';
        stopReload();
        for (const entry of entries.values()) disarm(entry);
        // Queued polls never started: drop them. In-flight ones finish and are stored.
        for (const entry of queue.splice(0)) {
          entry.queued = false;
          for (const wake of entry.waiters.splice(0)) wake(null);
        }
        await Promise.all([...flying]);
        entries.clear();
        announce('stopped', undefined);
        checkIdle();
        stopping = null;
      })();
      return stopping;
    },

    pause(reason) {
      if (state !== 'running') return;
      state = 'paused';
      stopReload();
      for (const entry of entries.values()) disarm(entry);
      // Polls waiting for a slot go back to "due"; resume spreads them out again.
      for (const entry of queue.filter((e) => !e.forced)) {
        queue.splice(queue.indexOf(entry), 1);
        entry.queued = false;
        entry.nextAt = deps.now();
      }
      announce('paused', reason);
      checkIdle();
    },

    resume(reason) {
      if (state !== 'paused') return;
      announce('running', reason);
      reload();
      const now = deps.now();
      for (const entry of entries.values()) {
        if (entry.inFlight || entry.queued) continue;
        arm(entry, resumeAt(entry.nextAt, entry.hold, { now, interval: entry.interval }, random(), rules));
      }
      armReload();
      pump();
    },

    async refresh(accountId) {
      if (state === 'stopped') return [];
      reload();
      const now = deps.now();
      const targets =
        accountId === undefined
          ? [...entries.values()]
          : [entries.get(accountId)].filter((e): e is Entry => e !== undefined);
      const done: Array<Promise<PollEvent | null>> = [];
      for (const entry of targets) {
        if (entry.notBefore > now) continue;
        done.push(new Promise((resolve) => entry.waiters.push(resolve)));
        if (!entry.inFlight) enqueue(entry, true);
      }
      return (await Promise.all(done)).filter((e): e is PollEvent => e !== null);
    },

    reload,

    on: events.on,

    status() {
      return {
        state,
        inFlight: running,
        lastPollAt: lastPollAt === null ? null : iso(lastPollAt),
        accounts: [...entries.values()].map((e) => ({
          accountId: e.account.id,
          provider: e.account.provider,
          nextAt: e.nextAt === null || e.inFlight || e.queued ? null : iso(e.nextAt),
          inFlight: e.inFlight !== null,
          hold: e.hold,
          failures: e.failures,
          lastState: e.lastState,
          lastAt: e.lastAt === null ? null : iso(e.lastAt),
        })),
      };
    },

    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
  };
}
