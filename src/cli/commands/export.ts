import { UsageError } from '../context.ts';
import { defineCommand } from '../command.ts';
import { exportHistoryBytes } from '../../core/analytics/export.ts';
import { checkExportTarget } from '../../core/safe-files.ts';
import { runCliJob } from '../jobs.ts';

/**
 * `export --format csv|json [--out <file>]`: every account (never its key), pack, money
 * setting and reading. To a file it is written in a worker thread under an unpredictable
 * temporary name and renamed, so there is never a half-written export (Ctrl-C included);
 * a progress line shows on a terminal. `--out` must name a file, not a folder.
 */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'every account (no keys), pack, setting and reading, as CSV or JSON',
  description:
    'Import it into another home (burnrate import) to get the same history, status and alerts. Written to a file (in a worker, with a progress line on a terminal), it appears whole or not at all, Ctrl-C included.',
  flags: {
    format: {
      type: 'string',
      value: '<csv|json>',
      choices: ['csv', 'json'],
      required: true,
      noun: 'format',
      help: 'the file format',
    },
    out: { type: 'string', value: '<file>', complete: 'file', help: 'write to this file', default: 'stdout' },
    json: { type: 'boolean', help: 'with --out: print a JSON summary of what was written' },
  },
  examples: [
    { run: 'export --format csv --out burnrate.csv', does: 'everything, as CSV, to a file' },
    { run: 'export --format json > backup.json', does: 'as JSON, to stdout' },
  ],
  async run(ctx, { values }) {
    const format = values.format as 'csv' | 'json';
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
  },
});
