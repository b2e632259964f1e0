/**
 * `series:*`, `history:range`, `export:run`, `import:run`, `jobs:cancel`. Export, import and
 * deep history pages run as jobs (src/core/jobs), off this thread when they are big.
 */
import type { historyChannels } from '../../../shared/ipc/history.ts';
import type { JobProgress } from '../../../shared/jobs.ts';
import { UserError } from '../../errors.ts';
import { balanceSeries, dailySpendSeries } from '../../analytics/series.ts';
import { queryHistory } from '../../analytics/history.ts';
import { ImportError } from '../../analytics/import.ts';
import type { ImportReport } from '../../analytics/import.ts';
import { JobCancelled } from '../../jobs/control.ts';
import { stateSegments } from '../../window/states.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';
import { requireId, requireKnownId } from '../context.ts';

/** History pages deeper than this many rows per account are read in a worker (each account walks offset + limit rows). */
const DEEP_HISTORY_ROWS = 5000;

export function historyHandlers(h: HandlerContext): HandlerGroup<keyof typeof historyChannels> {
  const { ctx, jobs } = h;
  const progress = (p: JobProgress) => h.emit('jobs:progress', p);
  return {
    'series:balance': ({ accountId, from, to, maxPoints }) =>
      balanceSeries(h.session().core, requireId(h.session(), accountId), { from, to, maxPoints }),
    'series:dailySpend': ({ accountId, from, to }) =>
      dailySpendSeries(h.session().core, requireId(h.session(), accountId), { from, to }),
    'series:states': ({ accountId, from, to }) => {
      const { core } = h.session();
      return stateSegments(core, core.accounts.require(accountId).pk, from, to);
    },
    'history:range': ({ accountIds, ...query }) => {
      const s = h.session();
      const request = {
        ...query,
        ...(accountIds ? { accountIds: accountIds.map((id) => requireKnownId(s, id)) } : {}),
      };
      if ((query.offset ?? 0) + query.limit <= DEEP_HISTORY_ROWS) return queryHistory(s.core, request);
      return jobs.start(s.core, { kind: 'history', query: request }).result;
    },
    'export:run': async ({ format, ...filter }) => {
      const s = h.session();
      if (!ctx.dialogs)
        throw new UserError('unsupported', 'exporting needs a file dialog, which this window does not have');
      const file = await ctx.dialogs.chooseExportPath(
        `burnrate-${s.demo ? 'demo-' : ''}history-${new Date(s.core.now()).toISOString().slice(0, 10)}.${format}`,
      );
      if (file === null) return { status: 'cancelled' as const };
      try {
        const job = jobs.start(s.core, { kind: 'export', file, options: { format, ...filter } }, progress);
        const summary = await job.result;
        return { status: 'written' as const, path: file, rows: summary.readings };
      } catch (error) {
        if (error instanceof JobCancelled) return { status: 'cancelled' as const };
        throw error;
      }
    },
    'import:run': async () => {
      const s = h.session();
      if (!ctx.dialogs)
        throw new UserError('unsupported', 'importing needs a file dialog, which this window does not have');
      const file = await ctx.dialogs.chooseImportPath();
      if (file === null) return { status: 'cancelled' as const };
      let report: ImportReport;
      try {
        report = await jobs.start(s.core, { kind: 'import', file }, progress).result;
      } catch (error) {
        if (error instanceof JobCancelled) return { status: 'cancelled' as const };
        if (!(error instanceof UserError)) throw error;
        const problems =
          error instanceof ImportError ? error.problems.map((p) => ({ where: p.where, message: p.message })) : [];
        return { status: 'rejected' as const, rejection: { file, message: error.message, problems } };
      }
      s.poller?.reload();
      h.emit('accounts:changed', null);
      return { status: 'imported' as const, report: { file, ...report } };
    },
    'jobs:cancel': ({ id }) => ({ cancelled: jobs.cancel(id) }),
  };
}
