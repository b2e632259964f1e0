import { createHmac } from 'node:crypto';
import type { AlertSeverity } from '../../shared/alerts.ts';
import type { ChannelKind, ChannelNotice } from '../../shared/alert-channels.ts';
import { CHANNEL_KIND_NAMES } from '../../shared/alert-channels.ts';
import { isLoopbackHost } from '../net/url-policy.ts';
import type { HttpResponse } from '../net/http.ts';
import { errorMessageOf, parseRetryAfter, tryParseJson } from '../providers/classify.ts';
import { scrubSecrets } from '../secrets/scrub.ts';

/*
 * How each service takes a message. Checked against each service's own docs or source (the
 * facts and their sources are in docs/provider-notes.md, "Alert channels"):
 * - webhook: our own JSON body (the ChannelNotice), POSTed; with a secret, the header
 *   `X-Burnrate-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`.
 * - ntfy: JSON published to the server's root URL {topic, title, message, priority 1-5, tags}
 *   (docs.ntfy.sh/publish, "Publish as JSON"); an access token as `Authorization: Bearer`.
 *   JSON, not headers, because titles hold non-ASCII ("CheapAI · main").
 * - Gotify: POST /message {title, message, priority} with the application token in
 *   `X-Gotify-Key` (gotify/server auth/authentication.go reads the query `token`, that header,
 *   or a Bearer token).
 * - Bark: POST /push {title, body, device_key, group, level} (Finb/bark-server docs/API_V2.md);
 *   the device key is the last path segment of the URL the app shows.
 * - Telegram: POST /bot<token>/sendMessage {chat_id, text ≤ 4096}; replies {ok, description,
 *   parameters.retry_after} (core.telegram.org/bots/api).
 * - Slack: POST the incoming-webhook URL {text}; 200 "ok", errors as plain-text codes.
 * - Discord: POST the webhook URL with ?wait=true {content ≤ 2000, allowed_mentions} (the
 *   reply then confirms the message); 429 bodies carry retry_after in seconds.
 */

/** What the keychain keeps for a channel: the whole URL (it may hold a token) and the secret. */
export interface ChannelConfig {
  url: string;
  secret: string | null;
}

export class ChannelInputError extends Error {
  override name = 'ChannelInputError';
}

export interface PreparedChannel {
  /** Shown and stored: the origin, with "/…" when the URL has more (which may be a token). */
  target: string;
  config: ChannelConfig;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  json: unknown;
}

export type ReplyVerdict =
  { ok: true } | { ok: false; retry: boolean; retryAfterMs: number | null; message: string; httpStatus: number | null };

