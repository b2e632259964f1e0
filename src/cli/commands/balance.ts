import { UsageError } from '../context.ts';
import { ACCOUNT_ARG, defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import { recordManualBalance, resolveAccount } from '../../core/manual.ts';
import { toReading } from '../../core/store/readings-repo.ts';
import { parseIsoTime } from '../../core/analytics/time.ts';

/** Hand-entered balances may be back-dated, but not recorded ahead of the clock. */
const FUTURE_SLACK_MS = 5 * 60_000;

const set = defineCommand({
  name: 'set',
  summary: 'record a hand-kept balance (accounts without a balance endpoint)',
  description:
    "For providers with no balance endpoint (GPT Image 2 API): the balance you read on the provider's site, in its unit, recorded as a reading. History, runway and alerts use it like a polled one.",
  args: [
    ACCOUNT_ARG,
    {
      name: 'amount',
      noun: 'an amount',
      help: "the balance in the provider's unit, such as 120 or 35.5",
      required: true,
    },
  ],
  flags: {
    at: { type: 'string', value: '<ISO time>', help: 'when the balance was read', default: 'now' },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'balance set images 1200', does: 'the images account holds 1200 credits now' },
    { run: 'balance set images 950 --at 2026-03-01T09:00:00Z', does: 'as read earlier' },
  ],
  run(ctx, { values, positionals }) {
    const [who, amount] = positionals as [string, string];
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
    else
      ctx.print(`recorded ${reading.balance?.amount} ${reading.balance?.unit} for ${account.label} at ${reading.at}`);
    return 0;
  },
});

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

export const balanceCommand = defineGroup({
  name: 'balance',
  summary: 'record a hand-kept balance',
  commands: [set],
  examples: [{ run: 'balance set images 1200', does: 'record what the provider site shows' }],
});
