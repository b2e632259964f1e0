import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Exposition } from './prometheus.ts';
import { isLoopbackHost, urlOf } from './listen.ts';
import type { ListenAddress } from './listen.ts';

export interface MetricsServerOptions extends ListenAddress {
  exposition: Exposition;
  /**
   * The bearer token `/metrics` requires, or null (loopback only: the caller refuses
   * anything else without a token; see `serve`).
   */
  token: string | null;
  /** Whether the engine behind the endpoint answers (`/healthz`); a throw is a 503. */
  health?: () => void;
  /** A scrape failed (the database, a bug): told once per failure, answered with a 500. */
  onError?: (error: unknown) => void;
}

export interface MetricsServer {
  /** Where `/metrics` answers, with the port the OS chose when 0 was asked. */
  readonly url: string;
  readonly port: number;
  /** Stop listening and drop idle keep-alive connections (Prometheus keeps one open). */
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * The HTTP side of Burnrate's metrics: `GET /metrics` (the Prometheus text format) and
 * `GET /healthz`. With a token, `/metrics` wants `Authorization: Bearer <token>` (compared
 * in constant time) and answers 401 otherwise. Without one the server is loopback-only, and
 * a request whose Host header is not a loopback name is refused: a web page cannot read the
 * figures through DNS rebinding. Nothing else is served.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const expected = options.token === null ? null : sha256(options.token);

  const authorized = (req: http.IncomingMessage): boolean => {
    if (expected === null) return true;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m !== null && timingSafeEqual(sha256(m[1]!), expected);
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, headers: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (expected === null && !isLoopbackHost(hostOf(req.headers.host))) {
      send(403, 'forbidden: this endpoint answers only to loopback host names\n');
      return;
    }
    if (path !== '/metrics' && path !== '/healthz') {
      send(404, 'not found: try /metrics or /healthz\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (path === '/healthz') {
      try {
        options.health?.();
        send(200, 'ok\n');
      } catch {
        send(503, 'unavailable\n');
      }
      return;
    }
    if (!authorized(req)) {
      send(401, 'unauthorized: send Authorization: Bearer <token>\n', {
        'WWW-Authenticate': 'Bearer realm="burnrate"',
      });
      return;
    }
    options.exposition.render().then(
      (body) => send(200, body, { 'Content-Type': options.exposition.contentType }),
      (error: unknown) => {
        options.onError?.(error);
        send(500, 'the metrics could not be collected\n');
      },
    );
  });
  // Slow or idle clients cannot hold sockets for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: urlOf(options.host, port),
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A scrape in flight gets a moment to finish; then its connection is cut too.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}

/** The host name of a Host header (`127.0.0.1:9464`, `[::1]:9464`, `localhost`). */
function hostOf(header: string | undefined): string {
  if (!header) return '';
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (v6) return v6[1]!;
  return header.replace(/:\d+$/, '');
}
