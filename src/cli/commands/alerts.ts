import { UsageError } from '../context.ts';
import { ACCOUNT_ARG, accountFlag, defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import { findAccount } from '../../core/account-ref.ts';
import type { AlertEvent } from '../../shared/alerts.ts';
import { ALERT_KINDS, SNOOZE_CHOICES } from '../../shared/alert-kinds.ts';
import { renderTable } from '../ui/table.ts';
import { localStamp } from '../ui/format.ts';
import { severityCell, silencedText } from '../ui/looks.ts';

/** The contract's fields of one alert (`alerts --json` entries, `watch` alert lines), plus its `id`. */
export function alertContractFields(
  e: AlertEvent,
): Pick<AlertEvent, 'id' | 'accountId' | 'kind' | 'severity' | 'message' | 'at'> {
  return { id: e.id, accountId: e.accountId, kind: e.kind, severity: e.severity, message: e.message, at: e.at };
}

const KIND_FLAG = {
  type: 'string',
  value: '<kind>',
  choices: ALERT_KINDS,
  noun: 'alert kind',
  help: 'only this kind of alert',
  default: 'every kind',
} as const;

/** `alerts [list] [--account <id|label>] [--json]`: the alert history, oldest first. */
const list = defineCommand({
  name: 'list',
  summary: 'the alert history, oldest first (what `alerts` alone shows)',
  description:
    'Alerts are raised on every stored reading, whichever process stored it (the app, poll, watch): low and empty balances, caps, keys, expiring packs, stale readings and top-ups. Each has an id (#12) to dismiss it by.',
  flags: { account: accountFlag("only this account's (a removed account by its id)"), json: JSON_FLAG },
  examples: [
    { run: 'alerts', does: 'every alert, oldest first' },
    { run: 'alerts --account main --json', does: "one account's, for scripts" },
  ],
  run(ctx, { values }) {
    const core = ctx.core();
    // A removed account's history is still reviewable by its id.
    const accountId =
      values.account === undefined
        ? undefined
        : findAccount(core.repos.accounts, values.account, { includeRemoved: true }).id;
    const history = core.alerts.history({ accountId });
    if (values.json) {
      ctx.printJson(history.map(alertContractFields));
      return 0;
    }
    if (history.length === 0) {
      ctx.print('no alerts yet');
      return 0;
    }
    // Removed accounts keep their alerts: their labels are still known.
    const labels = new Map(core.repos.accounts.listAll().map((a) => [a.id, a.label]));
    ctx.show(
      renderTable(
        [
          { header: 'ID' },
          { header: 'TIME' },
          { header: 'ACCOUNT', flex: true, min: 8 },
          { header: 'SEVERITY' },
          { header: 'ALERT', flex: true, min: 20 },
        ],
        history.map((e) => [
          `#${e.id}`,
          localStamp(e.at),
          labels.get(e.accountId) ?? e.accountId,
          severityCell(e.severity),
          `${e.body || e.message}${silencedText(e.silenced)}${e.dismissedAt ? ' (dismissed)' : ''}`,
        ]),
        ctx,
      ),
    );
    return 0;
  },
});

/** `alerts snooze <account> [--kind k] [--for 1h|until-tomorrow|episode] [--json]` (default: an hour). */
const snooze = defineCommand({
  name: 'snooze',
  summary: "hold an account's alerts back for an hour, until tomorrow 09:00, or until they end",
  description:
    'A snoozed alert is still listed (marked snoozed) but shows no notification, reaches no channel and does not count toward "needs attention" until the snooze ends.',
  args: [ACCOUNT_ARG],
  flags: {
    kind: KIND_FLAG,
    for: {
      type: 'string',
      value: '<how long>',
      choices: SNOOZE_CHOICES,
      noun: 'snooze length',
      help: 'an hour, until 09:00 tomorrow, or until the active alerts end',
      default: '1h',
    },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'alerts snooze main', does: 'every alert of main, for an hour' },
    { run: 'alerts snooze main --kind cap_approaching --for episode', does: 'until the cap resets' },
  ],
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    const account = findAccount(core.repos.accounts, positionals[0]!);
    const result = core.alerts.snoozeFor({ accountId: account.id, kind: values.kind, for: values.for ?? '1h' });
    if (values.json) ctx.printJson(result);
    else {
      const what = `${result.kind ?? 'all'} alerts of ${account.label}`;
      ctx.print(
        result.until === null
          ? `snoozed ${what} until ${result.alerts === 1 ? 'the active one ends' : `the ${result.alerts} active ones end`}`
          : `snoozed ${what} until ${localStamp(result.until)}`,
      );
    }
    return 0;
  },
});

