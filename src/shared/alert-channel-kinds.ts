/**
 * Alert channel kinds and the shapes the CLI, IPC and the Settings view share — without zod,
 * so the renderer can use them without bundling a schema library (its CSP forbids the eval
 * zod probes for). The schemas are in alert-channels.ts.
 */
import type { AlertKind, AlertSeverity } from './alerts.ts';

export const CHANNEL_KINDS = ['webhook', 'ntfy', 'gotify', 'bark', 'telegram', 'slack', 'discord'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

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

/** Alerts at this severity or above are sent (default: warning). */
export const DEFAULT_CHANNEL_MIN_SEVERITY: AlertSeverity = 'warning';

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
