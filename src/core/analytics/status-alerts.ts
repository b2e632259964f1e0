import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { StatusAlert } from '../../shared/status.ts';

export type { StatusAlert } from '../../shared/status.ts';

/** Where status gets an account's alerts whose episode is still on. */
export type StatusAlertSource = (core: Core, account: StoredAccount, now: number) => StatusAlert[];

/**
 * The seam for the alerts engine: status calls this for every account and reports the
 * alerts whose episode is still on (core.alerts.active), oldest first.
 */
export const activeAlerts: StatusAlertSource = (core, account) =>
  core.alerts.active({ accountId: account.id }).map(({ kind, severity, message }) => ({ kind, severity, message }));
