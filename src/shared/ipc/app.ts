/**
 * `app:*`: what the app is and where its data lives, and the pages and folders the window
 * may ask main to open (it names them, never a URL or a path).
 */
import { z } from 'zod';
import type { InvokeChannel } from '../channels.ts';

const providerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'not a provider id');

export const appChannels = {
  'app:info': z.undefined(),
  /** Open a provider's API documentation in the browser: the window names the provider, never a URL. */
  'app:openDocs': z.strictObject({ provider: providerIdSchema }),
  /** Open a provider's billing page ("Top up"): the window names the provider, never a URL. */
  'app:openBilling': z.strictObject({ provider: providerIdSchema }),
  /** Show the folder of the log in the file manager (Settings → "Open log folder"). */
  'app:openLogFolder': z.undefined(),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface AppInfo {
  version: string;
  platform: string;
  home: string;
  /** True while the window shows the demo's made-up accounts instead of the user's. */
  demo: boolean;
  /**
   * Set when the database could not be used at start-up (damaged, or from a newer Burnrate)
   * and was moved aside, never deleted: the window tells the person where it went.
   */
  movedAside: { from: string; to: string; reason: string } | null;
}

export interface AppResponses {
  'app:info': AppInfo;
  'app:openDocs': { opened: string };
  'app:openBilling': { opened: string };
  'app:openLogFolder': { opened: string };
}