/** `alerts unsnooze <account> [--kind k] [--json]`. */
const unsnooze = defineCommand({
  name: 'unsnooze',
  summary: "lift an account's snoozes (of one kind, or all)",
  args: [ACCOUNT_ARG],
  flags: { kind: KIND_FLAG, json: JSON_FLAG },
  examples: [{ run: 'alerts unsnooze main', does: 'main notifies again' }],
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    const account = findAccount(core.repos.accounts, positionals[0]!);
    const kind = values.kind as AlertEvent['kind'] | undefined;
    core.alerts.unsnooze(account.id, kind);
    if (values.json) ctx.printJson({ accountId: account.id, kind: kind ?? null, unsnoozed: true });
    else ctx.print(`${kind ?? 'all'} alerts of ${account.label} are no longer snoozed`);
    return 0;
  },
});

/** `alerts dismiss <alert-id> [--json]`: the id from `alerts` (#12) or `alerts --json`. */
const dismiss = defineCommand({
  name: 'dismiss',
  summary: 'put one alert away until its episode ends or gets worse',
  args: [
    { name: 'alert-id', noun: 'an alert id (see: burnrate alerts)', help: 'the id alerts shows (#12)', required: true },
  ],
  flags: { json: JSON_FLAG },
  examples: [{ run: 'alerts dismiss 12', does: 'alert #12 no longer needs attention' }],
  run(ctx, { values, positionals }) {
    const raw = positionals[0]!;
    if (!/^[1-9]\d{0,15}$/.test(raw.replace(/^#/, '')))
      throw new UsageError(`an alert id is a whole number, got ${JSON.stringify(raw.slice(0, 40))}`);
    const result = ctx.core().alerts.dismiss({ id: Number(raw.replace(/^#/, '')) });
    if (values.json) ctx.printJson(result);
    else
      ctx.print(
        result.episodeActive
          ? `dismissed alert #${result.id} (${result.kind}); it comes back if it gets worse or happens again`
          : `dismissed alert #${result.id} (${result.kind}); it had already ended`,
      );
    return 0;
  },
});

function muteCommand(muted: boolean) {
  const verb = muted ? 'mute' : 'unmute';
  return defineCommand({
    name: verb,
    summary: muted ? 'list a kind of alert for an account, never notify it' : 'let a muted kind of alert notify again',
    args: [ACCOUNT_ARG],
    flags: { kind: { ...KIND_FLAG, required: true, help: 'the kind of alert', default: undefined }, json: JSON_FLAG },
    examples: [
      {
        run: `alerts ${verb} main --kind stale`,
        does: muted ? 'stale readings of main stay quiet' : 'they notify again',
      },
    ],
    run(ctx, { values, positionals }) {
      const core = ctx.core();
      const account = findAccount(core.repos.accounts, positionals[0]!);
      const result = core.alerts.mute({ accountId: account.id, kind: values.kind, muted });
      if (values.json) ctx.printJson(result);
      else
        ctx.print(
          muted
            ? `muted ${result.kind} alerts of ${account.label}: listed, never notified`
            : `${result.kind} alerts of ${account.label} notify again`,
        );
      return 0;
    },
  });
}

/**
 * `alerts [--account <id>] [--json]`: the alert history, oldest first; and what can be done
 * about an alert: `alerts snooze|unsnooze|dismiss|mute|unmute …`.
 */
export const alertsCommand = defineGroup({
  name: 'alerts',
  summary: 'the alert history, and snooze, dismiss or mute alerts',
  commands: [list, snooze, unsnooze, dismiss, muteCommand(true), muteCommand(false)],
  default: 'list',
  examples: [
    { run: 'alerts', does: 'every alert, oldest first, each with its id' },
    { run: 'alerts snooze main --for until-tomorrow', does: 'quiet until 09:00 tomorrow' },
    { run: 'alerts dismiss 12', does: 'alert #12 is put away' },
  ],
});
