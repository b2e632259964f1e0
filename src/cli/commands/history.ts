import { UsageError } from '../context.ts';
import { parseIntFlag } from '../args.ts';
import { defineCommand } from '../command.ts';
import { exportHistory } from '../../core/analytics/export.ts';
import { resolveAccount } from '../../core/analytics/context.ts';
import { queryHistory } from '../../core/analytics/history.ts';
import { isoFlag } from './time-flags.ts';
import { renderTable } from '../ui/table.ts';
import { amountText, localStamp } from '../ui/format.ts';
import { stateCell } from '../ui/looks.ts';
import { terminalText } from '../output.ts';

const DEFAULT_ROWS = 50;

/**
 * `history --account <id> [--from <ISO>] [--to <ISO>] [--format table|csv|json]`: one
 * account's readings, failed polls included, oldest first, from <= time < to. In a terminal
 * a table of the latest ones; CSV uses the export columns and JSON is a list of readings,
 * either of which imports back with `burnrate import`.
 */
export const historyCommand = defineCommand({
  name: 'history',
  summary: "one account's readings, as a table, CSV or JSON",
  description:
    'Every reading, failed polls included, oldest first, from --from up to (not including) --to. In a terminal it is a table of the latest ones; --format csv or json gives all of them in a form burnrate import reads back.',
  flags: {
    account: { type: 'string', value: '<id|label>', required: true, complete: 'account', help: 'whose readings' },
    from: { type: 'string', value: '<ISO time>', help: 'from this time on' },
    to: { type: 'string', value: '<ISO time>', help: 'before this time' },
    format: {
      type: 'string',
      value: '<table|csv|json>',
      choices: ['table', 'csv', 'json'],
      noun: 'format',
      help: 'how to print them',
      default: 'table in a terminal; needed otherwise',
    },
    limit: {
      type: 'string',
      value: '<n>',
      help: 'the table shows the latest n readings',
      default: String(DEFAULT_ROWS),
    },
  },
  examples: [
    { run: 'history --account main', does: 'the latest readings, as a table' },
    { run: 'history --account main --from 2026-03-01 --format csv > march.csv', does: 'as CSV, to a file' },
  ],
  run(ctx, { values }) {
    const from = isoFlag('from', values.from);
    const to = isoFlag('to', values.to);
    if (from !== undefined && to !== undefined && to <= from) throw new UsageError('--to must be after --from');
    const format = values.format ?? (ctx.term.tty ? 'table' : undefined);
    if (format === undefined)
      throw new UsageError('history needs --format csv|json when its output is not a terminal (or --format table)');
    const core = ctx.core();
    const account = resolveAccount(core, values.account, true);
    if (format === 'csv' || format === 'json') {
      exportHistory(
        core,
        { format, accountIds: [account.id], from, to, readingsOnly: true },
        // To a terminal, provider text must not drive it; to a file or a pipe, every byte stays.
        (chunk) => void ctx.io.stdout.write(ctx.term.tty ? terminalText(chunk) : chunk),
      );
      return 0;
    }
    const limit = parseIntFlag('limit', values.limit, 1) ?? DEFAULT_ROWS;
    const page = queryHistory(core, {
      accountId: account.id,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      limit: Math.min(limit, 10_000),
      order: 'desc',
    });
    const rows = [...page.rows].reverse();
    if (rows.length === 0) {
      ctx.print(`no readings for ${account.label}${from !== undefined || to !== undefined ? ' in that time' : ''}`);
      return 0;
    }
    ctx.show(
      renderTable(
        [
          { header: 'TIME' },
          { header: 'STATE' },
          { header: 'BALANCE', align: 'right' },
          { header: 'HTTP', align: 'right', keep: 20 },
          { header: 'MESSAGE', flex: true, keep: 30 },
        ],
        rows.map((r) => [
          localStamp(r.at),
          stateCell(r.state),
          amountText(r.balance),
          r.httpStatus === null ? '' : String(r.httpStatus),
          r.message ?? '',
        ]),
        ctx,
      ),
    );
    if (page.total > rows.length)
      ctx.print(`${rows.length} of ${page.total} readings; --limit <n> shows more, --format csv|json all of them`);
    return 0;
  },
});
