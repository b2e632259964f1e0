import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, HttpFailure } from '../../../src/core/net/http.ts';

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

  it('never sends the key to another origin', async () => {
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
      headers: { Authorization: 'Bearer sk_must_not_travel', 'xi-api-key': 'xi_must_not_travel', 'New-Api-User': '42' },
    });
    expect(res.status).toBe(401);
    expect(res.credentialsWithheldAt).toBe(other.origin);
    expect(other.seen).toHaveLength(1);
    expect(JSON.stringify(other.seen[0])).not.toMatch(/must_not_travel|new-api-user/);
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
