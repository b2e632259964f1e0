import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, HttpFailure, withSecrets } from '../../../src/core/net/http.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<{ origin: string; seen: http.IncomingHttpHeaders[] }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const json = (res: http.ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('http client redirects', () => {
  it('follows a same-origin redirect with the key', async () => {
    const a = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' });
        return res.end();
      }
      json(res, { ok: true });
    });
    const res = await createHttpClient().request({
      url: `${a.origin}/old`,
      headers: { Authorization: 'Bearer sk_same_origin_key' },
    });
    expect(res.status).toBe(200);
    expect(res.credentialsWithheldAt).toBeNull();
    expect(a.seen.map((h) => h.authorization)).toEqual(['Bearer sk_same_origin_key', 'Bearer sk_same_origin_key']);
  });

  it('never sends the key to another origin, whatever header carries it', async () => {
    const other = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"missing key"}');
    });
    const first = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.origin}/v1/credits` });
      res.end();
    });
    const res = await createHttpClient().request({
      url: `${first.origin}/v1/credits`,
      headers: {
        Authorization: 'Bearer sk_must_not_travel',
        'xi-api-key': 'xi_must_not_travel',
        'New-Api-User': '42',
        'X-Token': 'tok_must_not_travel',
        'X-Whatever-Auth': 'Token tok2_must_not_travel',
      },
    });
    expect(res.status).toBe(401);
    expect(res.credentialsWithheldAt).toBe(other.origin);
    expect(other.seen).toHaveLength(1);
    expect(JSON.stringify(other.seen[0])).not.toMatch(/must_not_travel|new-api-user|x-token|x-whatever-auth/);
  });

  it('refuses a redirect to plain http on another host, and redirect loops', async () => {
    const a = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://example.com/steal' });
      res.end();
    });
    await expect(createHttpClient().request({ url: a.origin })).rejects.toMatchObject({
      kind: 'redirect',
      message: expect.stringMatching(/will not follow.*https/),
    });
    const loop = await serve((_req, res) => {
      res.writeHead(307, { location: '/again' });
      res.end();
    });
    await expect(createHttpClient().request({ url: loop.origin })).rejects.toBeInstanceOf(HttpFailure);
  });
});

/**
 * A provider on the internet (an https origin the test fetch answers for) that redirects
 * wherever the test says; every other URL goes to the real network stack, so a hostile
 * local service on 127.0.0.1 can show whether Burnrate came knocking.
 */
function internetProvider(location: string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    if (url.startsWith('https://provider.example/')) return new Response(null, { status: 302, headers: { location } });
    if (url.startsWith('https://cdn.example/')) return new Response('{"ok":true}', { status: 200 });
    return globalThis.fetch(input, init);
  }) as typeof fetch;
}

describe('http client redirect policy', () => {
  it('refuses a redirect from https down to plain http, even to this machine', async () => {
    const local = await serve((_req, res) => json(res, { stolen: true }));
    const client = createHttpClient({ fetch: internetProvider(`${local.origin}/admin`) });
    await expect(
      client.request({ url: 'https://provider.example/v1/credits', headers: { 'X-Token': 'tok_secret_value' } }),
    ).rejects.toMatchObject({ kind: 'redirect', message: expect.stringMatching(/https to plain http/) });
    expect(local.seen).toHaveLength(0);
  });

  it.each([
    ['https://127.0.0.1:9/x', /to this machine/],
    ['https://[::1]/x', /to this machine/],
    ['https://[::ffff:7f00:1]/x', /to this machine/],
    ['https://localhost/x', /to this machine/],
    ['https://10.0.0.8/x', /private address/],
    ['https://192.168.1.1/x', /private address/],
    ['https://169.254.169.254/latest/meta-data', /private address/],
    ['https://[fd00::1]/x', /private address/],
  ])('refuses a redirect from a provider on the internet to %s', async (target, why) => {
    const client = createHttpClient({ fetch: internetProvider(target), lookup: async () => ['93.184.215.14'] });
    await expect(client.request({ url: 'https://provider.example/v1/credits' })).rejects.toMatchObject({
      kind: 'redirect',
      message: expect.stringMatching(why),
    });
  });

  it('refuses a redirect to a host name that resolves to this machine or the local network', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '::1']) {
      const client = createHttpClient({
        fetch: internetProvider('https://inside.example/x'),
        lookup: async (host) => (host === 'inside.example' ? ['93.184.215.14', address] : []),
      });
      await expect(client.request({ url: 'https://provider.example/v1/credits' })).rejects.toMatchObject({
        kind: 'redirect',
        message: expect.stringContaining(`inside.example, which is`),
      });
    }
  });

  it('follows a redirect to another public origin, without any header the caller set', async () => {
    const seen: Array<Record<string, string>> = [];
    const base = internetProvider('https://cdn.example/v1/credits');
    const client = createHttpClient({
      fetch: ((input: string, init: RequestInit) => {
        seen.push({ url: input, ...(init.headers as Record<string, string>) });
        return base(input, init);
      }) as typeof fetch,
      lookup: async () => ['93.184.215.14'],
    });
    const res = await client.request({
      url: 'https://provider.example/v1/credits',
      headers: { 'X-Token': 'tok_secret_value', 'X-Signature': 'c2VjcmV0', Cookie: 'a=b' },
    });
    expect(res.status).toBe(200);
    expect(res.credentialsWithheldAt).toBe('https://cdn.example');
    expect(Object.keys(seen[1]!).sort()).toEqual(['accept', 'url', 'user-agent']);
  });

  it('a loopback gateway may redirect to another port on this machine', async () => {
    const b = await serve((_req, res) => json(res, { ok: true }));
    const a = await serve((_req, res) => {
      res.writeHead(302, { location: `${b.origin}/x` });
      res.end();
    });
    const res = await createHttpClient().request({ url: a.origin });
    expect(res.status).toBe(200);
  });

  it('refuses a redirect whose URL carries the key to another origin, in any encoding', async () => {
    const key = 'tok_AbCdEf0123456789';
    for (const carried of [key, key.toUpperCase(), encodeURIComponent(key), Buffer.from(key).toString('base64url')]) {
      const thief = await serve((_req, res) => json(res, { ok: true }));
      const relay = await serve((_req, res) => {
        res.writeHead(307, { location: `${thief.origin}/c?k=${carried}` });
        res.end();
      });
      await expect(
        createHttpClient().request({ url: relay.origin, headers: { 'X-Token': key }, secrets: [key] }),
      ).rejects.toMatchObject({ kind: 'redirect', message: expect.stringMatching(/key would travel/) });
      expect(thief.seen).toHaveLength(0);
    }
  });

  it('withSecrets binds the key to every request made through the client', async () => {
    const key = 'tok_bound_0123456789';
    const thief = await serve((_req, res) => json(res, { ok: true }));
    const relay = await serve((_req, res) => {
      res.writeHead(302, { location: `${thief.origin}/c?k=${key}` });
      res.end();
    });
    const bound = withSecrets(createHttpClient(), [key]);
    await expect(bound.request({ url: relay.origin })).rejects.toMatchObject({ kind: 'redirect' });
    expect(thief.seen).toHaveLength(0);
  });
});

describe('plain http goes only to this machine, checked where it connects', () => {
  const recordingFetch = () => {
    const calls: string[] = [];
    const fn = (async (input: string) => {
      calls.push(input);
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    return { fn, calls };
  };

  it('refuses localhost when it resolves off this machine, before anything is sent', async () => {
    for (const away of [['203.0.113.9'], ['127.0.0.1', '10.0.0.7'], []]) {
      const { fn, calls } = recordingFetch();
      const client = createHttpClient({ fetch: fn, lookup: async () => away });
      await expect(
        client.request({ url: 'http://localhost:8787/v1/balance', headers: { 'X-Token': 'tok_secret' } }),
      ).rejects.toMatchObject({
        kind: 'policy',
        message: expect.stringMatching(/localhost resolves to .*not to this machine/),
      });
      expect(calls).toEqual([]);
    }
  });

  it('connects localhost to the loopback address it checked, not to the name again', async () => {
    const local = await serve((_req, res) => json(res, { ok: true }));
    const port = new URL(local.origin).port;
    let lookups = 0;
    const client = createHttpClient({
      lookup: async () => {
        lookups++;
        return ['::1', '127.0.0.1'];
      },
    });
    const res = await client.request({ url: `http://localhost:${port}/v1/balance` });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://localhost:${port}/v1/balance`);
    expect(lookups).toBe(1);
    expect(local.seen[0]!.host).toBe(`127.0.0.1:${port}`);
  });

  it('reaches a gateway on localhost with the system resolver', async () => {
    const local = await serve((_req, res) => json(res, { ok: true }));
    const res = await createHttpClient().request({ url: `http://localhost:${new URL(local.origin).port}/` });
    expect(res.status).toBe(200);
  });

  it.each(['http://evil.localhost:8787/v1', 'http://localhost.:8787/v1', 'http://10.0.0.5/v1', 'http://example.com/'])(
    'refuses %s (from an older database or an import) without resolving or sending',
    async (url) => {
      const { fn, calls } = recordingFetch();
      let lookups = 0;
      const client = createHttpClient({
        fetch: fn,
        lookup: async () => {
          lookups++;
          return ['127.0.0.1'];
        },
      });
      await expect(client.request({ url, headers: { Authorization: 'Bearer tok_secret' } })).rejects.toMatchObject({
        kind: 'policy',
        message: expect.stringMatching(/does not send requests to .*plain http is only allowed to this machine/),
      });
      expect(calls).toEqual([]);
      expect(lookups).toBe(0);
    },
  );
});

describe('http client limits', () => {
  it('refuses a declared oversize body before reading it', async () => {
    const a = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.write('x');
    });
    await expect(createHttpClient({ maxBytes: 1024 }).request({ url: a.origin })).rejects.toMatchObject({
      kind: 'too_large',
    });
  });

  it('gives lower-case headers and the final URL', async () => {
    const a = await serve((_req, res) => {
      res.writeHead(429, { 'Retry-After': '7', 'content-type': 'application/json' });
      res.end('{}');
    });
    const res = await createHttpClient().request({ url: `${a.origin}/x` });
    expect(res.headers['retry-after']).toBe('7');
    expect(res.url).toBe(`${a.origin}/x`);
  });

  it('names DNS failures', async () => {
    const failingFetch = (() =>
      Promise.reject(
        Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }),
      )) as unknown as typeof fetch;
    await expect(
      createHttpClient({ fetch: failingFetch }).request({ url: 'https://api.nowhere.invalid' }),
    ).rejects.toMatchObject({
      kind: 'network',
      message: 'host not found (DNS)',
    });
  });
});
