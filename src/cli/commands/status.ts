import type { CliContext } from '../context.ts';
import { defineCommand } from '../command.ts';
import { computeStatus } from '../../core/analytics/status.ts';
import { compareUrgency } from '../../core/analytics/health.ts';
import { resolveAccount } from '../../core/analytics/context.ts';
import type { AccountStatus, StatusReport } from '../../core/analytics/status.ts';
import type { HealthReason } from '../../shared/status.ts';
import { daysPhrase } from '../../shared/format/relative-time.ts';
import { formatAmountOfText, formatAmountText, formatMoneyText } from '../../shared/format/numbers.ts';
import { isoFlag } from './time-flags.ts';
import { renderTable } from '../ui/table.ts';
import type { CellInput } from '../ui/table.ts';
import { CLI_LOCALE, amountText, localStamp, usdText, whenText } from '../ui/format.ts';
import { healthCell, healthReasonCell, severityCell, silencedText } from '../ui/looks.ts';
import type { AlertEvent } from '../../shared/alerts.ts';
import { displayWidth, oneLine, wrap } from '../ui/text.ts';

/** `status [<account>] [--now <ISO>] [--json]`: the one-screen summary, or one account in detail. */
export const statusCommand = defineCommand({
  name: 'status',
  summary: 'health, balance, burn, runway, cap and packs of every account (or one)',
  description:
    'Every account, most urgent first, under the totals and the balance that runs out next; with an account, everything about it: burn windows, runway and what ends it, cap, packs and alerts. Figures come from stored readings (poll or watch take new ones); times are in your time zone, relative to now or --now.',
  args: [{ name: 'account', noun: 'an account id or label', help: 'one account, in detail', complete: 'account' }],
  flags: {
    now: { type: 'string', value: '<ISO time>', help: 'the figures as of this time', default: 'now' },
    json: {
      type: 'boolean',
      help: 'the report as JSON (fields: docs/design.md); with an account, the report of that one',
    },
  },
  examples: [
    { run: 'status', does: 'every account, most urgent first' },
    { run: 'status main', does: 'one account in detail' },
    { run: 'status --json', does: 'the whole report, for scripts' },
  ],
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    const now = isoFlag('now', values.now);
    const who = positionals[0];
    const account = who === undefined ? null : resolveAccount(core, who);
    const report = computeStatus(core, {
      ...(now === undefined ? {} : { now }),
      ...(account ? { accountIds: [account.id] } : {}),
    });
    if (values.json) {
      ctx.printJson(report);
      return 0;
    }
    if (account)
      ctx.show(
        detail(ctx, report, report.accounts[0]!, core.alerts.history({ accountId: account.id }).slice(-RECENT_ALERTS)),
      );
    else ctx.show(summary(ctx, report));
    return 0;
  },
});

type Out = Pick<CliContext, 'term' | 'paint'>;

/** How many of an account's latest alerts its detail view lists. */
const RECENT_ALERTS = 5;

/* ------------------------------------------------------------------ summary */

export function summary(out: Out, report: StatusReport): string[] {
  const at = Date.parse(report.generatedAt);
  if (report.accounts.length === 0) return ['no accounts yet: burnrate accounts add --provider <id> --label <name>'];
  const accounts = [...report.accounts].sort(compareUrgency);
  const label = labeller(report);
  const lines = [...totalsLines(out, report, at, label), ''];
  lines.push(
    ...renderTable(
      [
        { header: 'HEALTH' },
        { header: 'ACCOUNT', flex: true, min: 8 },
        { header: 'PROVIDER', keep: 10 },
        { header: 'BALANCE', align: 'right', flex: true, min: 12 },
        { header: 'VALUE', align: 'right', keep: 35 },
        { header: 'BURN/DAY', align: 'right', keep: 30 },
        { header: 'RUNS OUT', flex: true, min: 12, keep: 60 },
        { header: 'CAP', keep: 50 },
        { header: 'AS OF', keep: 20 },
      ],
      accounts.map((a): CellInput[] => [
        healthCell(a.health.level),
        a.label,
        a.provider,
        balanceText(a),
        valueText(a),
        a.burn.perDay === null || a.burn.unit === null
          ? { text: '—', look: 'dim' }
          : formatAmountText(a.burn.perDay, a.burn.unit, { locale: CLI_LOCALE }),
        runsOut(a, at),
        capText(a),
        a.asOf ? { text: whenText(a.asOf, at).split(',')[0]!, look: a.stale ? 'magenta' : 'dim' } : '—',
      ]),
      out,
    ),
  );
  if (accounts.some((a) => a.runway.cause === 'pack_expiry' && runsOutShown(a)))
    lines.push(out.paint('dim', '* when a pack expires with the rest of the balance'));
  // Why: each account that needs attention, its reasons worst first.
  const why = accounts.filter((a) => report.totals.attention.includes(a.id));
  if (why.length) {
    lines.push('');
    for (const a of why) lines.push(...reasonLines(out, a.label, a.health.reasons));
  }
  for (const s of report.sharedBalanceSuggestions)
    lines.push(
      '',
      ...wrap(
        `Tip: ${s.message} — burnrate accounts link ${label(s.accountId)} ${label(s.sharesBalanceWith)}`,
        out.term.width,
      ),
    );
  return lines;
}

