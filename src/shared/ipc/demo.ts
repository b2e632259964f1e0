/** `demo:*`: switch the window to the demo's made-up accounts (its own data home), and back. */
import { z } from 'zod';
import type { InvokeChannel } from '../channels.ts';
import type { AppInfo } from './app.ts';

export const demoChannels = {
  'demo:start': z.undefined(),
  'demo:stop': z.undefined(),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

/** Both answer with the app's info as it is after the switch (`demo` says which data shows). */
export interface DemoResponses {
  'demo:start': AppInfo;
  'demo:stop': AppInfo;
}
