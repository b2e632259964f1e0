/** `app:*`: the app's info, and the pages and folders main opens for the window. */
import fs from 'node:fs';
import type { appChannels } from '../../../shared/ipc/app.ts';
import type { AppInfo } from '../../../shared/ipc.ts';
import { UserError } from '../../errors.ts';
import { providerBillingUrl, providerDocsUrl } from '../../external-links.ts';
import { logDir } from '../../log/paths.ts';
import type { ApiContext, HandlerContext, HandlerGroup, Session } from '../context.ts';

export function appHandlers(h: HandlerContext): HandlerGroup<keyof typeof appChannels> {
  const { ctx } = h;
  const open = async (url: string) => {
    if (!ctx.openExternal) throw new UserError('unsupported', 'this window cannot open web pages');
    await ctx.openExternal(url);
    return { opened: url };
  };
  return {
    'app:info': () => appInfo(ctx, h.session()),
    'app:openDocs': ({ provider }) => open(providerDocsUrl(provider)),
    'app:openBilling': ({ provider }) => open(providerBillingUrl(provider)),
    'app:openLogFolder': async () => {
      // The app's own log, whichever data the window shows (the demo has no log of its own).
      const folder = logDir(ctx.core.home);
      if (!ctx.openFolder) throw new UserError('unsupported', 'this window cannot open folders');
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      await ctx.openFolder(folder);
      return { opened: folder };
    },
  };
}

export function appInfo(ctx: ApiContext, s: Session): AppInfo {
  return {
    version: ctx.version,
    platform: ctx.platform,
    home: s.core.home,
    demo: ctx.demo || s.demo !== null,
    movedAside: ctx.core.movedAside,
  };
}