function labeller(report: StatusReport): (id: string) => string {
  const labels = new Map(report.accounts.map((a) => [a.id, a.label]));
  return (id) => labels.get(id) ?? id;
}

function totalsLines(out: Out, report: StatusReport, at: number, label: (id: string) => string): string[] {
  const t = report.totals;
  const n = report.accounts.length;
  const parts = [`${n} account${n === 1 ? '' : 's'}`];
  if (t.value !== null) parts.push(`${money(t.value, t.currency)} held`);
  if (t.burnPerDay !== null) parts.push(`burning ${money(t.burnPerDay, t.currency)}/day`);
  if (t.spend24h !== null) parts.push(`${money(t.spend24h, t.currency)} spent in 24 h`);
  const attention = t.attention.length;
  const flag = attention ? `${attention} need${attention === 1 ? 's' : ''} attention` : 'all fine';
  const lines = joinWrapped([...parts, flag], out.term.width).map((l) =>
    l.endsWith(flag) ? l.slice(0, -flag.length) + out.paint(attention ? 'boldYellow' : 'green', flag) : l,
  );
  const notes: string[] = [];
  if (t.unvalued) notes.push(`${t.unvalued} account${t.unvalued === 1 ? '' : 's'} without a money value`);
  if (t.postpaid) notes.push(`${t.postpaid} postpaid`);
  if (t.sharedCountedOnce)
    notes.push(`${t.sharedCountedOnce} key${t.sharedCountedOnce === 1 ? '' : 's'} on a balance counted under another`);
  if (notes.length)
    lines.push(...wrap(`Totals leave out: ${notes.join('; ')}.`, out.term.width).map((l) => out.paint('dim', l)));
  if (t.nextToRunOut) {
    const cause = t.nextToRunOut.cause === 'pack_expiry' ? ', when a pack expires with the rest' : '';
    const who = label(t.nextToRunOut.id);
    const [first, ...rest] = wrap(
      `Next to run out: ${oneLine(who)}, ${whenText(t.nextToRunOut.zeroAt, at)}${cause}`,
      out.term.width,
    );
    lines.push(first!.replace(oneLine(who), out.paint('bold', oneLine(who))), ...rest);
  } else lines.push('Next to run out: nothing, at the current burn');
  return lines;
}

