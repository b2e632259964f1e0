import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse } from '../args.ts';
import { exportHistoryBytes } from '../../core/analytics/export.ts';
import { checkExportTarget } from '../../core/safe-files.ts';
import { runCliJob } from '../jobs.ts';
import { formatFlag } from './time-flags.ts';

/**
 * `export --format csv|json [--out <file>]`: every account (never its key), pack, money
 * setting and reading. To a file it is written in a worker thread under an unpredictable
 * temporary name and renamed, so there is never a half-written export (Ctrl-C included);
 * a progress line shows on a terminal. `--out` must name a file, not a folder.
 */
export async function exportCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, { format: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } });
  const format = formatFlag('export', values.format);
  if (values.out === undefined) {
    exportHistoryBytes(ctx.core(), { format }, (chunk) => void ctx.io.stdout.write(chunk));
    return 0;
  }
  if (!values.out) throw new UsageError('--out needs a file name');
  checkExportTarget(values.out);
  const summary = await runCliJob(
    ctx,
    { kind: 'export', file: values.out, options: { format } },
    { json: values.json },
  );
  if (values.json) ctx.printJson({ file: values.out, format, ...summary });
  else
    ctx.print(
      `exported ${summary.readings} readings, ${summary.accounts} accounts and ${summary.packs} packs to ${values.out}`,
    );
  return 0;
}

/**
 * `import <file> [--json]`: a file from `export` or `history` (CSV or JSON; a regular file,
 * not a device or a pipe). The whole file is checked first; a bad one is refused naming the
 * line, and nothing from it is stored. It is then written in short transactions from a
 * worker thread, so a poll meanwhile is stored; Ctrl-C takes back what was written.
 * Readings already in history are skipped, so importing twice adds nothing.
 */
export async function importCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('import needs a file: burnrate import <file>');
  const report = await runCliJob(ctx, { kind: 'import', file }, { json: values.json });
  if (values.json) {
    ctx.printJson(report);
    return 0;
  }
  const created = report.accountsCreated.length
    ? `; created ${report.accountsCreated.length} account(s): ${report.accountsCreated.join(', ')}`
    : '';
  const pruned = report.beforeRetention ? `, ${report.beforeRetention} older than this home keeps readings` : '';
  ctx.print(
    `imported ${report.imported} readings (${report.duplicates} already there${pruned}), ${report.packsImported} packs${created}`,
  );
  return 0;
}
