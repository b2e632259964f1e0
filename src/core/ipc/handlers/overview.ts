/** `status:get`, `overview:get`, `account:detail`: figures computed in core, read as they are. */
import type { overviewChannels } from '../../../shared/ipc/overview.ts';
import { computeStatusYielding } from '../../analytics/status.ts';
import { accountDetail, overviewYielding } from '../../window/overview.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';

export function overviewHandlers(h: HandlerContext): HandlerGroup<keyof typeof overviewChannels> {
  return {
    // Both give main's event loop back between accounts: a cold first one, or many accounts,
    // never hold the window, the tray and the poller for long.
    'status:get': () => computeStatusYielding(h.session().core),
    'overview:get': () => {
      const s = h.session();
      const schedule = s.poller?.status().accounts ?? [];
      return overviewYielding(s.core, { nextPollAt: (id) => schedule.find((a) => a.accountId === id)?.nextAt ?? null });
    },
    'account:detail': ({ id }) => accountDetail(h.session().core, id),
  };
}
