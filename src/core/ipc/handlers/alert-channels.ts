/** `channels:*`: where alerts go besides the desktop. A channel's secret goes to the keychain. */
import type { alertChannelsChannels } from '../../../shared/ipc/alert-channels.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';

export function alertChannelsHandlers(h: HandlerContext): HandlerGroup<keyof typeof alertChannelsChannels> {
  return {
    'channels:list': () => h.session().core.channels.list(),
    'channels:add': async (input) => {
      const channel = await h.session().core.channels.add(input);
      h.keychain.worked();
      return channel;
    },
    'channels:remove': async ({ id }) => {
      await h.session().core.channels.remove(id);
      return { removed: true as const };
    },
    'channels:test': ({ id }) => h.session().core.channels.test(id),
  };
}
