import type { Core } from '../core.ts';
import type { AccountOptions } from '../../shared/domain.ts';
import type { ImportReport } from '../../shared/history.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import type { ReadingRecord } from '../store/readings-repo.ts';
import { emptyUndo } from '../store/import-repo.ts';
import type { ImportRun } from '../store/import-repo.ts';
import { JobCancelled, noControl } from '../jobs/control.ts';
import type { JobControl } from '../jobs/control.ts';
import { log } from '../log/log.ts';
import { DAY_MS } from '../store/segments.ts';

/**
 * Writing a checked import (import.ts plans and checks; this stores), without holding the
 * write lock for long: settings, accounts and packs in one short transaction, then the
 * readings a few thousand at a time, each chunk with the rollup days it touches, so a poll
 * that stores its reading meanwhile waits milliseconds. Every reading carries the run's id
 * and the run records what it changed as it goes (migration 010), so a cancelled or failed
 * import is taken back whole, and one cut short by a crash is taken back by whoever opens
 * the database next once it has stopped moving. Readers may see a part of the import while
 * it is being written; they never see a part once it has ended, either way.
 */

/**
 * Pacing. SQLite's write lock is not fair: a connection waiting for it (a poll storing its
 * reading, here or in another process) sleeps and retries, a few milliseconds at first and
 * up to 100 ms apart later, and a bulk writer that begins its next transaction the moment
 * the last one commits can keep it out past its busy timeout. So each transaction is sized
 * to take about TX_BUDGET_MS (the chunk grows or shrinks with what the last one took), and
 * the lock is then left free for as long: every retry of a waiting writer has an even
 * chance to land in a gap, and none waits more than a few of them. The cost is wall time
 * while writing (about double), not CPU, and it is spent in a worker.
 */
const TX_BUDGET_MS = 15;
const GAP_MS = 15;
const FIRST_CHUNK = 2000;
const MIN_CHUNK = 200;
const MAX_CHUNK = 20_000;

const gapCell = new Int32Array(new SharedArrayBuffer(4));
/** Leave the write lock free for a moment (a synchronous sleep: the caller is a worker, or a CLI). */
function leaveLockFree(ms = GAP_MS): void {
  Atomics.wait(gapCell, 0, 0, ms);
}

/** The next chunk size: scaled so a transaction takes about TX_BUDGET_MS. */
function nextChunk(size: number, tookMs: number): number {
  const scaled = Math.round((size * TX_BUDGET_MS) / Math.max(tookMs, 0.5));
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.min(scaled, size * 2)));
}
/** A run not updated for this long is not being written by anyone: a crash cut it short. */
export const STALE_RUN_MS = 60_000;
/** Undo deletes a week of an account's readings per transaction. */
const UNDO_SPAN = 7 * DAY_MS;

/** An account an import creates, as planned from the file. */
export interface PlannedNewAccount {
  id: string;
  provider: string;
  label: string;
  baseUrl: string | null;
  options: AccountOptions;
  pollIntervalSeconds: number;
  enabled: boolean;
  createdAt: number;
  removedAt: number | null;
  /** The id of the account whose balance it shares (linked once every account exists). */
  sharesBalanceWith: string | null;
  billing: 'prepaid' | 'postpaid' | null;
  /** Set once created (-1 until then). */
  pk: number;
}

export interface PlannedWrite {
  settings: Array<{ name: string; value: string }>;
  /** Accounts to create (existing ones are referred to by pk already). */
  accounts: PlannedNewAccount[];
  /** Packs, with a function giving their account's pk once accounts exist. */
  packs: Array<{ pack: Omit<PackRecord, 'accountPk'>; accountPk: () => number }>;
  /** Readings with accountPk filled in once accounts exist (by `assignAccounts`). */
  readings: ReadingRecord[];
  assignAccounts(): void;
  /** An account the file brought, by id, once created (for shared balances). */
  sharesBalanceWith(id: string): { pk: number } | null;
  /** Store the file's prices; returns how many were new. Runs with the run's last write. */
  applyPrices(core: Core): number;
}

