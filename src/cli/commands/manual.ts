import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse, runSubcommand } from '../args.ts';
import { recordManualBalance, resolveAccount } from '../../core/manual.ts';
import { checkTask } from '../../core/task-reconcile.ts';
import type { TaskCheck, TaskMovement } from '../../core/task-reconcile.ts';
import { toReading } from '../../core/store/readings-repo.ts';
import { isTaskId } from '../../core/providers/gptimage2.ts';
import { parseIsoTime } from '../../core/analytics/time.ts';

/** Hand-entered balances may be back-dated, but not recorded ahead of the clock. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** `balance set …` */
export function balanceCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('balance', ctx, argv, { set: setBalance });
}

/** `balance set <account id or label> <amount> [--at <ISO>] [--json]` */
function setBalance(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { at: { type: 'string' }, json: { type: 'boolean' } }, 2);
  const [who, amount] = positionals;
  if (who === undefined || amount === undefined)
    throw new UsageError('usage: balance set <account id or label> <amount> [--at <ISO>] [--json]');
  if (!/^\d+(\.\d+)?$/.test(amount))
    throw new UsageError(
      `the amount must be a plain number such as 120 or 35.5, got ${JSON.stringify(amount.slice(0, 40))}`,
    );
  const core = ctx.core();
  const at = values.at === undefined ? core.now() : parseAt(values.at, core.now());
  const account = resolveAccount(core, who);
  const record = recordManualBalance(core, account, amount, at);
  const reading = toReading(record, account.id);
  if (values.json) ctx.printJson({ ...reading, label: account.label, provider: account.provider });
  else ctx.print(`recorded ${reading.balance?.amount} ${reading.balance?.unit} for ${account.label} at ${reading.at}`);
  return 0;
}

function parseAt(text: string, now: number): number {
  // A full ISO 8601 time with a zone, or a bare date (UTC midnight, as Date.parse reads it).
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(text)) {
    throw new UsageError(
      `--at expects an ISO 8601 time such as 2026-11-21T10:00:00Z, got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  // The shape alone lets 2026-02-30 through (Date.parse reads it as March 2): the calendar decides.
  const at = parseIsoTime(text);
  if (at === null) throw new UsageError(`--at is not a real date: ${JSON.stringify(text)}`);
  if (at > now + FUTURE_SLACK_MS) throw new UsageError('--at is in the future');
  return at;
}

/** `tasks check …` */
export function tasksCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('tasks', ctx, argv, { check: checkTaskCommand });
}

/** `tasks check <account id or label> <taskId> [--apply] [--json]` */
async function checkTaskCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { apply: { type: 'boolean' }, json: { type: 'boolean' } }, 2);
  const [who, taskId] = positionals;
  if (who === undefined || taskId === undefined)
    throw new UsageError('usage: tasks check <account id or label> <taskId> [--apply] [--json]');
  if (!isTaskId(taskId))
    throw new UsageError(`not a task id: ${JSON.stringify(taskId.slice(0, 60))} (letters, digits, "_" and "-")`);
  const core = ctx.core();
  const account = resolveAccount(core, who);
  const result = await checkTask(core, account, taskId, { apply: values.apply ?? false });
  if (values.json) ctx.printJson(result);
  else ctx.print(describe(result, values.apply ?? false));
  return 0;
}

function describe(r: TaskCheck, apply: boolean): string {
  const lines = [
    `task ${r.taskId}: ${r.status}${r.model ? ` (${r.model})` : ''}`,
    `  submitted ${r.createdAt}, last changed ${r.updatedAt}`,
    `  credits used ${r.creditsUsed}, refunded ${r.creditsRefunded}, net charge ${r.netCharge} ${r.unit}`,
  ];
  if (r.handBalance)
    lines.push(`  balance recorded by hand: ${r.handBalance.amount} ${r.handBalance.unit} at ${r.handBalance.at}`);
  if (r.debit) lines.push(`  debit of ${r.debit.amount} ${r.unit} at ${r.debit.at}: ${BOOKING[r.debit.booking]}`);
  if (r.refund) lines.push(`  refund of ${r.refund.amount} ${r.unit} at ${r.refund.at}: ${BOOKING[r.refund.booking]}`);
  if (r.alreadyApplied !== null) lines.push(`  already applied: ${r.alreadyApplied} ${r.unit}`);
  if (r.errorMessage) lines.push(`  provider says: ${r.errorMessage}`);
  const delta = Number(r.delta);
  if (r.applied && r.balance)
    lines.push(
      `  applied: ${delta > 0 ? `-${r.delta}` : `+${r.delta.replace(/^-/, '')}`} ${r.unit}; balance now ${r.balance.amount} ${r.balance.unit}`,
    );
  else if (r.applied) lines.push('  remembered; nothing to book');
  else if (delta === 0) lines.push(r.alreadyApplied === null ? '  nothing to book' : '  nothing new to book');
  else
    lines.push(
      `  ${apply ? '' : 'with --apply: '}${delta > 0 ? `would deduct ${r.delta}` : `would credit ${r.delta.replace(/^-/, '')}`} ${r.unit}`,
    );
  return lines.join('\n');
}

const BOOKING: Record<TaskMovement['booking'], string> = {
  in_balance: 'before the balance recorded by hand, so already in it (not booked)',
  deducted: 'after the balance recorded by hand; deducted once',
  to_deduct: 'after the balance recorded by hand; not deducted yet',
  credited: 'after the balance recorded by hand; credited once',
  to_credit: 'after the balance recorded by hand; not credited yet',
};
