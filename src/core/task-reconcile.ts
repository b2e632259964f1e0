import { z } from 'zod';
import { fromMicros, toMicros } from '../shared/decimal.ts';
import { decimalStringSchema } from '../shared/domain.ts';
import type { Amount } from '../shared/domain.ts';
import type { Unit } from '../shared/units.ts';
import type { Core } from './core.ts';
import { UserError } from './errors.ts';
import { providerOf } from './manual.ts';
import { outcome } from './providers/adapter.ts';
import { fetchTask, isTaskId } from './providers/gptimage2.ts';
import type { TaskLookup, TaskRequest, TaskStatusName } from './providers/gptimage2.ts';
import type { StoredAccount } from './store/accounts-repo.ts';

/**
 * Reconcile a hand-kept balance with what individual tasks really cost. Applying a task
 * deducts its net charge (credits used − credits refunded) from the latest balance as a new
 * reading. Which tasks were applied, and for how much, is remembered per account in the
 * settings table, so checking a task again never counts it twice, and a refund that arrives
 * after the task was applied (a failed task is refunded "shortly") is credited exactly once:
 * only the difference from what was already applied is ever booked.
 */

/** Providers whose tasks can be looked up by id. */
const TASK_LOOKUPS: Record<string, (req: TaskRequest, taskId: string) => Promise<TaskLookup>> = {
  gptimage2: fetchTask,
};

const ledgerSchema = z.object({
  applied: z.record(
    z.string(),
    z.object({
      /** The net charge booked so far for this task (decimal string, provider unit). */
      net: decimalStringSchema,
      status: z.number().int(),
      at: z.string(),
    }),
  ),
});
type Ledger = z.infer<typeof ledgerSchema>;

export function ledgerKey(accountId: string): string {
  return `tasks.applied.${accountId}`;
}

export interface TaskCheck {
  accountId: string;
  taskId: string;
  status: TaskStatusName;
  statusCode: number;
  type: string | null;
  model: string | null;
  unit: Unit;
  creditsUsed: string;
  creditsRefunded: string;
  /** What the task costs now: creditsUsed − creditsRefunded. */
  netCharge: string;
  /** Net charge booked by earlier applies; null when the task was never applied. */
  alreadyApplied: string | null;
  /** What applying now changes: positive = deducted from the balance, negative = credited. */
  delta: string;
  /** Whether this call booked anything. */
  applied: boolean;
  /** The balance after applying (null when nothing was booked). */
  balance: Amount | null;
  at: string | null;
  errorMessage: string | null;
}

export async function checkTask(
  core: Core,
  account: StoredAccount,
  taskId: string,
  options: { apply: boolean },
): Promise<TaskCheck> {
  const def = providerOf(account);
  const lookup = TASK_LOOKUPS[def.id];
  if (!lookup) throw new UserError('unsupported', `${def.name} has no task lookup`);
  if (!isTaskId(taskId)) throw new UserError('validation', `not a task id: ${JSON.stringify(taskId.slice(0, 60))}`);
  const key = account.keyUpdatedAt ? await core.accounts.key(account.id) : null;
  if (!key)
    throw new UserError(
      'validation',
      `task lookups need ${account.label}'s API key; add the account again with --key-stdin`,
    );
  const baseUrl = account.baseUrl ?? def.defaultBaseUrl;
  if (!baseUrl) throw new UserError('validation', `${account.label} has no base URL`);

  const found = await lookup({ baseUrl, key, http: core.http, now: core.now }, taskId);
  if (!found.ok) {
    if (found.notFound)
      throw new UserError('not_found', `${def.name} has no task ${taskId} for this key (${found.message})`);
    throw new UserError('validation', `could not look up task ${taskId}: ${found.state}: ${found.message}`);
  }
  const task = found.task;
  const unit = def.unit;

  // Reading the ledger and the balance, booking, and remembering happen in one immediate
  // transaction, so two processes applying the same task cannot both book it.
  const book = core.db.transaction((): TaskCheck => {
    const ledger = core.repos.settings.get<Ledger>(ledgerKey(account.id), ledgerSchema, { applied: {} });
    const previous = Object.hasOwn(ledger.applied, taskId) ? ledger.applied[taskId]! : null;
    const previousNet = previous ? toMicros(previous.net) : null;
    const delta = task.netMicros - (previousNet ?? 0);
    const report: TaskCheck = {
      accountId: account.id,
      taskId,
      status: task.statusName,
      statusCode: task.status,
      type: task.type,
      model: task.model,
      unit,
      creditsUsed: fromMicros(task.usedMicros),
      creditsRefunded: fromMicros(task.refundedMicros),
      netCharge: fromMicros(task.netMicros),
      alreadyApplied: previousNet === null ? null : fromMicros(previousNet),
      delta: fromMicros(delta),
      applied: false,
      balance: null,
      at: null,
      errorMessage: task.errorMessage,
    };
    if (!options.apply || (previous !== null && delta === 0)) return report;

    const now = core.now();
    const remember = (at: number) => {
      ledger.applied[taskId] = { net: fromMicros(task.netMicros), status: task.status, at: new Date(at).toISOString() };
      core.repos.settings.set(ledgerKey(account.id), ledger);
    };
    if (delta === 0) {
      // First seen already refunded (or free): nothing to book, but remember it so a later
      // check does not treat it as new.
      remember(now);
      return { ...report, applied: true };
    }
    const last = core.repos.readings.latestWithBalance(account.pk);
    if (!last || last.balance === null) {
      throw new UserError(
        'validation',
        `record ${account.label}'s balance first: burnrate balance set ${account.id} <amount>`,
      );
    }
    if (last.unit !== unit)
      throw new UserError('validation', `${account.label}'s latest balance is in ${last.unit}, not ${unit}`);
    const latest = core.repos.readings.latest(account.pk);
    const at = Math.max(now, (latest?.ts ?? 0) + 1);
    const balance = last.balance - delta;
    const what = delta > 0 ? `charged ${fromMicros(delta)} ${unit}` : `refunded ${fromMicros(-delta)} ${unit}`;
    const record = core.recordReading(
      account,
      outcome({
        state: 'ok',
        balance: { micros: balance, unit },
        message: `task ${taskId} (${task.statusName}): ${what}`,
      }),
      at,
      'manual',
    );
    if (!record)
      throw new UserError('conflict', `${account.label} already has a reading at ${new Date(at).toISOString()}`);
    remember(at);
    return { ...report, applied: true, balance: { amount: fromMicros(balance), unit }, at: new Date(at).toISOString() };
  });
  return book.immediate();
}
