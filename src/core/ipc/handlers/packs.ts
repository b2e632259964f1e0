/** `packs:*`: packs bought for an account, and the packs its provider sells. */
import type { packsChannels } from '../../../shared/ipc/packs.ts';
import { addPack, listPacks, removePack } from '../../analytics/packs.ts';
import { accountPackOffers } from '../../window/pricing.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';
import { requireId } from '../context.ts';

export function packsHandlers(h: HandlerContext): HandlerGroup<keyof typeof packsChannels> {
  return {
    'packs:list': ({ accountId }) => listPacks(h.session().core, requireId(h.session(), accountId)),
    'packs:add': (input) => {
      const pack = addPack(h.session().core, { ...input, accountId: requireId(h.session(), input.accountId) });
      h.emit('readings:changed', { accountId: pack.accountId });
      return pack;
    },
    'packs:remove': ({ id }) => {
      removePack(h.session().core, id);
      h.emit('readings:changed', { accountId: null });
      return { removed: true as const };
    },
    'packs:catalog': ({ accountId }) => accountPackOffers(h.session().core, accountId),
  };
}
