import { lookup as dnsLookup } from 'node:dns/promises';
import { containsSecret } from '../secrets/scrub.ts';
import { isIP } from 'node:net';
import {
  checkBaseUrl,
  isLoopbackAddress,
  isLoopbackHost,
  isNonPublicAddress,
  redirectProblem,
  sameOrigin,
  UrlPolicyError,
} from './url-policy.ts';

/**
 * The one way Burnrate talks to providers. Every request has a deadline covering the
 * whole exchange (a reply that drips one byte a second still times out), a cap on the
 * body size, and a redirect policy: redirects are followed by hand, only to URLs our
 * policy allows (https, or http to loopback; never from https down to http; never from a
 * provider on the internet to this machine or the local network).
 *
 * Credentials never cross origins. Where the key goes is the caller's business (any header
 * name, any scheme, a query or body field), so the rule is not a list of header names: once a
 * redirect leaves the first origin, none of the headers the caller gave are sent again —
 * only the client's own `accept` and `user-agent` — and a redirect whose URL or body would
 * still carry one of the request's `secrets` is refused.
 */

/** `policy`: a URL Burnrate does not send requests to (plain http off this machine). */
export type HttpFailureKind = 'timeout' | 'network' | 'too_large' | 'redirect' | 'policy';

export class HttpFailure extends Error {
  override name = 'HttpFailure';
  readonly kind: HttpFailureKind;
  constructor(kind: HttpFailureKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** JSON-encoded for you. */
  json?: unknown;
  /** Overrides the client's default deadline for this request. */
  timeoutMs?: number;
  /**
   * The key (and any part of it) the request is made with. Nothing carrying one of these is
   * sent to an origin other than the first (see `withSecrets`, which runPoll applies).
   */
  secrets?: readonly string[];
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  /** The URL that answered (after redirects). */
  url: string;
  /** Set when a redirect left the first origin, so credentials were not sent there. */
  credentialsWithheldAt: string | null;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  fetch?: typeof globalThis.fetch;
  /** Deadline for a whole request, headers and body. */
  timeoutMs?: number;
  /** Largest body we read; a balance reply is a few hundred bytes. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Resolves a host name to its addresses (tests give a fake resolver); DNS by default. */
  lookup?: HostLookup;
}

export type HostLookup = (hostname: string) => Promise<string[]>;

const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The same client, with `secrets` added to every request made through it. */
export function withSecrets(http: HttpClient, secrets: ReadonlyArray<string | null | undefined>): HttpClient {
  const bound = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (bound.length === 0) return http;
  return { request: (req) => http.request({ ...req, secrets: [...(req.secrets ?? []), ...bound] }) };
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? 'Burnrate (balance monitor)';
  const lookup = options.lookup ?? systemLookup;

  return {
    async request(req) {
      const timeoutMs = req.timeoutMs ?? defaultTimeout;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const timeoutMessage = `no complete answer within ${formatSeconds(timeoutMs)}`;
      try {
        let url = req.url;
        let method = req.method ?? 'GET';
        let body = req.json === undefined ? undefined : JSON.stringify(req.json);
        const secrets = (req.secrets ?? []).filter((secret) => secret.length > 0);
        // The client's own headers: the only ones another origin ever gets.
        const ownHeaders = (): Record<string, string> => ({
          accept: 'application/json',
          'user-agent': userAgent,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        });
        let headers: Record<string, string> = { ...ownHeaders(), ...lowerKeys(req.headers ?? {}) };
        const firstUrl = url;
        let withheldAt: string | null = null;
        const refuse = (why: string) =>
          new HttpFailure('redirect', `redirected to a URL Burnrate will not follow (${why})`);

        for (let hop = 0; ; hop++) {
          // Every hop, the first included (a URL can come from an older database or an import):
          // https anywhere, plain http only to this machine, checked where it connects.
          const targets = await connectTargets(url, lookup, controller.signal, timeoutMessage);
          let response: Response | undefined;
          for (let i = 0; response === undefined; i++) {
            try {
              response = await doFetch(targets[i]!, {
                method,
                headers,
                body,
                redirect: 'manual',
                signal: controller.signal,
              });
            } catch (error) {
              if (controller.signal.aborted) throw new HttpFailure('timeout', timeoutMessage);
              // localhost with both 127.0.0.1 and ::1: a gateway listening on one of them.
              if (i + 1 < targets.length && networkCode(error) === 'ECONNREFUSED') continue;
              throw new HttpFailure('network', describeNetworkError(error));
            }
          }
          if (REDIRECT_STATUSES.has(response.status) && response.headers.get('location')) {
            await response.body?.cancel().catch(() => undefined);
            if (hop >= maxRedirects) throw new HttpFailure('redirect', `more than ${maxRedirects} redirects`);
            let next: string;
            try {
              next = new URL(response.headers.get('location')!, url).toString();
            } catch {
              throw refuse('not a valid URL');
            }
            const problem = redirectProblem(firstUrl, url, next);
            if (problem) throw refuse(problem);
            if (
              response.status === 303 ||
              ((response.status === 301 || response.status === 302) && method === 'POST')
            ) {
              method = 'GET';
              body = undefined;
              delete headers['content-type'];
            }
            if (!sameOrigin(firstUrl, next)) {
              // Another origin gets nothing the caller put in: not the auth header whatever
              // its name, nor any other header that might hold the key. Once dropped they
              // stay dropped, even if a later redirect comes back.
              headers = ownHeaders();
              withheldAt ??= new URL(next).origin;
              if (
                containsSecret(next, secrets, { whole: true }) ||
                (body !== undefined && containsSecret(body, secrets, { whole: true }))
              )
                throw refuse('the key would travel to another origin in the URL or body');
              await checkResolvedTarget(firstUrl, next, lookup, controller.signal, timeoutMessage);
            }
            url = next;
            continue;
          }
          const text = await readCapped(response, maxBytes, controller, timeoutMessage);
          return {
            status: response.status,
            headers: Object.fromEntries([...response.headers.entries()].map(([k, v]) => [k.toLowerCase(), v])),
            text,
            url,
            credentialsWithheldAt: withheldAt,
          };
        }
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
  timeoutMessage: string,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new HttpFailure('too_large', `reply body is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new HttpFailure('too_large', `reply body is larger than the ${maxBytes}-byte limit`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    if (controller.signal.aborted) throw new HttpFailure('timeout', timeoutMessage);
    throw new HttpFailure('network', `the connection broke while reading the reply (${describeNetworkError(error)})`);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * Where to connect for a URL, after checking it against the URL policy. An https URL, or
 * plain http to a literal loopback address, is used as it is. Plain http to `localhost` is
 * resolved here and every address must be this machine; the request then goes to those
 * checked addresses (not to the name again, which could resolve elsewhere a moment later).
 */
async function connectTargets(
  url: string,
  lookup: HostLookup,
  signal: AbortSignal,
  timeoutMessage: string,
): Promise<string[]> {
  try {
    checkBaseUrl(url.replace(/[?#].*$/, ''));
  } catch (error) {
    throw new HttpFailure(
      'policy',
      `Burnrate does not send requests to ${new URL(url).origin}: ${error instanceof UrlPolicyError ? error.message : 'not a valid URL'}`,
    );
  }
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || parsed.hostname !== 'localhost') return [url];
  let addresses: string[];
  try {
    addresses = await abortable(lookup('localhost'), signal);
  } catch (error) {
    if (signal.aborted) throw new HttpFailure('timeout', timeoutMessage);
    throw new HttpFailure('network', `localhost could not be resolved (${describeNetworkError(error)})`);
  }
  const away = addresses.find((address) => !isLoopbackAddress(address));
  if (addresses.length === 0 || away !== undefined)
    throw new HttpFailure(
      'policy',
      `localhost resolves to ${away ?? 'nothing'}, not to this machine; plain http goes only to this machine`,
    );
  // IPv4 first: most local gateways listen on 127.0.0.1.
  const ordered = [...addresses].sort((a, b) => isIP(a) - isIP(b));
  return [...new Set(ordered)].map((address) => {
    const pinned = new URL(url);
    pinned.hostname = isIP(address) === 6 ? `[${address}]` : address;
    return pinned.toString();
  });
}

function networkCode(error: unknown): string | null {
  let cursor: unknown = error;
  for (let depth = 0; cursor && depth < 5; depth++) {
    const code = (cursor as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cursor = (cursor as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * A redirect that leaves a provider on the internet must not lead to this machine or the
 * local network under a host name either: the name is resolved and every address checked.
 * (A name that later resolves elsewhere is not caught here; the key is not sent there in any case.)
 */
async function checkResolvedTarget(
  first: string,
  next: string,
  lookup: HostLookup,
  signal: AbortSignal,
  timeoutMessage: string,
): Promise<void> {
  const from = new URL(first).hostname;
  const host = new URL(next).hostname;
  if (isLoopbackHost(from) || isIP(host.replace(/^\[|\]$/g, ''))) return;
  let addresses: string[];
  try {
    addresses = await abortable(lookup(host), signal);
  } catch (error) {
    if (signal.aborted) throw new HttpFailure('timeout', timeoutMessage);
    throw new HttpFailure('network', describeNetworkError(error));
  }
  const inside = addresses.find((address) => isNonPublicAddress(address));
  if (inside !== undefined)
    throw new HttpFailure(
      'redirect',
      `redirected to a URL Burnrate will not follow (it leads from ${new URL(first).host} to ${host}, which is ${isLoopbackAddress(inside) ? 'this machine' : 'a private address'}: ${inside})`,
    );
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

/** A short, key-free description of why a connection failed. */
export function describeNetworkError(error: unknown): string {
  let cursor: unknown = error;
  for (let depth = 0; cursor && depth < 5; depth++) {
    const code = (cursor as { code?: unknown }).code;
    if (typeof code === 'string') return NETWORK_CODES[code] ?? code.toLowerCase().replace(/_/g, ' ');
    cursor = (cursor as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message === 'fetch failed' ? 'connection failed' : message.split('\n')[0]!.slice(0, 200);
}