/** Pieces joined with " · ", a new line started where the next piece would not fit. */
function joinWrapped(pieces: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const next = line ? `${line} · ${piece}` : piece;
    if (line && displayWidth(next) > width) {
      lines.push(line);
      line = piece;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function money(amount: string, currency: 'USD' | 'CNY'): string {
  return formatMoneyText(amount, currency, { locale: CLI_LOCALE });
}

/** "2,100,000 credits", "$12.50", "$250.00 credit" (postpaid: credit left of the limit). */
function balanceText(a: AccountStatus): string {
  if (a.billing === 'postpaid' && a.postpaid) return `${amountText(a.postpaid.creditLeft)} credit`;
  return a.balance ? amountText(a.balance) : '—';
}

/** The balance's money value in the display currency, when its unit is not that currency. */
function valueText(a: AccountStatus): CellInput {
  if (!a.value || !a.balance || a.billing === 'postpaid') return '';
  if (a.balance.unit === a.value.currency) return '';
  return { text: `≈ ${money(a.value.amount, a.value.currency)}`, ...(a.countedInTotals ? {} : { look: 'dim' }) };
}

const runsOutShown = (a: AccountStatus) =>
  !a.sharesBalanceWith && a.billing !== 'postpaid' && a.runway.days !== null && a.runway.zeroAt !== null;

function runsOut(a: AccountStatus, at: number): CellInput {
  if (a.sharesBalanceWith) return { text: 'shared balance', look: 'dim' };
  if (a.billing === 'postpaid') return { text: 'postpaid', look: 'dim' };
  const r = a.runway;
  if (r.days === null || r.zeroAt === null) return { text: r.reason ? 'unknown' : 'never at this burn', look: 'dim' };
  if (Date.parse(r.zeroAt) <= at) return { text: 'ran out', look: 'red' };
  // The mark comes first, so a cut for width never takes it.
  const text = `${daysPhrase(r.days)}${r.cause === 'pack_expiry' ? '*' : ''} · ${whenText(r.zeroAt, at).replace(/^in [^,]+, /, '')}`;
  return { text, look: r.days < 3 ? 'red' : r.days < 7 ? 'yellow' : undefined };
}

function capText(a: AccountStatus): CellInput {
  const c = a.cap;
  if (!c) return '';
  if (c.reached) return { text: 'reached', look: 'red' };
  if (c.fraction === null || c.limit === null) return '';
  const pct = Math.round(c.fraction * 100);
  return {
    text: `${pct}% of ${formatAmountText(c.limit, c.unit, { locale: CLI_LOCALE })}`,
    look: pct >= 95 ? 'red' : pct >= 80 ? 'yellow' : undefined,
  };
}

function reasonLines(out: Out, label: string, reasons: readonly HealthReason[]): string[] {
  const lines: string[] = [];
  const head = `${oneLine(label)}: `;
  reasons.forEach((r, i) => {
    const cell = healthReasonCell(r);
    const snoozed = r.snoozedUntil ? ' (snoozed)' : '';
    const prefix = i === 0 ? head : ' '.repeat(Math.min(head.length, 24));
    const text = `${oneLine(r.message)}${snoozed}`;
    const room = Math.max(20, out.term.width - prefix.length - cell.text.length - 2);
    const [first, ...rest] = wrap(text, room);
    lines.push(
      `${i === 0 ? out.paint('bold', prefix.trimEnd()) + ' ' : prefix}${out.paint(cell.look, cell.text)}  ${first ?? ''}`.trimEnd(),
    );
    for (const l of rest) lines.push(`${' '.repeat(prefix.length + cell.text.length + 2)}${l}`);
  });
  return lines;
}

/* ------------------------------------------------------------------ detail */

export function detail(out: Out, report: StatusReport, a: AccountStatus, recent: readonly AlertEvent[]): string[] {
  const at = Date.parse(report.generatedAt);
  const width = out.term.width;
  const h = (text: string) => out.paint('bold', text);
  const field = (name: string, value: string) => {
    const [first, ...rest] = wrap(value, Math.max(20, width - 14));
    return [
      `${name ? h(name) : ''}${' '.repeat(14 - name.length)}${first ?? ''}`.trimEnd(),
      ...rest.map((l) => `${' '.repeat(14)}${l}`),
    ];
  };
  const health = healthCell(a.health.level);
  const lines = [
    `${out.paint('bold', oneLine(a.label))} · ${a.provider} · ${a.id}`,
    '',
    `${h('Health')}${' '.repeat(8)}${health.symbol && out.term.color ? `${out.paint(health.symbol.look, health.symbol.text)} ` : ''}${out.paint(health.look, health.text)}`,
  ];
  for (const r of a.health.reasons) {
    const cell = healthReasonCell(r);
    const [first, ...rest] = wrap(
      `${oneLine(r.message)}${r.snoozedUntil ? ` (snoozed until ${whenText(r.snoozedUntil, at)})` : ''}`,
      Math.max(20, width - 26),
    );
    lines.push(
      `${' '.repeat(14)}${out.paint(cell.look, cell.text)}${' '.repeat(10 - cell.text.length)}  ${first ?? ''}`.trimEnd(),
    );
    for (const l of rest) lines.push(`${' '.repeat(26)}${l}`);
  }
  // Balance and where it comes from.
  const source = a.asOf
    ? `${a.source === 'poll' ? (a.balanceEndpoint ? `from ${a.balanceEndpoint}` : 'polled') : a.source === 'manual' ? 'recorded by hand' : 'imported'}, ${whenText(a.asOf, at)}${a.stale ? ' (stale)' : ''}`
    : 'no reading yet';
  const value = valueText(a);
  const valueSaid = typeof value === 'object' && value !== null ? ` ${value.text}` : '';
  lines.push(...field('Balance', `${balanceText(a)}${valueSaid}  ·  ${source}`));
  if (a.sharesBalanceWith)
    lines.push(...field('', `spends from ${labeller(report)(a.sharesBalanceWith)}'s balance (counted once in totals)`));
  if (a.postpaid)
    lines.push(
      ...field(
        'Postpaid',
        `${amountText(a.postpaid.creditLeft)} of credit left; ${a.postpaid.spendThisCycle === null ? 'spend this cycle unknown' : `${formatAmountText(a.postpaid.spendThisCycle, a.postpaid.creditLeft.unit, { locale: CLI_LOCALE })} spent since ${whenText(a.postpaid.cycleStart, at)}`}`,
      ),
    );
  // Burn, every window.
  const b = a.burn;
  const windows = b.windows
    ? (['24h', '7d', '30d'] as const)
        .map((w) => {
          const f = b.windows![w];
          return `${w} ${f.perDay === null || b.unit === null ? `unknown: ${f.reason ?? 'not enough readings'}` : `${formatAmountText(f.perDay, b.unit, { locale: CLI_LOCALE })}/day`}`;
        })
        .join('  ·  ')
    : null;
  lines.push(
    ...field(
      'Burn',
      b.perDay === null || b.unit === null
        ? `unknown: ${b.reason ?? 'not enough readings'}`
        : `${formatAmountText(b.perDay, b.unit, { locale: CLI_LOCALE })}/day (${b.window})${b.perDayUsd !== null && b.unit !== 'USD' ? ` ≈ ${usdText(b.perDayUsd)}/day` : ''}`,
    ),
  );
  if (windows) lines.push(...field('', windows));
  // Runway: when, why, and the range.
  const r = a.runway;
  if (r.days !== null && r.zeroAt !== null) {
    const cause = r.cause === 'pack_expiry' ? ', when a pack expires with the rest' : '';
    const range =
      r.low !== null
        ? ` (${daysPhrase(r.low)} to ${r.high === null ? 'never' : daysPhrase(r.high)} at the slow and fast burn)`
        : '';
    lines.push(...field('Runway', `${daysPhrase(r.days)}: zero ${whenText(r.zeroAt, at)}${cause}${range}`));
  } else lines.push(...field('Runway', r.reason ?? 'does not run out at the current burn'));
  const lost = r.expiringBeforeZero;
  if (lost && Number(lost.amount) > 0)
    lines.push(
      ...field(
        '',
        `${formatAmountText(lost.amount, lost.unit, { locale: CLI_LOCALE })}${lost.valueUsd !== null ? ` (${usdText(lost.valueUsd)})` : ''} expire unused before then`,
      ),
    );
  // Cap.
  const c = a.cap;
  if (c) {
    const used =
      c.used !== null && c.limit !== null
        ? formatAmountOfText(c.used, c.limit, c.unit, { locale: CLI_LOCALE })
        : 'limit unknown';
    const reset = c.resetAt
      ? `; resets ${whenText(c.resetAt, at)}${c.resetSource === 'assumed' ? ' (assumed: midnight UTC)' : c.resetSource === 'account' && c.resetTimeZone ? ` (${c.resetTimeZone})` : ''}`
      : '';
    const state = c.reached ? 'reached' : c.fraction !== null ? `${Math.round(c.fraction * 100)}% used` : 'in use';
    lines.push(
      ...field(
        'Daily cap',
        `${state}: ${used}${reset} · set by ${c.source === 'provider' ? 'the provider' : 'the dailyCap option'}`,
      ),
    );
  }
  // Packs and alerts, as tables.
  if (a.packs.length) {
    lines.push('', h('Packs'));
    lines.push(
      ...renderTable(
        [
          { header: 'REMAINING', align: 'right' },
          { header: 'EXPIRES', flex: true, min: 10 },
          { header: 'AT EXPIRY', flex: true, min: 12 },
          { header: 'PACK', keep: 20 },
        ],
        a.packs.map((p) => {
          const unit = a.balance?.unit ?? 'credits';
          return [
            p.remaining === null ? '?' : formatAmountOfText(p.remaining, p.credits, unit, { locale: CLI_LOCALE }),
            p.expiresAt === null ? { text: 'never (lifetime)', look: 'dim' } : whenText(p.expiresAt, at),
            p.projectedUnused !== null && Number(p.projectedUnused) > 0
              ? {
                  text: `${formatAmountText(p.projectedUnused, unit, { locale: CLI_LOCALE })}${p.projectedUnusedUsd !== null ? ` (${usdText(p.projectedUnusedUsd)})` : ''} unused`,
                  look: 'yellow',
                }
              : p.endReason === 'used_up' && p.endsAt
                ? `used up ${whenText(p.endsAt, at)}`
                : p.endReason === 'expired'
                  ? { text: 'expired', look: 'dim' }
                  : '',
            p.id,
          ];
        }),
        out,
        width - 2,
      ).map((l) => `  ${l}`),
    );
  }
  // What was raised, most recent last (the active ones are the health's reasons above).
  if (recent.length) {
    lines.push('', h('Recent alerts'));
    lines.push(
      ...renderTable(
        [{ header: 'TIME' }, { header: 'SEVERITY' }, { header: 'ALERT', flex: true, min: 20 }],
        recent.map((e) => [
          localStamp(e.at),
          severityCell(e.severity),
          `${e.body || e.message}${silencedText(e.silenced)}`,
        ]),
        out,
        width - 2,
      ).map((l) => `  ${l}`),
    );
  }
  return lines;
}
