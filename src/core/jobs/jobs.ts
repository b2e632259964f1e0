import path from 'node:path';
import type { Core } from '../core.ts';
import { checkDatabaseFile, DATABASE_FILE } from '../store/database.ts';
import type { DatabaseCheck } from '../store/database.ts';
import type { HistoryPage, ImportReport } from '../../shared/history.ts';
import type { ExportOptions, ExportSummary } from '../analytics/export.ts';
import { exportHistoryToFile } from '../analytics/export.ts';
import { importHistoryFile } from '../analytics/import.ts';
import { recoverImports } from '../analytics/import-apply.ts';
import { queryHistory } from '../analytics/history.ts';
import type { HistoryQuery } from '../analytics/history.ts';
import { pruneHistory } from '../retention.ts';
import type { PruneReport } from '../retention.ts';
import { JobCancelled } from './control.ts';
import type { JobControl } from './control.ts';

/**
 * The operations that can take long enough to freeze whoever runs them, as requests that
 * can cross to a worker thread (plain data) and the one function that carries them out on
 * a core. The app runs them in a worker with its own connection; the CLI and tests may run
 * them in-process through the same function.
 */
export type JobRequest =
  | { kind: 'export'; file: string; options: ExportOptions }
  | { kind: 'import'; file: string }
  | { kind: 'prune'; now?: number; days?: number }
  | { kind: 'rollups' }
  | { kind: 'recover-imports' }
  | { kind: 'history'; query: HistoryQuery }
  | { kind: 'check-database' };

export interface JobResults {
  export: ExportSummary;
  import: ImportReport;
  prune: PruneReport;
  rollups: { rebuilt: number };
  'recover-imports': { recovered: number };
  history: HistoryPage;
  'check-database': DatabaseCheck;
}

export type JobResultOf<R extends JobRequest> = JobResults[R['kind']];

export async function runJob(core: Core, request: JobRequest, control: JobControl): Promise<unknown> {
  switch (request.kind) {
    case 'export':
      return exportHistoryToFile(core, request.options, request.file, control);
    case 'import':
      return importHistoryFile(core, request.file, control);
    case 'prune': {
      const report = await pruneHistory(core, {
        ...(request.now !== undefined ? { now: request.now } : {}),
        ...(request.days !== undefined ? { days: request.days } : {}),
        stopped: () => control.cancelled(),
        progress: (done, total) => control.progress({ phase: 'pruning', done, total }),
      });
      return report;
    }
    case 'rollups': {
      const rollups = core.repos.readings.rollups;
      const rebuilt = rollups.ensureFresh(() => control.cancelled());
      if (control.cancelled()) throw new JobCancelled();
      return { rebuilt };
    }
    case 'recover-imports':
      return { recovered: recoverImports(core, { control }) };
    case 'history':
      return queryHistory(core, request.query);
    case 'check-database':
      return checkDatabaseFile(path.join(core.home, DATABASE_FILE), () => new Date(core.now()));
  }
}
