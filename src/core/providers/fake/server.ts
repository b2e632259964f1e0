import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fromMicros, toMicros } from '../../../shared/decimal.ts';
import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest, FakeSite } from './types.ts';
import { FAKE_MODULES } from './modules.ts';

export interface RecordedRequest {
  provider: string;
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  /** The query string, without "?" ("" when none). */
  query: string;
  /** The request body, parsed as JSON when it is (undefined when empty). */
  body: unknown;
  at: number;
}

export interface FakeServer {
  /** e.g. http://127.0.0.1:43123 */
  origin: string;
  /** The base URL to give an account of this provider: `${origin}/${provider}`. */
  baseUrl(provider: string): string;
  /** Create or replace the fake account that answers to `account.key` at this provider. */
  setAccount(provider: string, account: FakeAccount): void;
  /** Change part of an account's state (balance, scenario…). */
  updateAccount(provider: string, key: string, changes: Partial<FakeAccount>): void;
  getAccount(provider: string, key: string): FakeAccount | undefined;
  /** Replace the site-wide state one provider module sees (new-api: what /api/status publishes). */
  setSite(provider: string, site: FakeSite): void;
  /** Every request received, oldest first (headers included, for redirect/auth tests). */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface FakeServerOptions {
  port?: number;
  modules?: readonly FakeProviderModule[];
}

const HUGE_BODY_BYTES = 10 * 1024 * 1024;
/** A balance no provider reports, so odd_amount can find it in any module's ok body. */
const ODD_AMOUNT_SENTINEL = '987654.321';

/** Start the fake provider server on 127.0.0.1 (port 0 = any free port). */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const modules = new Map((options.modules ?? FAKE_MODULES).map((m) => [m.id, m]));
  const accounts = new Map<string, Map<string, FakeAccount>>();
  const sites = new Map<string, FakeSite>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('fake server error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, providerId, ...rest] = url.pathname.split('/');
    const module = providerId ? modules.get(providerId) : undefined;
    const body = await readBody(req);
    requests.push({
      provider: providerId ?? '',
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: { ...req.headers } as Record<string, string | undefined>,
      query: url.search.replace(/^\?/, ''),
      body,
      at: Date.now(),
    });
    if (!module) return send(res, { status: 404, body: { error: 'no such fake provider' } });

    const fakeReq: FakeRequest = {
      method: req.method ?? 'GET',
      path: `/${rest.join('/')}`,
      query: url.searchParams,
      headers: req.headers as Record<string, string | undefined>,
      body,
    };
    const key = module.keyOf(fakeReq);
    const account = key === null ? null : (accounts.get(module.id)?.get(key) ?? null);

    switch (account?.scenario) {
      case 'server_error':
        return send(res, { status: 500, body: { error: { message: 'Internal server error', type: 'server_error' } } });
      case 'bad_gateway_html':
        return send(res, {
          status: 502,
          headers: { 'content-type': 'text/html' },
          body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
        });
      case 'empty_body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
        return void res.end();
      case 'connection_reset':
        req.socket.destroy();
        return;
      case 'echo_key':
        return send(res, echoKey(key ?? '', account.echoAs ?? 'json_401'));
      case 'redirect': {
        const target = `${(account.redirectTo ?? '').replace(/\/+$/, '')}${fakeReq.path}${url.search}`;
        res.writeHead(307, { location: target, 'content-type': 'text/plain' });
        return void res.end(`moved to ${target}`);
      }
      case 'odd_amount': {
        const normal = module.handle(
          fakeReq,
          { ...account, scenario: 'ok', balance: ODD_AMOUNT_SENTINEL },
          sites.get(module.id) ?? {},
        );
        const text = JSON.stringify(normal.body);
        if (!text.includes(ODD_AMOUNT_SENTINEL))
          return send(res, { status: 500, body: 'fake: this provider does not report its balance verbatim' });
        res.writeHead(normal.status, { 'content-type': 'application/json', ...normal.headers });
        return void res.end(
          text
            .split(`"${ODD_AMOUNT_SENTINEL}"`)
            .join(account.rawAmount ?? 'null')
            .split(ODD_AMOUNT_SENTINEL)
            .join(account.rawAmount ?? 'null'),
        );
      }
      case 'huge_body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let sent = 0; sent < HUGE_BODY_BYTES && !res.destroyed; sent += chunk.length) {
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        }
        return void res.end('{}');
      }
      default:
        break;
    }

    const reply = module.handle(fakeReq, account, sites.get(module.id) ?? {});
    if (account && reply.status >= 200 && reply.status < 300 && account.stepPerRequest) {
      account.balance = fromMicros(toMicros(account.balance) + toMicros(account.stepPerRequest));
    }
    if (account?.scenario === 'slow') {
      await sleep(account.delayMs ?? 5000);
      if (res.destroyed) return;
      return send(res, reply);
    }
    if (account?.scenario === 'truncated_json') {
      const text = JSON.stringify(reply.body);
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    if (account?.scenario === 'drip') {
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      for (const ch of text) {
        if (res.destroyed) return;
        res.write(ch);
        await sleep(account.delayMs ?? 1000);
      }
      return void res.end();
    }
    return send(res, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const table = (provider: string) => {
    if (!modules.has(provider)) throw new Error(`the fake server has no provider ${provider}`);
    let t = accounts.get(provider);
    if (!t) accounts.set(provider, (t = new Map()));
    return t;
  };

  return {
    origin,
    baseUrl: (provider) => `${origin}/${provider}`,
    setAccount(provider, account) {
      table(provider).set(account.key, { ...account });
    },
    updateAccount(provider, key, changes) {
      const current = table(provider).get(key);
      if (!current) throw new Error(`no fake ${provider} account for that key`);
      Object.assign(current, changes);
    },
    getAccount: (provider, key) => table(provider).get(key),
    setSite(provider, site) {
      table(provider);
      sites.set(provider, { ...site });
    },
    requests,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A relay that quotes the key it was given back in its error: whole, and cut short. */
function echoKey(key: string, as: NonNullable<FakeAccount['echoAs']>): FakeReply {
  const head = key.slice(0, Math.max(10, key.length - 4));
  switch (as) {
    case 'text_500':
      return { status: 500, body: `upstream refused Authorization: Bearer ${key} (key ${head}…)` };
    case 'html_502':
      return {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: `<html><head><title>502 Bad Gateway: token ${key} rejected</title></head><body>token ${head}</body></html>`,
      };
    case 'flag_200':
      return { status: 200, body: { success: false, message: `token ${key} is disabled (${head}…)` } };
    default:
      return {
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: ${key}. You passed ${head}…`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
      };
  }
}

function send(res: http.ServerResponse, reply: FakeReply): void {
  if (res.destroyed) return;
  const isText = typeof reply.body === 'string';
  const text = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...reply.headers,
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
