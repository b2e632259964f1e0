/**
 * Alert channels: where alerts go beyond the desktop. The shapes the CLI (`channels … --json`),
 * IPC (`channels:*`) and the Settings view share. Pure zod: no runtime imports.
 */
import { z } from 'zod';
import { alertSeveritySchema } from './alerts.ts';
import type { AlertKind, AlertSeverity } from './alerts.ts';

export const CHANNEL_KINDS = ['webhook', 'ntfy', 'gotify', 'bark', 'telegram', 'slack', 'discord'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const channelKindSchema = z.enum(CHANNEL_KINDS);

/** What each kind is called where a person reads it. */
export const CHANNEL_KIND_NAMES: Record<ChannelKind, string> = {
  webhook: 'Webhook',
  ntfy: 'ntfy',
  gotify: 'Gotify',
  bark: 'Bark',
  telegram: 'Telegram bot',
  slack: 'Slack',
  discord: 'Discord',
};

export const channelIdSchema = z.string().regex(/^chn_[a-z2-7]{12}$/, 'not a channel id');

/** Alerts at this severity or above are sent (default: warning). */
export const DEFAULT_CHANNEL_MIN_SEVERITY: AlertSeverity = 'warning';

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
export type ChannelAddInput = z.infer<typeof channelAddInputSchema>;

/** A channel as listed: never its URL or secret, only where it points (`https://hooks.slack.com/…`). */
export interface Channel {
  id: string;
  kind: ChannelKind;
  /** The URL's origin; the rest, which may hold a token, is shown as "…". */
  target: string;
  minSeverity: AlertSeverity;
  /** Whether a signing secret or access token is kept in the keychain for it. */
  hasSecret: boolean;
  enabled: boolean;
  /** ISO times. */
  createdAt: string;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** Why the last failed delivery failed (key- and token-free). */
  lastError: string | null;
}

/** The result of `channels test`: one delivery with retries, awaited. */
export interface ChannelTestResult {
  id: string;
  ok: boolean;
  /** The receiver's last HTTP status; null when none answered. */
  httpStatus: number | null;
  attempts: number;
  message: string;
}

/**
 * What a channel is told about one alert. The webhook body is exactly this (with `kind:
 * "test"` for `channels test`); the other kinds render it as their service's message.
 */
export interface ChannelNotice {
  kind: AlertKind | 'test';
  severity: AlertSeverity;
  message: string;
  /** ISO time the alert fired. */
  at: string;
  account: { id: string; label: string; provider: string } | null;
  /** The figures that raised the alert (balance, runway, cap…), in the status contract's words. */
  figures: Record<string, unknown>;
}
