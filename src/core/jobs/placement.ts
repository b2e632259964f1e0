import fs from 'node:fs';
import type { Core } from '../core.ts';
import { DAY_MS, floorTo } from '../store/segments.ts';
import type { JobRequest } from './jobs.ts';
import { inProcessJobRunner } from './runner.ts';
import type { JobRunner } from './runner.ts';

/**
 * Which jobs are too small to be worth a thread: starting a worker costs its module loading
 * (a few hundred milliseconds), while exporting a filtered view of a few thousand readings
 * or importing a small file takes a few milliseconds here. Estimates err on the large side.
 */
const INLINE_ROWS = 20_000;
const INLINE_IMPORT_BYTES = 1024 * 1024;

export function runsInline(core: Core, request: JobRequest): boolean {
  if (request.kind === 'import') {
    try {
      const stat = fs.statSync(request.file);
      // Only a regular file's size means anything (a device says 0): anything else goes to
      // the worker, where reading it is refused.
      return stat.isFile() && stat.size <= INLINE_IMPORT_BYTES;
    } catch {
      return false;
    }
  }
  if (request.kind !== 'export') return false;
  const { options } = request;
  const accounts = options.accountIds
    ? options.accountIds.map((ref) => core.repos.accounts.findByIdOrLabel(ref) ?? core.repos.accounts.get(ref))
    : core.repos.accounts.listAll();
  const from = floorTo(options.from ?? 0, DAY_MS);
  const to = options.to === undefined ? Number.MAX_SAFE_INTEGER : floorTo(options.to, DAY_MS) + DAY_MS;
  let rows = 0;
  for (const account of accounts) {
    if (!account) return false;
    // Whole days from the rollups (kept with every insert), so this never walks readings.
    rows += core.repos.readings.rollups.count('rollup_day', account.pk, from, to).n;
    if (rows > INLINE_ROWS) return false;
  }
  return true;
}

/**
 * Jobs go to the given runner (worker threads), except those small enough to finish here in
 * a few milliseconds: a thread is not worth starting for them.
 */
export function placedJobRunner(threads: JobRunner): JobRunner {
  const here = inProcessJobRunner();
  return {
    start: (core, request, onProgress) => (runsInline(core, request) ? here : threads).start(core, request, onProgress),
    cancel: (id) => here.cancel(id) || threads.cancel(id),
    running: () => [...here.running(), ...threads.running()],
    async close() {
      await Promise.all([here.close(), threads.close()]);
    },
  };
}
