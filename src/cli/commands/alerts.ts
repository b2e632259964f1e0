import { defineCommand, JSON_FLAG } from '../command.ts';
import { findAccount } from '../../core/account-ref.ts';
import type { AlertEvent } from '../../shared/alerts.ts';
import { renderTable } from '../ui/table.ts';
import { localStamp } from '../ui/format.ts';
import { severityCell, silencedText } from '../ui/looks.ts';

/** The contract's fields of one alert (`alerts --json` entries, `watch` alert lines). */
export function alertContractFields(
  e: AlertEvent,
): Pick<AlertEvent, 'accountId' | 'kind' | 'severity' | 'message' | 'at'> {
  return { accountId: e.accountId, kind: e.kind, severity: e.severity, message: e.message, at: e.at };
}

export const alertsCommand = defineCommand({
  name: 'alerts',
  summary: 'the alert history, oldest first',
  description:
    'Alerts are raised on every stored reading, whichever process stored it (the app, poll, watch): low and empty balances, caps, keys, expiring packs, stale readings and top-ups.',
  flags: {
    account: {
      type: 'string',
      value: '<id|label>',
      complete: 'account',
      help: "only this account's (a removed account by its id)",
    },
    json: JSON_FLAG,
  },
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
          { header: 'TIME' },
          { header: 'ACCOUNT', flex: true, min: 8 },
          { header: 'SEVERITY' },
          { header: 'ALERT', flex: true, min: 20 },
        ],
        history.map((e) => [
          localStamp(e.at),
          labels.get(e.accountId) ?? e.accountId,
          severityCell(e.severity),
          `${e.body || e.message}${silencedText(e.silenced)}`,
        ]),
        ctx,
      ),
    );
    return 0;
  },
});
