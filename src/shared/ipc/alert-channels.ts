/**
 * `channels:*`: where alerts go besides the desktop (webhook, ntfy, Telegram…). The URL and
 * secret travel renderer → main only, like keys; replies show the origin.
 */
import { z } from 'zod';
import type { Channel, ChannelTestResult } from '../alert-channels.ts';
import { channelAddInputSchema, channelIdSchema } from '../alert-channels.ts';
import type { InvokeChannel } from '../channels.ts';

export const alertChannelsChannels = {
  'channels:list': z.undefined(),
  'channels:add': channelAddInputSchema,
  'channels:remove': z.strictObject({ id: channelIdSchema }),
  'channels:test': z.strictObject({ id: channelIdSchema }),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface AlertChannelsResponses {
  'channels:list': Channel[];
  'channels:add': Channel;
  'channels:remove': { removed: true };
  'channels:test': ChannelTestResult;
}
