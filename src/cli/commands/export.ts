import { UsageError } from '../context.ts';
import { defineCommand } from '../command.ts';
import { exportHistory, exportHistoryToFile } from '../../core/analytics/export.ts';
import { checkWritable } from '../files.ts';

/**
 * `export --format csv|json [--out <file>]`: every account (never its key), pack, money
 * setting and reading. To a file it is written under a temporary name and renamed, so
 * there is never a half-written export.
 */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'every account (no keys), pack, setting and reading, as CSV or JSON',
  description:
    'Import it into another home (burnrate import) to get the same history, status and alerts. Written to a file, it appears whole or not at all.',
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
  run(ctx, { values }) {
    const format = values.format as 'csv' | 'json';
    const core = ctx.core();
    if (values.out === undefined) {
      exportHistory(core, { format }, (chunk) => void ctx.io.stdout.write(chunk));
      return 0;
    }
    if (!values.out) throw new UsageError('--out needs a file name');
    checkWritable(values.out);
    const summary = exportHistoryToFile(core, { format }, values.out);
    if (values.json) ctx.printJson({ file: values.out, format, ...summary });
    else
      ctx.print(
        `exported ${summary.readings} readings, ${summary.accounts} accounts and ${summary.packs} packs to ${values.out}`,
      );
    return 0;
  },
});
