import { UsageError } from '../context.ts';
import { ACCOUNT_ARG, defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import { resolveAccount } from '../../core/manual.ts';
import { checkTask } from '../../core/task-reconcile.ts';
import type { TaskCheck, TaskMovement } from '../../core/task-reconcile.ts';
import { isTaskId } from '../../core/providers/gptimage2.ts';

const check = defineCommand({
  name: 'check',
  summary: "look a task's charge up; --apply books it against the balance once",
  description:
    'For GPT Image 2 API accounts, whose balance is kept by hand: credits are debited when a task is submitted and refunded later if it fails. A balance recorded by hand already holds what happened before it; check says which applies, and --apply books the rest once, however often it is run.',
  args: [ACCOUNT_ARG, { name: 'task-id', noun: 'a task id', help: 'the task id the provider gave', required: true }],
  flags: {
    apply: { type: 'boolean', help: 'book what the task changes against the hand-kept balance' },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'tasks check images tsk_8f2c', does: 'what the task cost and how it would be booked' },
    { run: 'tasks check images tsk_8f2c --apply', does: 'book it (once)' },
  ],
  async run(ctx, { values, positionals }) {
    const [who, taskId] = positionals as [string, string];
    if (!isTaskId(taskId))
      throw new UsageError(`not a task id: ${JSON.stringify(taskId.slice(0, 60))} (letters, digits, "_" and "-")`);
    const core = ctx.core();
    const account = resolveAccount(core, who);
    const result = await checkTask(core, account, taskId, { apply: values.apply ?? false });
    if (values.json) ctx.printJson(result);
    else ctx.print(describe(result, values.apply ?? false));
    return 0;
  },
});

export const tasksCommand = defineGroup({
  name: 'tasks',
  summary: "look up a task's charge and book it once",
  commands: [check],
  examples: [{ run: 'tasks check images tsk_8f2c --apply', does: "book a task's charge against the balance" }],
});

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