const TOPIC_RE = /^[-_A-Za-z0-9]{1,64}$/;
const TELEGRAM_PATH_RE = /^(.*)\/bot(\d+:[A-Za-z0-9_-]+)(?:\/sendMessage)?\/?$/;
const TELEGRAM_CHAT_RE = /^(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$/;
const DISCORD_PATH_RE = /\/webhooks\/\d+\/[A-Za-z0-9_-]+\/?$/;

/** Check a URL a person gave for a channel of this kind; returns what to keep. */
export function prepareChannel(kind: ChannelKind, rawUrl: string, rawSecret: string | null): PreparedChannel {
  const name = CHANNEL_KIND_NAMES[kind];
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    throw new ChannelInputError(`not a valid URL (a ${name} URL starts with https://)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ChannelInputError(`the URL must use https (got ${url.protocol.replace(':', '')})`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new ChannelInputError(
      `the URL must use https; plain http is only allowed to this machine (127.0.0.1, localhost), not ${url.hostname}`,
    );
  if (url.username || url.password)
    throw new ChannelInputError('the URL must not contain a user name or password; give a token with --secret-stdin');
  if (url.hash) throw new ChannelInputError('the URL must not contain a fragment (#…)');
  let secret = rawSecret === null ? null : rawSecret.trim();
  if (secret !== null && !secret) secret = null;
  if (secret !== null && /[\r\n]/.test(secret)) throw new ChannelInputError('the secret contains a line break');
  const segments = url.pathname.split('/').filter(Boolean);
  const noQuery = () => {
    if (url.search) throw new ChannelInputError(`a ${name} URL takes no query string (?…)`);
  };
  const noSecret = (why: string) => {
    if (secret !== null) throw new ChannelInputError(`${name} takes no secret: ${why}`);
  };

  switch (kind) {
    case 'webhook':
      break;
    case 'ntfy': {
      noQuery();
      const topic = segments.at(-1);
      if (!topic || !TOPIC_RE.test(topic))
        throw new ChannelInputError('an ntfy URL ends with the topic, e.g. https://ntfy.sh/my-alerts');
      break;
    }
    case 'gotify': {
      const token = url.searchParams.get('token');
      for (const key of url.searchParams.keys())
        if (key !== 'token') throw new ChannelInputError(`a Gotify URL takes no ?${key}=`);
      if (token !== null && secret !== null)
        throw new ChannelInputError('give the Gotify application token once: in the URL (?token=) or on stdin');
      if (token !== null) {
        secret = token.trim() || null;
        url.search = '';
      }
      if (secret === null)
        throw new ChannelInputError(
          'Gotify needs an application token: --secret-stdin, or ?token=… at the end of the URL',
        );
      if (segments.at(-1) === 'message') url.pathname = `/${segments.slice(0, -1).join('/')}`;
      break;
    }
    case 'bark': {
      noQuery();
      noSecret('the device key is the last part of its URL');
      const key = segments.at(-1);
      if (!key || key === 'push' || !/^[A-Za-z0-9_-]{6,128}$/.test(key))
        throw new ChannelInputError('a Bark URL ends with the device key, e.g. https://api.day.app/<device key>');
      break;
    }
    case 'telegram': {
      noSecret('the bot token is part of its URL');
      const path = TELEGRAM_PATH_RE.exec(url.pathname);
      if (!path)
        throw new ChannelInputError(
          'a Telegram URL is https://api.telegram.org/bot<token>/sendMessage?chat_id=<chat id>',
        );
      const chat = url.searchParams.get('chat_id');
      for (const key of url.searchParams.keys())
        if (key !== 'chat_id') throw new ChannelInputError(`a Telegram URL takes no ?${key}=`);
      if (!chat || !TELEGRAM_CHAT_RE.test(chat))
        throw new ChannelInputError(
          'a Telegram URL needs ?chat_id=<chat id> (a number, or @channelname) naming where to send',
        );
      break;
    }
    case 'slack':
      noQuery();
      noSecret('an incoming-webhook URL carries its own token');
      if (segments.length === 0) throw new ChannelInputError('a Slack incoming-webhook URL has a path (…/services/…)');
      break;
    case 'discord':
      noQuery();
      noSecret('a webhook URL carries its own token');
      if (!DISCORD_PATH_RE.test(url.pathname))
        throw new ChannelInputError('a Discord URL is https://discord.com/api/webhooks/<id>/<token>');
      break;
  }
  const full = url.toString();
  return { target: segments.length || url.search ? `${url.origin}/…` : url.origin, config: { url: full, secret } };
}

/** Every string in a channel's config that must never be shown: the URL, its parts and the secret. */
export function secretsOf(config: ChannelConfig): string[] {
  const out = [config.secret ?? ''];
  try {
    const url = new URL(config.url);
    // Every part of the path and query may be the token (a Slack or Discord webhook, a Bark
    // device key, an ntfy topic), except the services' own method and path names: those
    // are public, and as "secrets" their pieces would blank words like "message" out of text.
    for (const segment of url.pathname.split('/')) if (!PUBLIC_PATH_SEGMENTS.has(segment)) out.push(segment);
    for (const value of url.searchParams.values()) out.push(value);
  } catch {
    out.push(config.url); // an unreadable URL is redacted whole
  }
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** Path segments the services themselves define (Telegram's method, Slack's and Discord's webhook paths, Bark's and Gotify's endpoints). */
const PUBLIC_PATH_SEGMENTS = new Set(['sendMessage', 'services', 'api', 'webhooks', 'message', 'push']);

/** Remove a channel's URL, token and secret from text that is stored or shown. */
export function redactChannel(text: string, config: ChannelConfig | null): string {
  return scrubSecrets(text, config ? secretsOf(config) : []);
}

const NTFY_PRIORITY: Record<AlertSeverity, number> = { info: 3, warning: 4, critical: 5 };
const NTFY_TAG: Record<AlertSeverity, string> = {
  info: 'information_source',
  warning: 'warning',
  critical: 'rotating_light',
};
const GOTIFY_PRIORITY: Record<AlertSeverity, number> = { info: 2, warning: 5, critical: 8 };
const BARK_LEVEL: Record<AlertSeverity, string> = { info: 'passive', warning: 'active', critical: 'timeSensitive' };

/** "CheapAI · main" and "balance is low…": the message split where the app splits it. */
function split(notice: ChannelNotice): { title: string; body: string } {
  const at = notice.message.indexOf(' — ');
  if (at < 0) return { title: 'Burnrate', body: notice.message };
  return { title: notice.message.slice(0, at), body: notice.message.slice(at + 3) };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line for chat services: "[critical] CheapAI · main — out of balance…". */
function line(notice: ChannelNotice): string {
  return `[${notice.severity}] ${notice.message}`;
}

/** The exact JSON text a webhook receives, and its signature. */
export function webhookBody(notice: ChannelNotice): string {
  return JSON.stringify(notice);
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The request that delivers a notice through a channel. */
export function buildRequest(kind: ChannelKind, config: ChannelConfig, notice: ChannelNotice): OutgoingRequest {
  const url = new URL(config.url);
  const { title, body } = split(notice);
  const segments = url.pathname.split('/').filter(Boolean);
  const base = (keep: number) => `${url.origin}${keep > 0 ? `/${segments.slice(0, keep).join('/')}` : ''}`;
  switch (kind) {
    case 'webhook': {
      const headers: Record<string, string> = {};
      // The client serialises `json` with JSON.stringify too: the same text is signed and sent.
      if (config.secret) headers['x-burnrate-signature'] = signature(webhookBody(notice), config.secret);
      return { url: config.url, headers, json: notice };
    }
    case 'ntfy':
      return {
        url: `${base(segments.length - 1)}/`,
        headers: config.secret ? { authorization: `Bearer ${config.secret}` } : {},
        json: {
          topic: segments.at(-1),
          title: clip(`Burnrate: ${title}`, 250),
          message: clip(body, 3500),
          priority: NTFY_PRIORITY[notice.severity],
          tags: [NTFY_TAG[notice.severity]],
        },
      };
    case 'gotify':
      return {
        url: `${base(segments.length)}/message`,
        headers: { 'x-gotify-key': config.secret ?? '' },
        json: { title: `Burnrate: ${title}`, message: body, priority: GOTIFY_PRIORITY[notice.severity] },
      };
    case 'bark':
      return {
        url: `${base(segments.length - 1)}/push`,
        headers: {},
        json: {
          title: `Burnrate: ${title}`,
          body,
          device_key: segments.at(-1),
          group: 'Burnrate',
          level: BARK_LEVEL[notice.severity],
        },
      };
    case 'telegram': {
      const path = TELEGRAM_PATH_RE.exec(url.pathname)!;
      return {
        url: `${url.origin}${path[1]}/bot${path[2]}/sendMessage`,
        headers: {},
        json: {
          chat_id: url.searchParams.get('chat_id'),
          text: clip(`Burnrate ${line(notice)}`, 4096),
          disable_web_page_preview: true,
        },
      };
    }
    case 'slack':
      return { url: config.url, headers: {}, json: { text: clip(`Burnrate ${line(notice)}`, 3000) } };
    case 'discord':
      return {
        url: `${config.url.replace(/\/$/, '')}?wait=true`,
        headers: {},
        // No @everyone or role pings, whatever a label says.
        json: { content: clip(`Burnrate ${line(notice)}`, 2000), allowed_mentions: { parse: [] } },
      };
  }
}

/** Statuses worth another try: the receiver is busy or broken for now, not refusing us. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Judge a receiver's reply. Failures say why in one key-free line (the caller redacts the channel's own secrets). */
export function judgeReply(kind: ChannelKind, res: HttpResponse, now: number): ReplyVerdict {
  const json = tryParseJson(res.text) as Record<string, unknown> | undefined;
  if (res.status >= 200 && res.status < 300) {
    // Telegram answers 200 {"ok":true}; an {"ok":false} says what went wrong.
    if (kind === 'telegram' && json && json.ok === false)
      return {
        ok: false,
        retry: false,
        retryAfterMs: null,
        httpStatus: res.status,
        message: `Telegram refused the message: ${String(json.description ?? 'no reason given')}`,
      };
    return { ok: true };
  }
  const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], now) ?? retryAfterInBody(json);
  const said = describe(kind, res.status, json, res.text);
  return {
    ok: false,
    retry: RETRYABLE.has(res.status) || res.status >= 500,
    retryAfterMs: retryAfterSeconds === null ? null : Math.round(retryAfterSeconds * 1000),
    httpStatus: res.status,
    message: said,
  };
}

function retryAfterInBody(json: Record<string, unknown> | undefined): number | null {
  if (!json) return null;
  const params = json.parameters as { retry_after?: unknown } | undefined;
  const value = params?.retry_after ?? json.retry_after;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, 3600) : null;
}

function describe(kind: ChannelKind, status: number, json: Record<string, unknown> | undefined, text: string): string {
  const reason =
    (json && typeof json.description === 'string' ? json.description : null) ??
    errorMessageOf(text) ??
    'no reason given';
  const hint =
    status === 401 || status === 403
      ? ' (check the token or secret)'
      : status === 404 || status === 410
        ? ` (the ${CHANNEL_KIND_NAMES[kind]} receiver does not know this URL; was it removed?)`
        : '';
  return `HTTP ${status}: ${clip(reason, 200)}${hint}`;
}
