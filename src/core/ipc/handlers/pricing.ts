/** `pricing:*` and `prices:*`: what a balance buys, what a job costs, and a person's own prices. */
import type { pricingChannels } from '../../../shared/ipc/pricing.ts';
import { accountBuys, accountEstimate, accountSetPrice, removeOwnPrice } from '../../window/pricing.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';

export function pricingHandlers(h: HandlerContext): HandlerGroup<keyof typeof pricingChannels> {
  return {
    'pricing:buys': ({ id }) => accountBuys(h.session().core, id),
    'pricing:estimate': (input) => accountEstimate(h.session().core, input),
    'prices:set': (input) => accountSetPrice(h.session().core, input),
    'prices:remove': ({ id }) => removeOwnPrice(h.session().core, id),
  };
}
