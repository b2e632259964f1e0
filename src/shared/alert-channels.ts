/**
 * Alert channels: where alerts go beyond the desktop. The schemas the CLI (`channels … --json`),
 * IPC (`channels:*`) and main validate with. Pure zod: no runtime imports.
 */
import { z } from 'zod';
import { alertSeveritySchema } from './alerts.ts';
import { CHANNEL_KINDS } from './alert-channel-kinds.ts';
export * from './alert-channel-kinds.ts';

export const channelKindSchema = z.enum(CHANNEL_KINDS);

export const channelIdSchema = z.string().regex(/^chn_[a-z2-7]{12}$/, 'not a channel id');

/**
 * A new channel. `url` is the address the service gave (it may carry a token: it goes to the
 * keychain, never to the database); `secret` is the webhook signing secret or the service's
 * access token (ntfy, Gotify).
 */
export const channelAddInputSchema = z.strictObject({
  kind: channelKindSchema,
  url: z.string().trim().min(1, 'the URL is empty').max(2048, 'the URL is longer than 2048 characters'),
  secret: z.string().max(4096, 'the secret is longer than 4096 characters').optional(),
  minSeverity: alertSeveritySchema.optional(),
});
