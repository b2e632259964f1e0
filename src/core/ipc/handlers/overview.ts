/** `status:get`, `overview:get`, `account:detail`: figures computed in core, read as they are. */
import type { overviewChannels } from '../../../shared/ipc/overview.ts';
import { computeStatus } from '../../analytics/status.ts';
import { accountDetail, overview } from '../../window/overview.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';

export function overviewHandlers(h: HandlerContext): HandlerGroup<keyof typeof overviewChannels> {
  return {
    'status:get': () => computeStatus(h.session().core),
    'overview:get': () => {
      const s = h.session();
      const schedule = s.poller?.status().accounts ?? [];
      return overview(s.core, { nextPollAt: (id) => schedule.find((a) => a.accountId === id)?.nextAt ?? null });
    },
    'account:detail': ({ id }) => accountDetail(h.session().core, id),
  };
}
