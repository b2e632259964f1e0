import type { CliContext } from '../context.ts';
import { parseIntFlag } from '../args.ts';
import { defineCommand, JSON_FLAG } from '../command.ts';
import { estimate } from '../../core/pricing/index.ts';
import type { EstimateReport } from '../../shared/pricing.ts';
import { PARAM_FLAG, paramsText, parseParams, plain } from './pricing.ts';

/** `estimate --account <id|label> --model <id> [--param k=v]... [--count n] [--json]` */
export const estimateCommand = defineCommand({
  name: 'estimate',
  summary: 'what a job costs (asking the provider where it can); balance, cap, runway',
  description:
    "Prices a job at an account: the provider's own estimate where it has one, else its prices; then whether the balance and today's cap cover it and how much runway it uses.",
  flags: {
    account: {
      type: 'string',
      value: '<id|label>',
      required: true,
      complete: 'account',
      help: 'the account that pays',
    },
    model: { type: 'string', value: '<id>', required: true, help: 'the model' },
    param: PARAM_FLAG,
    count: { type: 'string', value: '<n>', help: 'how many such requests', default: '1' },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'estimate --account main --model gpt-image-1 --param size=1024x1024 --count 40', does: '40 images' },
  ],
  async run(ctx, { values }) {
    const count = parseIntFlag('count', values.count, 1);
    const report = await estimate(ctx.core(), {
      account: values.account,
      model: values.model,
      params: parseParams(values.param),
      ...(count === undefined ? {} : { count }),
    });
    if (values.json) ctx.printJson(report);
    else printEstimate(ctx, report);
    return 0;
  },
});

function printEstimate(ctx: CliContext, r: EstimateReport): void {
  const what = `${r.count} × ${plain(r.model)}${Object.keys(r.params).length ? ` (${plain(paramsText(r.params))})` : ''}`;
  ctx.print(
    `${what} at ${plain(r.label)}: ${r.cost.amount} ${r.cost.unit}${r.count > 1 ? ` (${r.costEach.amount} each)` : ''}`,
  );
  ctx.print(
    `  priced by: ${plain(r.sourceName)}${r.source === 'provider' ? ' (the provider priced this request)' : ''}`,
  );
  if (r.fallback) ctx.print(`  note: ${plain(r.fallback)}`);
  if (r.measure) ctx.print(`  measured: ${plain(r.measure)}`);
  for (const m of r.multipliers) ctx.print(`  × ${m.factor} ${m.name} (${plain(m.source)})`);
  if (r.balance && r.balanceAfter)
    ctx.print(
      `  balance: ${r.balance.amount} → ${r.balanceAfter.amount} ${r.balance.unit}: ${r.coveredByBalance ? 'covered' : 'NOT covered'}`,
    );
  else ctx.print('  balance: unknown');
  if (r.cap)
    ctx.print(
      `  today's cap: ${r.cap.remaining ?? '?'} ${r.cap.unit} left: ${r.cap.covered === null ? (r.cap.reason ?? 'unknown') : r.cap.covered ? 'covered' : 'NOT covered'}`,
    );
  const rw = r.runway;
  ctx.print(
    rw.usedDays === null
      ? `  runway: unknown (${plain(rw.reason ?? 'no burn rate')})`
      : `  runway: uses ${rw.usedDays} days of burn${rw.daysBefore !== null ? ` (${rw.daysBefore} → ${rw.daysAfter} days)` : ''}`,
  );
}
