import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, parseListen, startMetricsServer, urlOf } from '../../../src/core/metrics/index.ts';
import type { Exposition, MetricsServer } from '../../../src/core/metrics/index.ts';

const BODY = '# TYPE burnrate_balance gauge\nburnrate_balance{account="a"} 1\n';
const exposition = (render: () => Promise<string> = async () => BODY): Exposition => ({
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  render,
});

const servers: MetricsServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Partial<Parameters<typeof startMetricsServer>[0]> = {}): Promise<MetricsServer> {
  const server = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    token: null,
    exposition: exposition(),
    ...options,
  });
  servers.push(server);
  return server;
}

/** A raw request, so the Host header and method can be anything. */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the metrics HTTP server', () => {
  it('serves /metrics and /healthz, nothing else, and only to GET and HEAD', async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    const metrics = await request(server.url);
    expect(metrics).toMatchObject({ status: 200, body: BODY });
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.headers['cache-control']).toBe('no-store');
    expect(await request(server.url.replace('/metrics', '/healthz'))).toMatchObject({ status: 200, body: 'ok\n' });
    expect((await request(server.url, { method: 'HEAD' })).status).toBe(200);
    expect((await request(server.url.replace('/metrics', '/'))).status).toBe(404);
    expect((await request(server.url.replace('/metrics', '/metrics/../etc'))).status).toBe(404);
    const post = await request(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('without a token, refuses a Host header that is not a loopback name (DNS rebinding)', async () => {
    const server = await start();
    expect((await request(server.url, { headers: { Host: 'evil.example:9464' } })).status).toBe(403);
    expect((await request(server.url, { headers: { Host: '192.168.1.20:9464' } })).status).toBe(403);
    expect((await request(server.url, { headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
    expect((await request(server.url, { headers: { Host: `[::1]:${server.port}` } })).status).toBe(200);
  });

  it('with a token, /metrics wants it as a bearer token: missing or wrong is 401', async () => {
    const token = 'b'.repeat(40);
    const server = await start({ token });
    const missing = await request(server.url);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="burnrate"');
    expect(missing.body).not.toContain('burnrate_balance');
    expect((await request(server.url, { headers: { Authorization: `Bearer ${'c'.repeat(40)}` } })).status).toBe(401);
    expect((await request(server.url, { headers: { Authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await request(server.url, { headers: { Authorization: `Basic ${token}` } })).status).toBe(401);
    const ok = await request(server.url, { headers: { Authorization: `Bearer ${token}`, Host: 'metrics.example' } });
    expect(ok).toMatchObject({ status: 200, body: BODY });
    // Liveness needs no token and says nothing about the figures.
    expect(await request(server.url.replace('/metrics', '/healthz'))).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('answers 500 when collecting fails and 503 on /healthz when the engine does not answer', async () => {
    const errors: unknown[] = [];
    const server = await start({
      exposition: exposition(() => Promise.reject(new Error('database is locked'))),
      health: () => {
        throw new Error('closed');
      },
      onError: (e) => errors.push(e),
    });
    const failed = await request(server.url);
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('database is locked');
    expect(errors).toHaveLength(1);
    expect((await request(server.url.replace('/metrics', '/healthz'))).status).toBe(503);
  });

  it('closes promptly even with a keep-alive connection open (as Prometheus keeps one)', async () => {
    const server = await start();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get(server.url, { agent }, (res) => res.resume().on('end', resolve)));
    const t = Date.now();
    await server.close();
    expect(Date.now() - t).toBeLessThan(1500);
    agent.destroy();
  });

  it('reports a port in use as an error of its own', async () => {
    const first = await start();
    await expect(start({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('listen addresses', () => {
  it('parses host:port and [ipv6]:port, and names what is wrong otherwise', () => {
    expect(parseListen('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseListen('metrics-box.lan:9464')).toEqual({ host: 'metrics-box.lan', port: 9464 });
    expect(() => parseListen('9464')).toThrow(/host:port/);
    expect(() => parseListen(':9464')).toThrow(/host:port/);
    expect(() => parseListen('127.0.0.1:70000')).toThrow(/out of range/);
    expect(() => parseListen('[nonsense]:9464')).toThrow(/not an IPv6 address/);
    expect(() => parseListen('::1:9464')).toThrow(/host:port/);
  });

  it('knows loopback from addresses the network can reach', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', '', '128.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
    expect(urlOf('::1', 9464)).toBe('http://[::1]:9464/metrics');
  });
});
