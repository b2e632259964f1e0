/** `alerts:*`: the alert history and what is on now, and what a person does about them. */
import type { alertsChannels } from '../../../shared/ipc/alerts.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';

export function alertsHandlers(h: HandlerContext): HandlerGroup<keyof typeof alertsChannels> {
  return {
    'alerts:list': ({ accountId, limit }) => {
      const { core } = h.session();
      if (accountId !== undefined) core.accounts.require(accountId);
      return { alerts: core.alerts.history({ accountId, limit: limit ?? 200 }) };
    },
    'alerts:active': ({ accountId }) => {
      const { core } = h.session();
      if (accountId !== undefined) core.accounts.require(accountId);
      return { alerts: core.alerts.active({ accountId }) };
    },
    'alerts:snooze': (input) => h.session().core.alerts.snoozeFor(input),
    'alerts:unsnooze': ({ accountId, kind }) => {
      h.session().core.alerts.unsnooze(accountId, kind);
      return { unsnoozed: true as const };
    },
    'alerts:dismiss': (input) => h.session().core.alerts.dismiss(input),
    'alerts:mute': (input) => h.session().core.alerts.mute(input),
    'alerts:accountSettings': ({ accountId }) => ({
      accountId,
      ...h.session().core.alerts.getAccountSettings(accountId),
    }),
    'alerts:setAccountSettings': ({ accountId, patch, inherit }) => {
      const { core } = h.session();
      core.alerts.setAccountSettings(accountId, patch, inherit);
      return { accountId, ...core.alerts.getAccountSettings(accountId) };
    },
  };
}
