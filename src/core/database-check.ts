import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Core } from './core.ts';
import { CHECK_AT_OPEN_MAX_BYTES, DATABASE_FILE } from './store/database.ts';
import type { DatabaseCheck } from './store/database.ts';
import type { JobHandle, JobRunner } from './jobs/runner.ts';
import { JobCancelled } from './jobs/control.ts';
import { log } from './log/log.ts';

/** When the last full check passed (unix ms), in settings. */
const CHECKED_SETTING = 'app.databaseCheckedAt';

/**
 * A file that passed its full check is checked again after this long, not at every start: the
 * check reads all of it (half a gigabyte for a year of minute polls). Damage meanwhile also
 * shows as errors of the reads that meet it.
 */
export const FULL_CHECK_EVERY_MS = 7 * 86_400_000;

/** A full check passed at `at`: the next one is due FULL_CHECK_EVERY_MS later. */
export function recordPassedCheck(core: Core, at: number): void {
  core.repos.settings.set(CHECKED_SETTING, at);
}

export interface DatabaseCheckDeps {
  /** A runner whose jobs run in a worker thread, on a connection of their own. */
  runner: Pick<JobRunner, 'start'>;
  /** Damage was found (one line, SQLite's first finding): tell the person. */
  onDamage(problem: string): void;
  /** See CHECK_AT_OPEN_MAX_BYTES (tests set it lower). */
  checkAtOpenMaxBytes?: number;
}

/**
 * The full check of a database too large to check at every open (CHECK_AT_OPEN_MAX_BYTES),
 * started after start by whoever keeps running (the app; `watch` and `serve`), in a worker
 * thread: the caller goes on answering and polling while SQLite reads every page. A problem
 * is logged and kept beside the file (the next start, of the app or the CLI, checks it in
 * full and moves it aside, as for a file found damaged at open), and `onDamage` tells the
 * person. Returns the job (cancelling it stops the worker at once), or null when the open
 * already checked the whole file or a full check passed within FULL_CHECK_EVERY_MS.
 */
export function checkDatabaseAfterStart(core: Core, deps: DatabaseCheckDeps): JobHandle<DatabaseCheck> | null {
  let bytes: number;
  try {
    bytes = fs.statSync(path.join(core.home, DATABASE_FILE)).size;
  } catch {
    return null; // no file to check
  }
  if (bytes <= (deps.checkAtOpenMaxBytes ?? CHECK_AT_OPEN_MAX_BYTES)) return null;
  const started = core.now();
  const passed = core.repos.settings.get(CHECKED_SETTING, z.number().int().nullable(), null);
  if (passed !== null && passed <= started && started - passed < FULL_CHECK_EVERY_MS) return null;
  const job = deps.runner.start(core, { kind: 'check-database' });
  job.result.then(
    (check) => {
      const fields = { bytes: check.bytes, ms: core.now() - started };
      if (!check.problem) {
        recordPassedCheck(core, started);
        log.info('checked the database in full', fields);
        return;
      }
      log.error('the database failed its full check: the next start moves it aside', {
        ...fields,
        problem: check.problem,
      });
      deps.onDamage(check.problem);
    },
    (error: unknown) => {
      if (error instanceof JobCancelled) return;
      log.error('the full check of the database could not run', { err: error });
    },
  );
  return job;
}
