/** `settings:*`: a change is applied to the OS (login item, theme, /metrics) before it is answered. */
import type { settingsChannels } from '../../../shared/ipc/settings.ts';
import { readSettings, writeSettings } from '../../window/settings.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';

export function settingsHandlers(h: HandlerContext): HandlerGroup<keyof typeof settingsChannels> {
  const { ctx } = h;
  return {
    // The language is the user's own, also while the demo runs: read and written on ctx.core.
    'settings:get': () => readSettings(h.session().core, ctx.systemLocale, ctx.core),
    'settings:set': async (patch) => {
      const { core } = h.session();
      const before = readSettings(core, ctx.systemLocale, ctx.core);
      let after = writeSettings(core, patch, ctx.systemLocale, ctx.core);
      if (after.launchAtLogin !== before.launchAtLogin) await ctx.setLaunchAtLogin?.(after.launchAtLogin);
      if (after.theme !== before.theme) ctx.setTheme?.(after.theme);
      if (after.locale !== before.locale) ctx.setLocale?.(after.locale);
      if (after.metricsEnabled !== before.metricsEnabled || after.metricsPort !== before.metricsPort) {
        try {
          await ctx.metrics?.apply({ enabled: after.metricsEnabled, port: after.metricsPort });
        } catch (error) {
          // Not listening: the stored setting goes back to what runs, and the window says why.
          after = writeSettings(
            core,
            { metricsEnabled: before.metricsEnabled, metricsPort: before.metricsPort },
            ctx.systemLocale,
            ctx.core,
          );
          h.emit('settings:changed', after);
          throw error;
        }
      }
      h.emit('settings:changed', after);
      return after;
    },
  };
}
