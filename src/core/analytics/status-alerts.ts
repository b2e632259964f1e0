import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { StatusAlert } from '../../shared/status.ts';

export type { StatusAlert } from '../../shared/status.ts';

/** Where status gets an account's alerts whose episode is still on. */
export type StatusAlertSource = (core: Core, account: StoredAccount, now: number) => StatusAlert[];

/**
 * The seam for the alerts engine: status calls this for every account and reports the
 * alerts whose episode is still on (core.alerts.active), oldest first, phrased relative to
 * the report's time (so `status --now X` speaks relative to X).
 */
export const activeAlerts: StatusAlertSource = (core, account, now) =>
  core.alerts
    .active({ accountId: account.id, now })
    .map(({ kind, severity, message, times, phrase, snoozedUntil, quiet }) => ({
      kind,
      severity,
      message,
      ...(times && Object.keys(times).length > 0 ? { times } : {}),
      ...(phrase ? { phrase } : {}),
      ...(snoozedUntil ? { snoozedUntil } : {}),
      ...(quiet ? { quiet } : {}),
    }));