/** One short write transaction that takes the write lock first. */
function immediate<T>(core: Core, fn: () => T): T {
  return core.repos.transaction(fn, 'immediate');
}

export function applyImport(
  core: Core,
  plan: PlannedWrite,
  format: 'csv' | 'json',
  control: JobControl = noControl,
): ImportReport {
  const repo = core.repos.imports;
  const report: ImportReport = {
    format,
    imported: 0,
    duplicates: 0,
    beforeRetention: 0,
    accountsCreated: [],
    packsImported: 0,
    settingsApplied: [],
    pricesImported: 0,
  };
  const undo = emptyUndo();
  const run = immediate(core, () => {
    const id = repo.begin(Date.now(), undo);
    for (const s of plan.settings) {
      if (core.repos.settings.has(s.name)) continue;
      core.repos.settings.set(s.name, s.value);
      report.settingsApplied.push(s.name);
      undo.settings.push(s.name);
    }
    for (const planned of plan.accounts) {
      const stored = core.repos.accounts.insert({
        id: planned.id,
        provider: planned.provider,
        label: planned.label,
        baseUrl: planned.baseUrl,
        options: planned.options,
        pollIntervalSeconds: planned.pollIntervalSeconds,
        enabled: planned.enabled,
        at: planned.createdAt,
        keyUpdatedAt: null,
      });
      if (planned.removedAt !== null) core.repos.accounts.markRemoved(stored.id, planned.removedAt);
      planned.pk = stored.pk;
      if (planned.billing) core.repos.accounts.setBilling(stored.pk, planned.billing);
      report.accountsCreated.push(planned.label);
      undo.accounts.push(stored.pk);
    }
    // Shared balances once every account exists (taken back with the accounts themselves).
    for (const planned of plan.accounts) {
      if (planned.sharesBalanceWith === null || planned.removedAt !== null) continue;
      const target =
        plan.sharesBalanceWith(planned.sharesBalanceWith) ?? core.repos.accounts.get(planned.sharesBalanceWith);
      if (!target || target.pk === planned.pk) continue;
      const holder = core.repos.accounts.getByPk(target.pk);
      if (!holder || holder.removedAt || holder.provider !== planned.provider) continue;
      core.repos.accounts.update(planned.id, { sharesBalancePk: holder.sharesBalancePk ?? holder.pk }, core.now());
    }
    const packs = core.repos.packs;
    for (const { pack, accountPk } of plan.packs) {
      if (packs.get(pack.id)) continue;
      packs.insert({ ...pack, accountPk: accountPk() });
      report.packsImported++;
      undo.packs.push(pack.id);
    }
    repo.save(id, undo, Date.now());
    return id;
  });

  try {
    plan.assignAccounts();
    const readings = plan.readings;
    const order = sortedOrder(readings);
    const total = readings.length;
    control.progress({ phase: 'writing', done: 0, total });
    const chunk: ReadingRecord[] = [];
    let size = FIRST_CHUNK;
    for (let i = 0; i < total;) {
      if (control.cancelled()) throw new JobCancelled();
      const pk = readings[order[i]!]!.accountPk;
      chunk.length = 0;
      while (i < total && chunk.length < size && readings[order[i]!]!.accountPk === pk)
        chunk.push(readings[order[i++]!]!);
      const started = performance.now();
      immediate(core, () => {
        const key = String(pk);
        const { result, range } = repo.insertChunk(run, pk, chunk, undo.ranges[key]);
        if (range) undo.ranges[key] = range;
        repo.save(run, undo, Date.now());
        report.imported += result.inserted;
        report.duplicates += result.skipped;
        report.beforeRetention += result.beforeHorizon;
      });
      if (chunk.length === size) size = nextChunk(size, performance.now() - started);
      control.progress({ phase: 'writing', done: i, total });
      leaveLockFree();
    }
    // Prices go in with the run's last write: a cancelled or failed import never added any.
    immediate(core, () => {
      report.pricesImported = plan.applyPrices(core);
      repo.setState(run, 'done', Date.now());
      repo.save(run, emptyUndo(), Date.now());
    });
  } catch (error) {
    const cancelled = error instanceof JobCancelled;
    if (!cancelled) log.error('an import failed while writing; taking it back', { err: error, run });
    try {
      undoImport(core, { id: run, state: 'applying', startedAt: 0, updatedAt: 0, undo }, control);
    } catch (undoError) {
      // Left for the next process to finish (the run is still recorded).
      log.error('taking back an import failed; it will be finished later', { err: undoError, run });
    }
    throw error;
  }
  log.info('imported history', {
    run,
    readings: report.imported,
    duplicates: report.duplicates,
    accountsCreated: report.accountsCreated.length,
  });
  return report;
}

