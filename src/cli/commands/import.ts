import { defineCommand, JSON_FLAG } from '../command.ts';
import { runCliJob } from '../jobs.ts';

/**
 * `import <file> [--json]`: a file from `export` or `history` (CSV or JSON; a regular file,
 * not a device or a pipe). The whole file is checked first; a bad one is refused naming the
 * line, and nothing from it is stored. It is then written in short transactions from a
 * worker thread, so a poll meanwhile is stored; Ctrl-C takes back what was written.
 * Readings already in history are skipped, so importing twice adds nothing.
 */
export const importCommand = defineCommand({
  name: 'import',
  summary: 'a file from export or history; all or nothing, no duplicates',
  description:
    'CSV or JSON, told apart by the content. The whole file is checked first: a bad one is refused naming the line, and nothing from it is stored. It is written in a worker with a progress line on a terminal; Ctrl-C takes back what was written. Readings already there are skipped, so importing twice adds nothing.',
  args: [
    {
      name: 'file',
      noun: 'a file',
      help: 'a file written by burnrate export or history',
      required: true,
      complete: 'file',
    },
  ],
  flags: { json: JSON_FLAG },
  examples: [
    { run: 'import burnrate.csv', does: 'bring an export in' },
    { run: 'import history.json --json', does: 'and print what was added, for scripts' },
  ],
  async run(ctx, { values, positionals }) {
    const file = positionals[0]!;
    // The job reads it the one way files are read (core's safe-files): a folder, a device or
    // a pipe is refused there, with the same words the window uses.
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
  },
});
