import { parseIntFlag } from '../args.ts';
import { defineCommand } from '../command.ts';
import { resolveHome } from '../../core/paths.ts';
import { followLog, formatLogLine, lastLogLines } from '../../core/log/read.ts';

/**
 * `logs [--follow] [--lines <n>] [--json]`: the log the app, its workers and the CLI write in
 * the data folder (internal errors with their stacks, poller decisions, migrations, databases
 * moved aside), keys redacted. The last 200 lines by default, read for a person, or as the
 * JSON lines they are stored as; `--follow` keeps printing new lines until Ctrl-C.
 */
export const logsCommand = defineCommand({
  name: 'logs',
  summary: 'the log: errors with their stacks, poller decisions, migrations (keys redacted)',
  description:
    'What the app, its workers and the CLI wrote to the log in the data folder. Attach it to a bug report: keys are never written to it.',
  flags: {
    follow: { type: 'boolean', short: 'f', help: 'keep printing new lines until Ctrl-C' },
    lines: { type: 'string', short: 'n', value: '<n>', help: 'how many of the last lines to print', default: '200' },
    json: { type: 'boolean', help: 'print the JSON lines as they are stored' },
  },
  examples: [
    { run: 'logs', does: 'the last 200 lines, for a person' },
    { run: 'logs --follow', does: 'and keep printing until Ctrl-C' },
  ],
  engine: false,
  async run(ctx, { values }) {
    const count = parseIntFlag('lines', values.lines, 0) ?? 200;
    const home = resolveHome(ctx.io.env);
    const show = (line: string) => ctx.print(values.json ? line : formatLogLine(line));
    for (const line of lastLogLines(home, count)) show(line);
    if (!values.follow) return 0;
    const stop = new AbortController();
    const finish = () => stop.abort();
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    ctx.io.stdout.on('error', finish);
    try {
      await followLog(home, show, stop.signal);
    } finally {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      ctx.io.stdout.off('error', finish);
    }
    return 0;
  },
});
