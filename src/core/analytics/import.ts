import type { Core } from '../core.ts';
import { readRegularFile } from '../safe-files.ts';
import { JobCancelled, noControl } from '../jobs/control.ts';
import type { JobControl } from '../jobs/control.ts';
import { applyImport, recoverImports } from './import-apply.ts';
import type { ImportReport } from '../../shared/history.ts';
import { Plan } from './import-plan.ts';
import { planCsv } from './import-csv.ts';
import { planJson } from './import-json.ts';

export type { ImportReport } from '../../shared/history.ts';

export { ImportError } from './import-error.ts';
export type { ImportProblem } from './import-error.ts';

/** Biggest file read in one go: a JavaScript string cannot hold much more. */
export const MAX_IMPORT_BYTES = 480 * 1024 * 1024;

/**
 * Import a file: read it whole (a regular file only, in chunks, up to MAX_IMPORT_BYTES; a
 * device or a FIFO is refused without reading or waiting on it), then as importHistory.
 */
export function importHistoryFile(core: Core, file: string, control: JobControl = noControl): ImportReport {
  const bytes = readRegularFile(
    file,
    MAX_IMPORT_BYTES,
    (read, size) => control.progress({ phase: 'reading', done: read, total: size }),
    () => control.cancelled(),
  );
  if (control.cancelled()) throw new JobCancelled();
  return importHistory(core, bytes.toString('utf8'), control);
}

/**
 * Import a history file (CSV or JSON, told apart by its first character). The whole file is
 * checked first; any problem rejects it with the line (CSV) or path (JSON) and nothing is
 * stored. Then it is written in short transactions (import-apply.ts): accounts it needs
 * (never keys), packs, settings this home has not set, and readings with the rollup days
 * they touch. Readings the home already has are skipped, so importing twice adds nothing. A
 * cancel or a failure while writing takes back everything written; so does the next open
 * after a crash.
 */
export function importHistory(core: Core, text: string, control: JobControl = noControl): ImportReport {
  // An import cut short by a crash is taken back before anything new is planned against it.
  recoverImports(core);
  const plan = new Plan(core, control);
  const head = text.trimStart()[0];
  const format = head === '{' || head === '[' ? 'json' : 'csv';
  if (format === 'json') planJson(plan, text);
  else planCsv(plan, text);
  plan.resolveReadings();
  plan.throwIfProblems();
  if (control.cancelled()) throw new JobCancelled();
  const report = applyImport(core, plan.toWrite(), format, control);
  restoreAlerts(core, plan.accountPks());
  return report;
}

/**
 * Which alerts are on lives in the alerts engine's episodes, not in the readings: evaluate
 * the accounts the file brought history or packs to, as the source did right after storing
 * their newest reading (as of that reading, never later than now), so their status shows
 * the alerts the history ends with (a zero balance, a rejected key, a cap reached). Silenced
 * as `imported`: restored state, not news, so no notification is shown for it. Rules that
 * fire with time alone (stale data, expiries) are the minute check's, at the real time.
 * An episode that depends on the path taken (on, and not yet off by its margin) may differ
 * from the source's; see docs/design.md.
 */
function restoreAlerts(core: Core, accountPks: Iterable<number>): void {
  for (const pk of accountPks) {
    const account = core.repos.accounts.getByPk(pk);
    if (!account || account.removedAt) continue; // a removed account raises no alerts
    const newest = core.repos.readings.latest(pk)?.ts;
    try {
      core.alerts.evaluate(account.id, { silence: 'imported', at: Math.min(newest ?? core.now(), core.now()) });
    } catch {
      // The import itself is stored; the next poll or minute check evaluates this account again.
    }
  }
}
