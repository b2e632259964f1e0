import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Core } from '../core.ts';
import { CHECK_AT_OPEN_MAX_BYTES, DATABASE_FILE } from '../store/database.ts';
import type { DatabaseCheck } from '../store/database.ts';
import type { JobHandle, JobRunner } from '../jobs/runner.ts';
import { JobCancelled } from '../jobs/control.ts';
import { log } from '../log/log.ts';
import { translator } from '../../shared/i18n.ts';
import { readLocale } from '../window/settings.ts';
import type { NotificationLike, NotificationOptions } from './notifier.ts';

/** When the last full check passed (unix ms), in settings. */
const CHECKED_SETTING = 'app.databaseCheckedAt';

/**
 * A file that passed its full check is checked again after this long, not at every start: the
 * check reads all of it (half a gigabyte for a year of minute polls). Damage meanwhile also
 * shows as errors of the reads that meet it.
 */
export const FULL_CHECK_EVERY_MS = 7 * 86_400_000;

export interface DatabaseCheckDeps {
  /** The app's runner: the check runs in a worker thread, on a connection of its own. */
  runner: Pick<JobRunner, 'start'>;
  notifications: { isSupported(): boolean; create(options: NotificationOptions): NotificationLike };
  /** The system's locale (the language setting wins, as for the tray). */
  locale?: string;
  /** See CHECK_AT_OPEN_MAX_BYTES (tests set it lower). */
  checkAtOpenMaxBytes?: number;
}

/**
 * The full check of a database too large to check at every open (CHECK_AT_OPEN_MAX_BYTES),
 * started by the app after start, in a worker thread: main goes on answering the window and
 * polling while SQLite reads every page. A problem is logged and kept beside the file (the
 * next start, of the app or the CLI, checks it in full and moves it aside, as for a file found
 * damaged at open), and a notification tells the person to restart. Returns the job, or null
 * when the open already checked the whole file or a full check passed within
 * FULL_CHECK_EVERY_MS.
 */
export function checkDatabaseAfterStart(core: Core, deps: DatabaseCheckDeps): JobHandle<DatabaseCheck> | null {
  let bytes: number;
  try {
    bytes = fs.statSync(path.join(core.home, DATABASE_FILE)).size;
  } catch {
    return null; // no file to check (an in-memory test core)
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
        core.repos.settings.set(CHECKED_SETTING, started);
        return log.info('checked the database in full', fields);
      }
      log.error('the database failed its full check: the next start moves it aside', {
        ...fields,
        problem: check.problem,
      });
      if (!deps.notifications.isSupported()) return;
      const t = translator(readLocale(core, deps.locale));
      deps.notifications
        .create({
          title: t('notice.databaseDamaged.title'),
          body: t('notice.databaseDamaged.body'),
          urgency: 'critical',
        })
        .show();
    },
    (error: unknown) => {
      if (error instanceof JobCancelled) return;
      log.error('the full check of the database could not run', { err: error });
    },
  );
  return job;
}