/** Reading indices sorted by account, then time (an export is already in that order: checked in one pass). */
function sortedOrder(readings: readonly ReadingRecord[]): Uint32Array | number[] {
  const n = readings.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0) {
      const a = readings[i - 1]!;
      const b = readings[i]!;
      if (a.accountPk > b.accountPk || (a.accountPk === b.accountPk && a.ts > b.ts)) sorted = false;
    }
  }
  if (sorted) return order;
  return Array.from(order).sort((x, y) => {
    const a = readings[x]!;
    const b = readings[y]!;
    return a.accountPk - b.accountPk || a.ts - b.ts;
  });
}

/**
 * Take a run back: its readings account by account a week at a time (each with the rollup
 * days around them), then the packs, settings and accounts it created, then the run itself.
 */
export function undoImport(core: Core, run: ImportRun, control: JobControl = noControl): void {
  const repo = core.repos.imports;
  immediate(core, () => repo.setState(run.id, 'undoing', Date.now()));
  const ranges = Object.entries(run.undo.ranges);
  const total = ranges.reduce((n, [, [lo, hi]]) => n + Math.ceil((hi + 1 - lo) / UNDO_SPAN), 0);
  let done = 0;
  control.progress({ phase: 'undoing', done, total });
  for (const [key, [lo, hi]] of ranges) {
    const pk = Number(key);
    for (let from = lo; from <= hi; from += UNDO_SPAN) {
      const to = Math.min(from + UNDO_SPAN, hi + 1);
      immediate(core, () => {
        repo.deleteRunRows(run.id, pk, from, to);
        repo.setState(run.id, 'undoing', Date.now());
      });
      control.progress({ phase: 'undoing', done: ++done, total });
      leaveLockFree();
    }
  }
  immediate(core, () => {
    repo.dropCreated(run.undo);
    repo.forget(run.id);
  });
  log.info('took back an import', { run: run.id, accounts: ranges.length });
}

/**
 * Take back imports a crash cut short (no progress for STALE_RUN_MS), so their half is never
 * mistaken for history. `force` takes back every unfinished run (tests; a caller that knows
 * no other process is importing).
 */
export function recoverImports(core: Core, options: { force?: boolean; control?: JobControl } = {}): number {
  const repo = core.repos.imports;
  // Real time, not the core's clock: this is about whether another process is still writing.
  const now = Date.now();
  let recovered = 0;
  for (const run of repo.pending()) {
    if (!options.force && now - run.updatedAt < STALE_RUN_MS) continue;
    log.warn('taking back an import that was cut short', {
      run: run.id,
      startedAt: new Date(run.startedAt).toISOString(),
    });
    undoImport(core, run, options.control);
    recovered++;
  }
  return recovered;
}

/** Whether an import was cut short and waits to be taken back (a quick look, for callers that hand the work to a worker). */
export function hasStaleImports(core: Core): boolean {
  const now = Date.now();
  return core.repos.imports.pending().some((run) => now - run.updatedAt >= STALE_RUN_MS);
}
