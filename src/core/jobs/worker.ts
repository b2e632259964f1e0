/**
 * A worker thread that runs one job (jobs.ts) on its own connection to the data folder's
 * database, so the thread that started it (Electron's main, or the CLI's) keeps answering.
 * WAL lets it read while the other connection writes; its writes are short transactions.
 *
 * In: workerData `{ home, request, cancel }` (`cancel` a SharedArrayBuffer whose first
 * Int32 becomes 1 to cancel). Out: `progress`, `log` and finally one `done` or `error`
 * message. Log lines go to the starting thread, which owns the log file.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openCore } from '../core.ts';
import type { Core } from '../core.ts';
import type { SecretStore } from '../secrets/index.ts';
import { setLogSink } from '../log/log.ts';
import { runJob } from './jobs.ts';
import type { JobRequest } from './jobs.ts';
import { throttled } from './control.ts';
import type { JobControl } from './control.ts';
import { serializeError } from './errors.ts';

interface Input {
  home: string;
  request: JobRequest;
  cancel: SharedArrayBuffer;
}

/** Jobs never poll: a key is never asked for in a worker. */
const noKeys: SecretStore = {
  get: () => Promise.resolve(null),
  set: () => Promise.reject(new Error('a worker stores no keys')),
  delete: () => Promise.resolve(false),
  check: () => Promise.resolve(),
};

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('jobs/worker.ts runs as a worker thread');
  yieldCpu();
  const { home, request, cancel } = workerData as Input;
  setLogSink({ write: (record) => port.postMessage({ type: 'log', record }) });
  const flag = new Int32Array(cancel);
  const control: JobControl = {
    cancelled: () => Atomics.load(flag, 0) === 1,
    progress: throttled((update) => port.postMessage({ type: 'progress', update })),
  };
  let core: Core | null = null;
  try {
    core = openCore({ home, secrets: noKeys, attach: true });
    const value = await runJob(core, request, control);
    port.postMessage({ type: 'done', value });
  } catch (error) {
    port.postMessage({ type: 'error', error: serializeError(error) });
  } finally {
    core?.close();
  }
}

/**
 * On Linux each thread has its own nice value: this one's is raised, so on a machine with
 * few cores the thread that started it (the app's main, answering the window and polling)
 * gets the CPU first. Elsewhere the call would lower the whole process, so it is not made.
 */
function yieldCpu(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(0, Math.max(os.getPriority(0), 10));
  } catch {
    /* not allowed here: run at the normal priority */
  }
}

void main();
