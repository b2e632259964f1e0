import { z } from 'zod';
import type { Core } from './core.ts';
import type { SettingsRepo } from './store/settings-repo.ts';
import { DAY_MS, floorTo, HOUR_MS } from './store/segments.ts';
import type { Timers } from './timers.ts';
import { realTimers } from './timers.ts';
import { MAX_RETENTION_DAYS } from '../shared/domain.ts';
import { log } from './log/log.ts';

/**
 * Data retention: "keep readings for N days" (settings; default: keep everything). Raw
 * readings older than that are deleted; the hourly and daily rollups and the balance events
 * stay, so charts, daily spend, burn, packs and history counts keep working over the pruned
 * span (at an hour's resolution at the finest). See migration 004 for the horizon that keeps
 * the store consistent, and docs/design.md.
 */

export const RETENTION_SETTING = 'app.retentionDays';
/** Less than a month would cut into the 30-day burn window, which needs sub-hour readings at its start. */
export const MIN_RETENTION_DAYS = 30;

const retentionSchema = z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS).nullable();

/** Days of readings to keep; null keeps everything (also when the stored value is unusable). */
export function readRetentionDays(settings: SettingsRepo): number | null {
  return settings.get(RETENTION_SETTING, retentionSchema, null);
}

/**
 * Readings before this instant are pruned: `days` before `now`, rounded down to a UTC day,
 * so the horizon is a day boundary (whole days and hours before it stay in the rollups, and
 * every query range splits cleanly at it).
 */
export function retentionCutoff(now: number, days: number): number {
  return floorTo(now - days * DAY_MS, DAY_MS);
}

export interface PruneReport {
  retentionDays: number | null;
  /** ISO time readings before which were pruned; null when everything is kept. */
  before: string | null;
  /** Accounts that had readings to prune. */
  accounts: number;
  /** Readings deleted. */
  deleted: number;
}

export interface PruneOptions {
  /** Unix ms; defaults to the core's clock. */
  now?: number;
  /** Days to keep instead of the setting (the CLI's `prune --days`). */
  days?: number;
  /** Awaited between batches, so a long first prune does not hold the event loop (default: setImmediate). */
  pause?: () => Promise<void>;
  /** Checked between batches: stop early (the app is quitting); the next run finishes the job. */
  stopped?: () => boolean;
  /** Told after each batch: batches done of the batches planned so far. */
  progress?: (done: number, total: number) => void;
}

/** A week of minute readings per batch: each delete is a short transaction. */
const BATCH_MS = 7 * DAY_MS;

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Prune every account's readings older than the retention period (removed accounts' history too). */
export async function pruneHistory(core: Core, options: PruneOptions = {}): Promise<PruneReport> {
  const days = options.days ?? readRetentionDays(core.repos.settings);
  const report: PruneReport = { retentionDays: days, before: null, accounts: 0, deleted: 0 };
  if (days === null) return report;
  const cutoff = retentionCutoff(options.now ?? core.now(), days);
  report.before = new Date(cutoff).toISOString();
  const pause = options.pause ?? immediate;
  const stopped = options.stopped ?? (() => false);
  const repo = core.repos.prune;
  const pks = repo.accountPks();
  let done = 0;
  let total = 0;
  for (const pk of pks) {
    if (stopped()) break;
    const plan = repo.begin(pk, cutoff);
    if (!plan) continue;
    report.accounts++;
    total += Math.ceil((plan.horizon - plan.oldest) / BATCH_MS);
    for (let from = plan.oldest; from < plan.horizon && !stopped(); from += BATCH_MS) {
      report.deleted += repo.deleteBatch(pk, from, Math.min(from + BATCH_MS, plan.horizon), plan.keepTs);
      options.progress?.(++done, total);
      await pause();
    }
  }
  if (report.deleted > 0) log.info('pruned old readings', { before: report.before, deleted: report.deleted });
  return report;
}

/* ------------------------------------------------------------------ running it */

const changeListeners = new WeakMap<Core, Set<() => void>>();

/** The retention setting of this core changed (settings screen): prune now where a runner runs. */
export function retentionChanged(core: Core): void {
  for (const listener of changeListeners.get(core) ?? []) listener();
}

export interface RetentionRunner {
  /** Stop the daily tick; resolves once a prune in progress has stopped between batches. */
  stop(): Promise<void>;
  /** Resolves when no prune is running (tests). */
  idle(): Promise<void>;
}

export interface RetentionRunnerOptions {
  timers?: Timers;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** First run this long after the start, so it does not compete with the app's first paint and polls. */
  startDelayMs?: number;
  /** How often to look whether the UTC day changed. */
  checkEveryMs?: number;
  pause?: () => Promise<void>;
  /**
   * How a run prunes: in this thread by default (batches with pauses between them); the app
   * hands it to a worker. Must stop soon after `signal` aborts.
   */
  prune?: (run: { now: number; signal: AbortSignal }) => Promise<PruneReport>;
}

/**
 * Prune once a UTC day (the horizon moves a day at a time) and whenever the setting changes,
 * wherever the poller runs continuously: the app and `watch`. Runs never overlap; a change
 * during a run starts another after it.
 */
export function startRetention(core: Core, options: RetentionRunnerOptions = {}): RetentionRunner {
  const timers = options.timers ?? realTimers;
  const now = options.now ?? core.now;
  const onError = options.onError ?? (() => undefined);
  let handle: unknown = null;
  let stopped = false;
  let lastDay: number | null = null;
  let current: Promise<void> | null = null;
  let again = false;
  const abort = new AbortController();
  const prune =
    options.prune ??
    (({ now: at, signal }: { now: number; signal: AbortSignal }) =>
      pruneHistory(core, {
        now: at,
        stopped: () => signal.aborted,
        ...(options.pause ? { pause: options.pause } : {}),
      }));

  const run = (): Promise<void> => {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      do {
        again = false;
        try {
          const at = now();
          await prune({ now: at, signal: abort.signal });
          lastDay = floorTo(at, DAY_MS);
        } catch (error) {
          onError(error);
        }
      } while (again && !stopped);
      current = null;
    })();
    return current;
  };

  const tick = () => {
    handle = null;
    if (stopped) return;
    if (lastDay !== floorTo(now(), DAY_MS)) void run();
    handle = timers.setTimeout(tick, options.checkEveryMs ?? HOUR_MS);
  };
  handle = timers.setTimeout(tick, options.startDelayMs ?? 60_000);

  const listener = () => {
    if (!stopped) void run();
  };
  let listeners = changeListeners.get(core);
  if (!listeners) changeListeners.set(core, (listeners = new Set()));
  listeners.add(listener);

  return {
    async stop() {
      stopped = true;
      abort.abort();
      listeners.delete(listener);
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      await current;
    },
    async idle() {
      while (current) await current;
    },
  };
}
