import { z } from 'zod';
import { fromMicros, toMicros } from '../shared/decimal.ts';
import { decimalStringSchema } from '../shared/domain.ts';
import type { Amount } from '../shared/domain.ts';
import type { Unit } from '../shared/units.ts';
import type { Core } from './core.ts';
import { UserError } from './errors.ts';
import { providerOf } from './manual.ts';
import { withSecrets } from './net/http.ts';
import { outcome } from './providers/adapter.ts';
import { fetchTask, isTaskId } from './providers/gptimage2.ts';
import type { TaskLookup, TaskRequest, TaskSnapshot, TaskStatusName } from './providers/gptimage2.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { HandBalance } from './store/hand-balances-repo.ts';

/**
 * Reconcile a hand-kept balance with what individual tasks really cost, by time.
 *
 * GPT Image 2 debits a task's credits when it is submitted (`createdAt`) and gives them back
 * when a failed task is refunded (the refunded snapshot's `updatedAt`). A balance recorded by
 * hand is what the dashboard showed at that instant, so it already holds every debit and
 * refund made before it. Against the latest hand-recorded balance H, a task therefore counts
 *
 *     (its debit, if submitted after H) − (its refund, if refunded after H)
 *
 * and the booked balance is H minus that sum over every applied task. Each apply remembers the
 * task's figures and times (per account, in the settings table) and recomputes the balance
 * from H, so applying again books nothing twice, a refund seen later is credited exactly
 * once, and a newer hand-recorded balance takes in everything that happened before it.
 */

/** Providers whose tasks can be looked up by id. */
const TASK_LOOKUPS: Record<string, (req: TaskRequest, taskId: string) => Promise<TaskLookup>> = {
  gptimage2: fetchTask,
};

