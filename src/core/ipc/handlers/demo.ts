/** `demo:*`: switch the window to the demo's own data home, and back to the user's. */
import path from 'node:path';
import type { demoChannels } from '../../../shared/ipc/demo.ts';
import { startDemo } from '../../demo.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';
import { appInfo } from './app.ts';

export function demoHandlers(h: HandlerContext): HandlerGroup<keyof typeof demoChannels> {
  const { ctx } = h;
  return {
    'demo:start': async () => {
      if (h.session().demo) return appInfo(ctx, h.session());
      const home = ctx.demoHome ?? path.join(ctx.core.home, 'demo');
      return h.switchTo(await startDemo({ home }));
    },
    'demo:stop': () => h.switchTo(null),
  };
}
