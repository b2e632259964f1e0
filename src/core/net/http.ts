import { checkBaseUrl, sameOrigin, UrlPolicyError } from './url-policy.ts';

/**
 * The one way Burnrate talks to providers. Every request has a deadline covering the
 * whole exchange (a reply that drips one byte a second still times out), a cap on the
 * body size, and a redirect policy: redirects are followed by hand, only to URLs our
 * policy allows (https, or http to loopback), and credentials are dropped as soon as a
 * redirect leaves the original origin.
 */

export type HttpFailureKind = 'timeout' | 'network' | 'too_large' | 'redirect';

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
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
const CREDENTIAL_HEADERS = [
  'authorization',
  'x-api-key',
  'xi-api-key',
  'api-key',
  'new-api-user',
  'cookie',
  'proxy-authorization',
];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? 'Burnrate (balance monitor)';

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
        let headers: Record<string, string> = {
          accept: 'application/json',
          'user-agent': userAgent,
          ...lowerKeys(req.headers ?? {}),
        };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const firstUrl = url;
        let withheldAt: string | null = null;

        for (let hop = 0; ; hop++) {
          let response: Response;
          try {
            response = await doFetch(url, { method, headers, body, redirect: 'manual', signal: controller.signal });
          } catch (error) {
            if (controller.signal.aborted) throw new HttpFailure('timeout', timeoutMessage);
            throw new HttpFailure('network', describeNetworkError(error));
          }
          if (REDIRECT_STATUSES.has(response.status) && response.headers.get('location')) {
            await response.body?.cancel().catch(() => undefined);
            if (hop >= maxRedirects) throw new HttpFailure('redirect', `more than ${maxRedirects} redirects`);
            const next = new URL(response.headers.get('location')!, url).toString();
            try {
              checkBaseUrl(next.replace(/[?#].*$/, ''));
            } catch (error) {
              throw new HttpFailure(
                'redirect',
                `redirected to a URL Burnrate will not follow (${error instanceof UrlPolicyError ? error.message : 'invalid'})`,
              );
            }
            if (!sameOrigin(firstUrl, next) && withheldAt === null) {
              // Never hand the key to another origin (the Fetch spec's rule, enforced here by hand).
              headers = Object.fromEntries(
                Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)),
              );
              withheldAt = new URL(next).origin;
            }
            if (
              response.status === 303 ||
              ((response.status === 301 || response.status === 302) && method === 'POST')
            ) {
              method = 'GET';
              body = undefined;
              delete headers['content-type'];
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