const entrySchema = z.object({
  /** The task's net charge (used − refunded) when last applied (decimal string, provider unit). */
  net: decimalStringSchema,
  status: z.number().int(),
  /** When the task was last applied (ISO). */
  at: z.string(),
  /** Credits debited at submission and credits refunded (decimal strings). */
  used: decimalStringSchema.optional(),
  refunded: decimalStringSchema.optional(),
  /** The provider's times for the task (ISO). */
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
type Entry = z.infer<typeof entrySchema>;

const ledgerSchema = z.object({ applied: z.record(z.string(), entrySchema) });
type Ledger = z.infer<typeof ledgerSchema>;

export function ledgerKey(accountId: string): string {
  return `tasks.applied.${accountId}`;
}

/** One movement of a task's credits and how the books treat it. */
export interface TaskMovement {
  /** Decimal string, provider unit. */
  amount: string;
  /** When it happened (ISO): submission for the debit, the refunded snapshot's update for the refund. */
  at: string;
  /**
   * in_balance: made before the latest hand-recorded balance, which already holds it, so it
   * is not booked; deducted / credited: booked against the balance (by this or an earlier
   * --apply), once; to_deduct / to_credit: made after that balance and not booked yet.
   */
  booking: 'in_balance' | 'deducted' | 'to_deduct' | 'credited' | 'to_credit';
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
  /** What earlier applies count of this task against the latest hand-recorded balance; null when never applied. */
  alreadyApplied: string | null;
  /** What applying now changes: positive = deducted from the balance, negative = credited. */
  delta: string;
  /** Whether this call booked anything. */
  applied: boolean;
  /** The balance after applying (null when nothing was booked). */
  balance: Amount | null;
  at: string | null;
  errorMessage: string | null;
  /** When the task was submitted and its credits debited (ISO, from the provider). */
  createdAt: string;
  /** The task's last change (ISO, from the provider); a refunded task's refund time. */
  updatedAt: string;
  /** The latest balance recorded by hand, which bookings are reckoned from; null when there is none. */
  handBalance: (Amount & { at: string }) | null;
  /** The debit made at submission; null when the task used nothing. */
  debit: TaskMovement | null;
  /** The refund; null until the provider has refunded something. */
  refund: TaskMovement | null;
}

/** A task's figures and times as the ledger keeps them, in micros and unix ms. */
interface Movements {
  used: number;
  refunded: number;
  createdAt: number;
  updatedAt: number;
}

function movementsOf(e: Entry): Movements {
  if (e.used === undefined || e.createdAt === undefined) {
    // Remembered before task times were kept: its net charge was booked when it was applied.
    const at = Date.parse(e.at);
    return { used: toMicros(e.net), refunded: 0, createdAt: at, updatedAt: at };
  }
  const createdAt = Date.parse(e.createdAt);
  return {
    used: toMicros(e.used),
    refunded: toMicros(e.refunded ?? '0'),
    createdAt,
    updatedAt: e.updatedAt === undefined ? createdAt : Date.parse(e.updatedAt),
  };
}

/** Whether something that happened at `at` is after the hand-recorded balance (and so not in it). */
const afterHand = (at: number, hand: HandBalance | null) => hand === null || at > hand.ts;
const debitCounts = (m: Movements, hand: HandBalance | null) => m.used !== 0 && afterHand(m.createdAt, hand);
const refundCounts = (m: Movements, hand: HandBalance | null) => m.refunded !== 0 && afterHand(m.updatedAt, hand);

/** What a task takes off the hand-recorded balance: its debit and refund made after it. */
function counted(m: Movements, hand: HandBalance | null): number {
  return (debitCounts(m, hand) ? m.used : 0) - (refundCounts(m, hand) ? m.refunded : 0);
}

function snapshotMovements(task: TaskSnapshot): Movements {
  return { used: task.usedMicros, refunded: task.refundedMicros, createdAt: task.createdAt, updatedAt: task.updatedAt };
}

const iso = (ms: number) => new Date(ms).toISOString();

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

  const found = await lookup({ baseUrl, key, http: withSecrets(core.http, [key]), now: core.now }, taskId);
  if (!found.ok) {
    if (found.notFound)
      throw new UserError('not_found', `${def.name} has no task ${taskId} for this key (${found.message})`);
    throw new UserError('validation', `could not look up task ${taskId}: ${found.state}: ${found.message}`);
  }
  const task = found.task;
  const unit = def.unit;
  const now = snapshotMovements(task);

  // Reading the ledger and the balances, booking, and remembering happen in one immediate
  // transaction, so two processes applying the same task cannot both book it.
  return core.repos.transaction((): TaskCheck => {
    const ledger = core.repos.settings.get<Ledger>(ledgerKey(account.id), ledgerSchema, { applied: {} });
    const previous = Object.hasOwn(ledger.applied, taskId) ? movementsOf(ledger.applied[taskId]!) : null;
    const hand = core.repos.handBalances.latest(account.pk);
    const target = counted(now, hand);
    const before = previous === null ? null : counted(previous, hand);
    const delta = target - (before ?? 0);
    const applying = options.apply && (previous === null || delta !== 0);

    const debitBooked = applying || (previous !== null && debitCounts(previous, hand));
    const refundBooked = applying || (previous !== null && refundCounts(previous, hand));
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
      alreadyApplied: before === null ? null : fromMicros(before),
      delta: fromMicros(delta),
      applied: false,
      balance: null,
      at: null,
      errorMessage: task.errorMessage,
      createdAt: iso(task.createdAt),
      updatedAt: iso(task.updatedAt),
      handBalance: hand && { amount: fromMicros(hand.balance), unit: hand.unit, at: iso(hand.ts) },
      debit:
        task.usedMicros === 0
          ? null
          : {
              amount: fromMicros(task.usedMicros),
              at: iso(task.createdAt),
              booking: !debitCounts(now, hand) ? 'in_balance' : debitBooked ? 'deducted' : 'to_deduct',
            },
      refund:
        task.refundedMicros === 0
          ? null
          : {
              amount: fromMicros(task.refundedMicros),
              at: iso(task.updatedAt),
              booking: !refundCounts(now, hand) ? 'in_balance' : refundBooked ? 'credited' : 'to_credit',
            },
    };
    if (!applying) return report;

    const at = core.now();
    ledger.applied[taskId] = {
      net: fromMicros(task.netMicros),
      status: task.status,
      at: iso(at),
      used: fromMicros(task.usedMicros),
      refunded: fromMicros(task.refundedMicros),
      createdAt: iso(task.createdAt),
      updatedAt: iso(task.updatedAt),
    };
    const remember = () => core.repos.settings.set(ledgerKey(account.id), ledger);
    if (delta === 0) {
      // Nothing to book (already in the hand-recorded balance, or refunded in full), but
      // remember it so a refund seen later is credited and a later check is not new.
      remember();
      return { ...report, applied: true };
    }
    if (!hand) {
      throw new UserError(
        'validation',
        `record ${account.label}'s balance first: burnrate balance set ${account.id} <amount>`,
      );
    }
    if (hand.unit !== unit)
      throw new UserError('validation', `${account.label}'s latest balance is in ${hand.unit}, not ${unit}`);
    // The hand-recorded balance less everything applied tasks did after it: recomputed, not
    // adjusted, so whatever was booked before that balance was recorded is not counted again.
    let taken = 0;
    for (const entry of Object.values(ledger.applied)) taken += counted(movementsOf(entry), hand);
    const balance = hand.balance - taken;
    const latest = core.repos.readings.latest(account.pk);
    const bookedAt = Math.max(at, (latest?.ts ?? 0) + 1);
    const what = delta > 0 ? `charged ${fromMicros(delta)} ${unit}` : `refunded ${fromMicros(-delta)} ${unit}`;
    const record = core.recordReading(
      account,
      outcome({
        state: 'ok',
        balance: { micros: balance, unit },
        message: `task ${taskId} (${task.statusName}): ${what}`,
      }),
      bookedAt,
      { source: 'manual' },
    );
    if (!record) throw new UserError('conflict', `${account.label} already has a reading at ${iso(bookedAt)}`);
    ledger.applied[taskId]!.at = iso(bookedAt);
    remember();
    return { ...report, applied: true, balance: { amount: fromMicros(balance), unit }, at: iso(bookedAt) };
  }, 'immediate');
}
