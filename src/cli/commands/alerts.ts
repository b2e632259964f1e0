import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse } from '../args.ts';
import { UserError } from '../../core/errors.ts';
import { resolveAccount } from '../../core/manual.ts';
import type { AlertEvent } from '../../shared/alerts.ts';
import { ALERT_KINDS, SNOOZE_CHOICES } from '../../shared/alert-kinds.ts';

/** The contract's fields of one alert (`alerts --json` entries, `watch` alert lines), plus its `id`. */
export function alertContractFields(
  e: AlertEvent,
): Pick<AlertEvent, 'id' | 'accountId' | 'kind' | 'severity' | 'message' | 'at'> {
  return { id: e.id, accountId: e.accountId, kind: e.kind, severity: e.severity, message: e.message, at: e.at };
}

const ACTIONS: Record<string, (ctx: CliContext, argv: string[]) => number> = {
  snooze,
  unsnooze,
  dismiss,
  mute: (ctx, argv) => mute(ctx, argv, true),
  unmute: (ctx, argv) => mute(ctx, argv, false),
};

/**
 * `alerts [--account <id>] [--json]`: the alert history, oldest first; and what can be done
 * about an alert: `alerts snooze|unsnooze|dismiss|mute|unmute …`.
 */
export function alertsCommand(ctx: CliContext, argv: string[]): number {
  const action = argv[0] !== undefined && Object.hasOwn(ACTIONS, argv[0]) ? ACTIONS[argv[0]] : undefined;
  if (action) return action(ctx, argv.slice(1));
  const { values } = parse(argv, { account: { type: 'string' }, json: { type: 'boolean' } });
  const core = ctx.core();
  let accountId: string | undefined;
  if (values.account !== undefined) {
    // A removed account's history is still reviewable by its id.
    const found = core.repos.accounts.get(values.account) ?? core.repos.accounts.findByIdOrLabel(values.account);
    if (!found) throw new UserError('not_found', `no account with id or label ${JSON.stringify(values.account)}`);
    accountId = found.id;
  }
  const history = core.alerts.history({ accountId });
  if (values.json) {
    ctx.printJson(history.map(alertContractFields));
    return 0;
  }
  if (history.length === 0) ctx.print('no alerts yet');
  for (const e of history)
    ctx.print(
      `#${e.id}  ${e.at}  ${e.severity.padEnd(8)}  ${e.message}${e.silenced ? `  (${e.silenced.replace('_', ' ')}, not notified)` : ''}${e.dismissedAt ? '  (dismissed)' : ''}`,
    );
  return 0;
}

function kindFlag(value: string | undefined): string | undefined {
  if (value !== undefined && !(ALERT_KINDS as readonly string[]).includes(value))
    throw new UsageError(`--kind must be one of ${ALERT_KINDS.join(', ')}`);
  return value;
}

/** `alerts snooze <account> [--kind k] [--for 1h|until-tomorrow|episode] [--json]` (default: an hour). */
function snooze(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    { kind: { type: 'string' }, for: { type: 'string' }, json: { type: 'boolean' } },
    1,
  );
  if (!positionals[0]) throw new UsageError('alerts snooze needs an account id or label');
  const choice = values.for ?? '1h';
  if (!(SNOOZE_CHOICES as readonly string[]).includes(choice))
    throw new UsageError(`--for must be one of ${SNOOZE_CHOICES.join(', ')}`);
  const core = ctx.core();
  const account = resolveAccount(core, positionals[0]);
  const result = core.alerts.snoozeFor({ accountId: account.id, kind: kindFlag(values.kind), for: choice });
  if (values.json) ctx.printJson(result);
  else {
    const what = `${result.kind ?? 'all'} alerts of ${account.label}`;
    ctx.print(
      result.until === null
        ? `snoozed ${what} until ${result.alerts === 1 ? 'the active one ends' : `the ${result.alerts} active ones end`}`
        : `snoozed ${what} until ${result.until}`,
    );
  }
  return 0;
}

/** `alerts unsnooze <account> [--kind k] [--json]`. */
function unsnooze(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { kind: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (!positionals[0]) throw new UsageError('alerts unsnooze needs an account id or label');
  const core = ctx.core();
  const account = resolveAccount(core, positionals[0]);
  const kind = kindFlag(values.kind) as AlertEvent['kind'] | undefined;
  core.alerts.unsnooze(account.id, kind);
  if (values.json) ctx.printJson({ accountId: account.id, kind: kind ?? null, unsnoozed: true });
  else ctx.print(`${kind ?? 'all'} alerts of ${account.label} are no longer snoozed`);
  return 0;
}

/** `alerts dismiss <alert-id> [--json]`: the id from `alerts --json`. */
function dismiss(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const raw = positionals[0];
  if (!raw) throw new UsageError('alerts dismiss needs an alert id (see: burnrate alerts --json)');
  if (!/^[1-9]\d{0,15}$/.test(raw.replace(/^#/, '')))
    throw new UsageError(`an alert id is a whole number, got ${JSON.stringify(raw)}`);
  const result = ctx.core().alerts.dismiss({ id: Number(raw.replace(/^#/, '')) });
  if (values.json) ctx.printJson(result);
  else
    ctx.print(
      result.episodeActive
        ? `dismissed alert #${result.id} (${result.kind}); it comes back if it gets worse or happens again`
        : `dismissed alert #${result.id} (${result.kind}); it had already ended`,
    );
  return 0;
}

/** `alerts mute|unmute <account> --kind <kind> [--json]`. */
function mute(ctx: CliContext, argv: string[], muted: boolean): number {
  const verb = muted ? 'mute' : 'unmute';
  const { values, positionals } = parse(argv, { kind: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (!positionals[0]) throw new UsageError(`alerts ${verb} needs an account id or label`);
  if (values.kind === undefined) throw new UsageError(`alerts ${verb} needs --kind <kind>`);
  const core = ctx.core();
  const account = resolveAccount(core, positionals[0]);
  const result = core.alerts.mute({ accountId: account.id, kind: kindFlag(values.kind), muted });
  if (values.json) ctx.printJson(result);
  else
    ctx.print(
      muted
        ? `muted ${result.kind} alerts of ${account.label}: listed, never notified`
        : `${result.kind} alerts of ${account.label} notify again`,
    );
  return 0;
}
