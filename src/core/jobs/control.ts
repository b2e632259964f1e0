import type { JobPhase } from '../../shared/jobs.ts';

export type { JobPhase } from '../../shared/jobs.ts';

/**
 * What a long operation (export, import, pruning, a rollup rebuild) is told and tells while
 * it runs: whether it has been cancelled, and how far it has got. The same code runs in a
 * worker thread (the app: cancel arrives through shared memory, progress goes back as
 * messages) and in-process (the CLI and tests).
 */
export interface ProgressUpdate {
  phase: JobPhase;
  /** Units of work done in this phase (rows, or bytes while reading a file). */
  done: number;
  /** The phase's total when known. */
  total: number | null;
}

export interface JobControl {
  /** True once cancel was asked: the job stops at its next check and leaves nothing behind. */
  cancelled(): boolean;
  /** Report progress; cheap to call often (callers throttle what they pass on). */
  progress(update: ProgressUpdate): void;
}

/** Raised inside a job when it noticed it was cancelled; the job has undone its work by then. */
export class JobCancelled extends Error {
  override name = 'JobCancelled';
  constructor() {
    super('cancelled');
  }
}

export const noControl: JobControl = { cancelled: () => false, progress: () => undefined };

/** A control whose cancel flag the caller flips (in-process runs: the CLI's Ctrl-C, tests). */
export function localControl(onProgress: (update: ProgressUpdate) => void = () => undefined): JobControl & {
  cancel(): void;
} {
  let cancelled = false;
  return {
    cancelled: () => cancelled,
    progress: onProgress,
    cancel() {
      cancelled = true;
    },
  };
}

/**
 * Progress as a person reads it: rows done of the total, the rate over the current phase,
 * and the time left at that rate. Computed here once; the window and the CLI only format it.
 */
export interface ProgressFigures {
  phase: JobPhase;
  done: number;
  total: number | null;
  /** Units per second since the phase began, null until there is something to measure. */
  ratePerSecond: number | null;
  /** Seconds left at that rate, null when the total or the rate is unknown. */
  secondsLeft: number | null;
  /** 0–1, null when the total is unknown. */
  fraction: number | null;
}

export function progressTracker(now: () => number = Date.now) {
  let phase: JobPhase | null = null;
  let phaseStart = now();
  return (update: ProgressUpdate): ProgressFigures => {
    const t = now();
    if (update.phase !== phase) {
      phase = update.phase;
      phaseStart = t;
    }
    const elapsed = (t - phaseStart) / 1000;
    const rate = elapsed >= 0.2 && update.done > 0 ? update.done / elapsed : null;
    const total = update.total;
    const left = total !== null && rate ? Math.max(0, (total - update.done) / rate) : null;
    return {
      phase: update.phase,
      done: update.done,
      total,
      ratePerSecond: rate === null ? null : Math.round(rate),
      secondsLeft: left === null ? null : Math.ceil(left),
      fraction: total ? Math.min(1, update.done / total) : null,
    };
  };
}

/** Pass on at most one update per `everyMs` (and always a change of phase). */
export function throttled(
  pass: (update: ProgressUpdate) => void,
  everyMs = 100,
  now: () => number = Date.now,
): (update: ProgressUpdate) => void {
  let last = -Infinity;
  let lastPhase: JobPhase | null = null;
  return (update) => {
    const t = now();
    if (update.phase === lastPhase && t - last < everyMs && update.done !== update.total) return;
    last = t;
    lastPhase = update.phase;
    pass(update);
  };
}
