import type { KeyState } from '../../shared/states.ts';
import type { HttpResponse } from '../net/http.ts';

/**
 * The design's state table, shared by every adapter. Adapters handle their 2xx bodies and
 * any provider-specific wording; everything else falls through to `classifyFailure`.
 */

const MAX_MESSAGE = 300;

/** Parse JSON if the text is JSON; undefined otherwise (HTML pages, empty bodies, truncation). */
export function tryParseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed || (trimmed[0] !== '{' && trimmed[0] !== '[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(<!doctype html|<html|<head|<body|<\?xml)/i.test(text) || /<\/(html|body|title)>/i.test(text.slice(0, 4096))
  );
}

/**
 * The human message inside an error body, whatever its shape:
 * `{"error":"..."}`, `{"error":{"message","type","code"}}`, `{"success":false,"message"}`,
 * `{"msg"}`, `{"detail"}`, an HTML page's title, or plain text.
 */
export function errorMessageOf(text: string): string | null {
  const json = tryParseJson(text);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const err = o.error;
    if (typeof err === 'string' && err) return clip(err);
    if (err && typeof err === 'object') {
      const m = (err as Record<string, unknown>).message;
      if (typeof m === 'string' && m) return clip(m);
    }
    for (const field of ['message', 'msg', 'detail', 'error_msg', 'errorMessage']) {
      const v = o[field];
      if (typeof v === 'string' && v) return clip(v);
    }
    const detail = o.detail;
    if (detail && typeof detail === 'object') {
      const m = (detail as Record<string, unknown>).message;
      if (typeof m === 'string') return clip(m);
    }
    return null;
  }
  if (looksLikeHtml(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? clip(`HTML page: ${title}`) : 'HTML page instead of JSON';
  }
  const plain = text.trim();
  return plain ? clip(plain.split('\n')[0]!) : null;
}

/** Machine-readable error code/type in a body, lower-cased (e.g. "insufficient_user_quota"). */
export function errorCodeOf(text: string): string | null {
  const json = tryParseJson(text);
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  const err = o.error;
  const pick = (v: unknown) =>
    typeof v === 'string' && v ? v.toLowerCase() : typeof v === 'number' ? String(v) : null;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    return pick(e.code) ?? pick(e.type);
  }
  return pick(o.code) ?? pick(o.type);
}

/**
 * `Retry-After` in either form: delta-seconds ("120", "1.5") or an HTTP date. Returns
 * seconds from `now` (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, now: number): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Number(value), 7 * 24 * 3600);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), 7 * 24 * 3600);
}

const EXPIRED_RE = /expir|已过期|过期/i;
const DAILY_CAP_RE = /daily|per[- ]day|spend(ing)? (cap|limit)|key (spend )?limit|每日|日限额/i;
// Out of money, not out of permission: "insufficient privilege" must stay an auth failure.
const INSUFFICIENT_RE =
  /(insufficient|not enough|exhausted|used up|out of|no)\s+(\w+\s+)?(quota|balance|credits?|funds)|(quota|balance|credits?)\s+(is\s+)?(exhausted|used up|not enough|insufficient)|余额不足|额度不足/i;

export interface FailureClass {
  state: KeyState;
  message: string;
}

/**
 * Classify a non-2xx reply (or a 2xx an adapter could not use) by the design's table:
 * 401/403 → invalid_key (expired_key when the body says so), 402 → insufficient_balance,
 * new-api's 403 insufficient_user_quota → insufficient_balance, 429 → daily_cap_reached
 * when the body names a daily/spend limit else rate_limited, 5xx → server_error, other
 * 4xx → bad_response.
 */
export function classifyFailure(res: Pick<HttpResponse, 'status' | 'text' | 'credentialsWithheldAt'>): FailureClass {
  const { status, text } = res;
  const message = errorMessageOf(text);
  const code = errorCodeOf(text) ?? '';
  const said = (fallback: string) => message ?? fallback;
  const withheld = res.credentialsWithheldAt
    ? ` (redirected to ${res.credentialsWithheldAt}; the key was not sent there)`
    : '';
  if (status === 402) return { state: 'insufficient_balance', message: said('payment required: balance exhausted') };
  if (status === 401 || status === 403) {
    if (
      code === 'insufficient_user_quota' ||
      (status === 403 && INSUFFICIENT_RE.test(`${code} ${message ?? ''}`) && !EXPIRED_RE.test(message ?? ''))
    ) {
      return { state: 'insufficient_balance', message: said('insufficient quota') };
    }
    if (EXPIRED_RE.test(`${code} ${message ?? ''}`))
      return { state: 'expired_key', message: said('the key has expired') };
    return {
      state: 'invalid_key',
      message: said(status === 401 ? 'unauthorized: the key was refused' : 'forbidden') + withheld,
    };
  }
  if (status === 429) {
    if (DAILY_CAP_RE.test(`${code} ${message ?? ''}`))
      return { state: 'daily_cap_reached', message: said('daily limit reached') };
    return { state: 'rate_limited', message: said('rate limited') };
  }
  if (status >= 500) return { state: 'server_error', message: `HTTP ${status}: ${said('server error')}` };
  if (status >= 200 && status < 300) return { state: 'bad_response', message: said('unexpected reply') };
  return {
    state: 'bad_response',
    message: `HTTP ${status}: ${said('unexpected status')}${status === 404 ? ' (check the base URL)' : ''}`,
  };
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_MESSAGE ? `${one.slice(0, MAX_MESSAGE - 1)}…` : one;
}
