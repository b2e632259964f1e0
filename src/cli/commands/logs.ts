import type { CliContext } from '../context.ts';
import { parse, parseIntFlag } from '../args.ts';
import { resolveHome } from '../../core/paths.ts';
import { followLog, formatLogLine, lastLogLines } from '../../core/log/read.ts';

/**
 * `logs [--follow] [--lines <n>] [--json]`: the log the app, its workers and the CLI write in
 * the data folder (internal errors with their stacks, poller decisions, migrations, databases
 * moved aside), keys redacted. The last 200 lines by default, read for a person, or as the
 * JSON lines they are stored as; `--follow` keeps printing new lines until Ctrl-C.
 */
export async function logsCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    follow: { type: 'boolean', short: 'f' },
    lines: { type: 'string', short: 'n' },
    json: { type: 'boolean' },
  });
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
}
