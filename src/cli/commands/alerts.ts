import type { CliContext } from '../context.ts';
import { parse } from '../args.ts';
import { UserError } from '../../core/errors.ts';
import type { AlertEvent } from '../../shared/alerts.ts';

/** The contract's fields of one alert (`alerts --json` entries, `watch` alert lines). */
export function alertContractFields(
  e: AlertEvent,
): Pick<AlertEvent, 'accountId' | 'kind' | 'severity' | 'message' | 'at'> {
  return { accountId: e.accountId, kind: e.kind, severity: e.severity, message: e.message, at: e.at };
}

/** `alerts [--account <id>] [--json]`: the alert history, oldest first. */
export function alertsCommand(ctx: CliContext, argv: string[]): number {
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
      `${e.at}  ${e.severity.padEnd(8)}  ${e.message}${e.silenced ? `  (${e.silenced.replace('_', ' ')}, not notified)` : ''}`,
    );
  return 0;
}
