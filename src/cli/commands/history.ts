import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse } from '../args.ts';
import { exportHistory } from '../../core/analytics/export.ts';
import { resolveAccount } from '../../core/analytics/context.ts';
import { formatFlag, isoFlag } from './time-flags.ts';
import { isTerminal, terminalText } from '../output.ts';

/**
 * `history --account <id> [--from <ISO>] [--to <ISO>] --format csv|json`: one account's
 * readings, failed polls included, oldest first, from <= time < to. CSV uses the export
 * columns; JSON is a list of readings. Either imports back with `burnrate import`.
 */
export function historyCommand(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, {
    account: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
  });
  if (!values.account) throw new UsageError('history needs --account <id>');
  const format = formatFlag('history', values.format);
  const from = isoFlag('from', values.from);
  const to = isoFlag('to', values.to);
  if (from !== undefined && to !== undefined && to <= from) throw new UsageError('--to must be after --from');
  const core = ctx.core();
  const account = resolveAccount(core, values.account, true);
  const terminal = isTerminal(ctx.io.stdout);
  exportHistory(
    core,
    { format, accountIds: [account.id], from, to, readingsOnly: true },
    // To a terminal, provider text must not drive it; to a file or a pipe, every byte stays.
    (chunk) => void ctx.io.stdout.write(terminal ? terminalText(chunk) : chunk),
  );
  return 0;
}
