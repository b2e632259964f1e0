import type { CliContext } from '../context.ts';
import { defineCommand, JSON_FLAG } from '../command.ts';
import { computeBuys } from '../../core/pricing/index.ts';
import type { BuysAccount } from '../../core/pricing/index.ts';
import { OFFLINE_FLAG, paramsText, plain } from './pricing.ts';

/** `buys [--account <id|label>]... [--model <id>]... [--offline] [--json]` */
export const buysCommand = defineCommand({
  name: 'buys',
  summary: 'what each balance and a day of burn buy, in units of work per model',
  description:
    "For each account: what its balance buys of each model (images, seconds, requests, tokens), and how many a day's burn uses, from the provider's prices (its live list where it has one, else the catalog) and your own.",
  flags: {
    account: { type: 'string', value: '<id|label>', multiple: true, complete: 'account', help: 'only these accounts' },
    model: { type: 'string', value: '<id>', multiple: true, help: 'only these models' },
    offline: OFFLINE_FLAG,
    json: JSON_FLAG,
  },
  examples: [
    { run: 'buys', does: 'every account, every model it can price' },
    { run: 'buys --account main --model gpt-image-1', does: 'one model at one account' },
  ],
  async run(ctx, { values }) {
    const report = await computeBuys(ctx.core(), {
      ...(values.account ? { accounts: values.account } : {}),
      ...(values.model ? { models: values.model } : {}),
      network: values.offline ? 'never' : 'auto',
    });
    if (values.json) {
      ctx.printJson(report);
      return 0;
    }
    if (report.length === 0)
      ctx.print('no accounts yet: burnrate accounts add --provider <id> --label <name> --key-stdin');
    for (const a of report) printBuys(ctx, a);
    return 0;
  },
});

function printBuys(ctx: CliContext, a: BuysAccount): void {
  const head = [`${plain(a.label)} (${a.provider})`];
  head.push(a.balance === null ? 'no balance yet' : `${a.balance} ${a.unit}`);
  if (a.burnPerDay !== null) head.push(`burn ${a.burnPerDay} ${a.unit}/day`);
  for (const m of a.multipliers) head.push(`${m.name} ×${m.factor} (${plain(m.source)})`);
  ctx.print(head.join(' · '));
  for (const note of a.notes) ctx.print(`  note: ${plain(note)}`);
  if (a.models.length === 0) return;
  const rows = a.models.map((m) => {
    const what = plain(`${m.model}${Object.keys(m.params).length ? ` ${paramsText(m.params)}` : ''}`);
    const each = m.costEach === null ? '—' : `${m.costEach} ${m.unit}/${m.per}`;
    const count =
      m.count === null ? (m.reason ? `? (${plain(m.reason)})` : '?') : `${m.count.toLocaleString('en-US')} ${m.per}s`;
    const day = m.perDay === null ? '' : ` · ${m.perDay.toLocaleString('en-US')}/day of burn`;
    return { what, each, count, day };
  });
  const w1 = Math.max(...rows.map((r) => r.what.length));
  const w2 = Math.max(...rows.map((r) => r.each.length));
  for (const r of rows) ctx.print(`  ${r.what.padEnd(w1)}  ${r.each.padEnd(w2)}  ${r.count}${r.day}`);
}
