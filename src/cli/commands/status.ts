import { defineCommand, JSON_FLAG } from '../command.ts';
import { computeStatus } from '../../core/analytics/status.ts';
import type { AccountStatus } from '../../core/analytics/status.ts';
import { isoFlag } from './time-flags.ts';

/** `status [--now <ISO>] [--json]`: every account's balance, burn, runway, cap and packs. */
export const statusCommand = defineCommand({
  name: 'status',
  summary: 'health, balance, burn, runway, cap and packs of every account (or one)',
  description:
    'Figures come from the stored readings (poll or watch take new ones). Times are in your time zone and relative to now, or to --now.',
  flags: {
    now: { type: 'string', value: '<ISO time>', help: 'the figures as of this time', default: 'now' },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'status', does: 'every account, most urgent first' },
    { run: 'status --json', does: 'the whole report, for scripts' },
  ],
  run(ctx, { values }) {
    const now = isoFlag('now', values.now);
    const report = computeStatus(ctx.core(), now === undefined ? {} : { now });
    if (values.json) {
      ctx.printJson(report);
      return 0;
    }
    if (report.accounts.length === 0)
      ctx.print('no accounts yet: burnrate accounts add --provider <id> --label <name> --key-stdin');
    for (const a of report.accounts) ctx.print(describe(a));
    const t = report.totals;
    if (t.value !== null)
      ctx.print(
        `total ${t.value} ${t.currency}${t.burnPerDay === null ? '' : `, burning ${t.burnPerDay} ${t.currency}/day`}${t.unvalued ? ` (${t.unvalued} account(s) without a money value)` : ''}`,
      );
    return 0;
  },
});

function describe(a: AccountStatus): string {
  const parts = [`${a.label} (${a.provider})`, a.state ?? 'not polled yet'];
  parts.push(
    a.balance
      ? `${a.balance.amount} ${a.balance.unit}${a.valueUsd !== null && a.balance.unit !== 'USD' ? ` ≈ $${a.valueUsd}` : ''}`
      : 'no balance yet',
  );
  parts.push(
    a.burn.perDay !== null ? `burn ${a.burn.perDay}/day (${a.burn.window})` : `burn unknown: ${a.burn.reason}`,
  );
  if (a.runway.days !== null) {
    const range = a.runway.low !== null ? ` (${a.runway.low}–${a.runway.high ?? '∞'})` : '';
    parts.push(`runway ${a.runway.days} days${range}, zero ${a.runway.zeroAt?.slice(0, 10)}`);
  }
  if (a.cap && a.cap.fraction !== null) parts.push(`cap ${Math.round(a.cap.fraction * 100)}% of ${a.cap.limit}`);
  const unused = a.packs.filter((p) => p.projectedUnused !== null && p.projectedUnused !== '0');
  if (unused.length) parts.push(`${unused.length} pack(s) will expire with credits left`);
  for (const alert of a.alerts) parts.push(`${alert.severity}: ${alert.message}`);
  return parts.join(' · ');
}
