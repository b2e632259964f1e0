import type { CliContext } from '../context.ts';
import { parse } from '../args.ts';
import { computeStatus } from '../../core/analytics/status.ts';
import type { AccountStatus, StatusReport } from '../../core/analytics/status.ts';
import { relativeTime } from '../../shared/format/relative-time.ts';
import { isoFlag } from './time-flags.ts';

/** `status [--now <ISO>] [--json]`: every account's health, balance, burn, runway, cap and packs. */
export function statusCommand(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, { now: { type: 'string' }, json: { type: 'boolean' } });
  const now = isoFlag('now', values.now);
  const report = computeStatus(ctx.core(), now === undefined ? {} : { now });
  if (values.json) {
    ctx.printJson(report);
    return 0;
  }
  if (report.accounts.length === 0)
    ctx.print('no accounts yet: burnrate accounts add --provider <id> --label <name> --key-stdin');
  // Every relative time speaks for the report's moment (`--now` included).
  const at = Date.parse(report.generatedAt);
  const label = (id: string) => report.accounts.find((a) => a.id === id)?.label ?? id;
  for (const a of report.accounts) {
    ctx.print(describe(a, at, label));
    for (const r of a.health.reasons)
      ctx.print(`  ${r.severity}: ${r.message}${r.snoozedUntil ? ` (snoozed until ${r.snoozedUntil})` : ''}`);
  }
  for (const line of totalsLines(report, at, label)) ctx.print(line);
  return 0;
}

function describe(a: AccountStatus, at: number, label: (id: string) => string): string {
  const parts = [`${a.label} (${a.provider})`, a.health.level];
  if (a.state !== null && a.state !== 'ok') parts.push(`key ${a.state}`);
  else if (a.state === null) parts.push('not polled yet');
  if (a.billing === 'postpaid' && a.postpaid) {
    const spent = a.postpaid.spendThisCycle === null ? 'unknown' : a.postpaid.spendThisCycle;
    parts.push(
      `postpaid: ${a.postpaid.creditLeft.amount} ${a.postpaid.creditLeft.unit} of credit left, ${spent} spent this cycle`,
    );
  } else {
    parts.push(
      a.balance
        ? `${a.balance.amount} ${a.balance.unit}${a.valueUsd !== null && a.balance.unit !== 'USD' ? ` ≈ $${a.valueUsd}` : ''}`
        : 'no balance yet',
    );
  }
  if (a.sharesBalanceWith) parts.push(`shares ${label(a.sharesBalanceWith)}'s balance`);
  parts.push(
    a.burn.perDay !== null ? `burn ${a.burn.perDay}/day (${a.burn.window})` : `burn unknown: ${a.burn.reason}`,
  );
  if (a.runway.days !== null && a.runway.zeroAt !== null) {
    const range = a.runway.low !== null ? ` (${a.runway.low}–${a.runway.high ?? '∞'})` : '';
    const cause = a.runway.cause === 'pack_expiry' ? ', when a pack expires' : '';
    parts.push(`runway ${a.runway.days} days${range}, zero ${relativeTime(Date.parse(a.runway.zeroAt), at)}${cause}`);
  }
  const lost = a.runway.expiringBeforeZero;
  if (lost && lost.amount !== '0')
    parts.push(
      `${lost.amount} ${lost.unit}${lost.valueUsd !== null ? ` ($${lost.valueUsd})` : ''} expire unused first`,
    );
  if (a.cap) {
    if (a.cap.reached) {
      const reset = a.cap.resetAt ? `, resets ${relativeTime(Date.parse(a.cap.resetAt), at)}` : '';
      const given = a.cap.resetSource === 'assumed' ? ' (reset assumed: midnight UTC)' : '';
      parts.push(`daily cap reached${reset}${given}`);
    } else if (a.cap.fraction !== null) parts.push(`cap ${Math.round(a.cap.fraction * 100)}% of ${a.cap.limit}`);
  }
  const unused = a.packs.filter((p) => p.projectedUnused !== null && p.projectedUnused !== '0');
  if (unused.length) parts.push(`${unused.length} pack(s) will expire with credits left`);
  if (a.asOf) {
    const from = a.source === 'poll' ? (a.balanceEndpoint ? `from ${a.balanceEndpoint}` : 'polled') : a.source;
    parts.push(`${a.stale ? 'stale: ' : ''}${from}, ${relativeTime(Date.parse(a.asOf), at)}`);
  }
  return parts.join(' · ');
}

function totalsLines(report: StatusReport, at: number, label: (id: string) => string): string[] {
  const t = report.totals;
  const lines: string[] = [];
  if (t.value !== null) {
    const left: string[] = [];
    if (t.unvalued) left.push(`${t.unvalued} account(s) without a money value`);
    if (t.postpaid) left.push(`${t.postpaid} postpaid account(s) left out`);
    if (t.sharedCountedOnce) left.push(`${t.sharedCountedOnce} shared balance(s) counted once`);
    lines.push(
      `total ${t.value} ${t.currency}${t.burnPerDay === null ? '' : `, burning ${t.burnPerDay} ${t.currency}/day`}${left.length ? ` (${left.join('; ')})` : ''}`,
    );
  }
  if (t.attention.length) lines.push(`needs attention: ${t.attention.map(label).join(', ')}`);
  if (t.nextToRunOut)
    lines.push(
      `next to run out: ${label(t.nextToRunOut.id)}, ${relativeTime(Date.parse(t.nextToRunOut.zeroAt), at)}${t.nextToRunOut.cause === 'pack_expiry' ? ' (a pack expires with the rest)' : ''}`,
    );
  for (const s of report.sharedBalanceSuggestions)
    lines.push(`suggestion: ${s.message} — burnrate accounts link ${s.accountId} ${s.sharesBalanceWith}`);
  return lines;
}
