import { Worker } from 'node:worker_threads';
import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import type { JobKind, JobProgress } from '../../shared/jobs.ts';
import { currentLogSink } from '../log/log.ts';
import type { LogRecord } from '../log/log.ts';
import { runJob } from './jobs.ts';
import type { JobRequest, JobResultOf } from './jobs.ts';
import { JobCancelled, localControl, progressTracker, throttled } from './control.ts';
import type { ProgressFigures, ProgressUpdate } from './control.ts';
import { reviveError } from './errors.ts';
import type { SerializedError } from './errors.ts';

/**
 * Starts jobs (jobs.ts) and lets the caller follow and cancel them. The worker runner gives
 * each job its own thread and database connection, so the starting thread never waits on it:
 * the app's main process keeps answering the window, drawing the tray and polling while a
 * year is exported. The in-process runner runs the same code in the calling thread.
 */
export interface JobHandle<T = unknown> {
  readonly id: string;
  readonly kind: JobKind;
  /** The job's result; rejects with JobCancelled when cancelled (after it has undone its work). */
  readonly result: Promise<T>;
  cancel(): void;
}

export type ProgressListener = (progress: JobProgress) => void;

export interface JobRunner {
  start<R extends JobRequest>(core: Core, request: R, onProgress?: ProgressListener): JobHandle<JobResultOf<R>>;
  /** Cancel a running job by id; false when there is none. */
  cancel(id: string): boolean;
  /** Jobs still running. */
  running(): JobHandle[];
  /** Cancel every job and wait for each to stop (and clean up). */
  close(): Promise<void>;
}

/** The worker's entry as plain Node runs it (the CLI, tests); the app passes its bundled file. */
export const WORKER_SOURCE = new URL('./worker.ts', import.meta.url);

const newJobId = () => `job_${crypto.randomBytes(6).toString('hex')}`;

type WorkerMessage =
  | { type: 'progress'; update: ProgressUpdate }
  | { type: 'log'; record: LogRecord }
  | { type: 'done'; value: unknown }
  | { type: 'error'; error: SerializedError };

function figures(id: string, kind: JobKind, state: JobProgress['state'], f: ProgressFigures): JobProgress {
  return {
    id,
    kind,
    state,
    phase: f.phase,
    done: f.done,
    total: f.total,
    fraction: f.fraction,
    ratePerSecond: f.ratePerSecond,
    secondsLeft: f.secondsLeft,
  };
}

/** Bookkeeping shared by both runners: ids, the last progress, the closing event. */
function tracked<T>(
  kind: JobKind,
  onProgress: ProgressListener | undefined,
  body: (id: string, progress: (u: ProgressUpdate) => void) => { result: Promise<T>; cancel(): void },
  jobs: Map<string, JobHandle>,
): JobHandle<T> {
  const id = newJobId();
  const track = progressTracker();
  let last: ProgressFigures = {
    phase: 'reading',
    done: 0,
    total: null,
    ratePerSecond: null,
    secondsLeft: null,
    fraction: null,
  };
  const progress = (u: ProgressUpdate) => {
    last = track(u);
    onProgress?.(figures(id, kind, 'running', last));
  };
  const { result, cancel } = body(id, progress);
  const settled = result.then(
    (value) => {
      onProgress?.(figures(id, kind, 'finished', last));
      return value;
    },
    (error: unknown) => {
      onProgress?.(figures(id, kind, error instanceof JobCancelled ? 'cancelled' : 'failed', last));
      throw error;
    },
  );
  const handle: JobHandle<T> = { id, kind, result: settled, cancel };
  jobs.set(id, handle as JobHandle);
  void settled.catch(() => undefined).finally(() => jobs.delete(id));
  return handle;
}

function runnerOver(
  jobs: Map<string, JobHandle>,
  start: JobRunner['start'],
  closeWait: () => Promise<void> = () => Promise.resolve(),
): JobRunner {
  return {
    start,
    cancel(id) {
      const job = jobs.get(id);
      job?.cancel();
      return job !== undefined;
    },
    running: () => [...jobs.values()],
    async close() {
      const all = [...jobs.values()];
      for (const job of all) job.cancel();
      await Promise.allSettled(all.map((j) => j.result));
      await closeWait();
    },
  };
}

/**
 * Jobs that only read and spend their time in one call to SQLite, which cannot look at the
 * cancel flag (the full check of the database file): cancelling stops the worker outright.
 * Nothing to clean up, and quitting does not wait for the check to end.
 */
const STOPPED_OUTRIGHT: ReadonlySet<JobKind> = new Set(['check-database']);

export interface WorkerRunnerOptions {
  /** The worker's entry file (default: worker.ts beside this file, as plain Node runs it). */
  workerUrl?: URL | string;
}

export function workerJobRunner(options: WorkerRunnerOptions = {}): JobRunner {
  const jobs = new Map<string, JobHandle>();
  const workerUrl = options.workerUrl ?? WORKER_SOURCE;
  const start = <R extends JobRequest>(
    core: Core,
    request: R,
    onProgress?: ProgressListener,
  ): JobHandle<JobResultOf<R>> =>
    tracked<JobResultOf<R>>(
      request.kind,
      onProgress,
      (id, progress) => {
        const cancelBuffer = new SharedArrayBuffer(4);
        const flag = new Int32Array(cancelBuffer);
        const worker = new Worker(workerUrl, {
          workerData: { home: core.home, request, cancel: cancelBuffer },
          // A job's failure is reported through its result, never as output of its own.
          stdout: false,
          stderr: false,
        });
        let stopNow = () => undefined as void;
        const result = new Promise<JobResultOf<R>>((resolve, reject) => {
          let settled = false;
          stopNow = () => {
            if (settled) return;
            settled = true;
            reject(new JobCancelled());
            void worker.terminate();
          };
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'progress') progress(m.update);
            else if (m.type === 'log')
              currentLogSink()?.write({
                ...m.record,
                fields: { ...m.record.fields, thread: 'worker', job: request.kind, jobId: id },
              });
            else if (m.type === 'done') {
              settled = true;
              resolve(m.value as JobResultOf<R>);
            } else if (m.type === 'error') {
              settled = true;
              reject(reviveError(m.error));
            }
          });
          worker.on('error', (error) => {
            if (settled) return;
            settled = true;
            reject(error);
          });
          worker.on('exit', (code) => {
            if (settled) return;
            settled = true;
            reject(new Error(`the worker running ${request.kind} stopped (exit code ${code})`));
          });
        });
        return {
          result,
          cancel() {
            Atomics.store(flag, 0, 1);
            if (STOPPED_OUTRIGHT.has(request.kind)) stopNow();
          },
        };
      },
      jobs,
    );
  return runnerOver(jobs, start);
}

/** The same jobs in the calling thread (tests; a caller with nothing else to keep responsive). */
export function inProcessJobRunner(): JobRunner {
  const jobs = new Map<string, JobHandle>();
  const start = <R extends JobRequest>(
    core: Core,
    request: R,
    onProgress?: ProgressListener,
  ): JobHandle<JobResultOf<R>> =>
    tracked<JobResultOf<R>>(
      request.kind,
      onProgress,
      (_id, progress) => {
        const control = localControl(throttled(progress));
        const result = new Promise<void>((resolve) => setImmediate(resolve)).then(
          () => runJob(core, request, control) as Promise<JobResultOf<R>>,
        );
        return { result, cancel: () => control.cancel() };
      },
      jobs,
    );
  return runnerOver(jobs, start);
}
