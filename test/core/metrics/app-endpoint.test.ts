import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import { testApi } from '../../helpers/api.ts';
import { createPoller } from '../../../src/core/poller/index.ts';
import { createAppMetricsEndpoint } from '../../../src/core/metrics/app-endpoint.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';
import type { Settings } from '../../../src/shared/ipc.ts';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The app's wiring, as src/main/index.ts does it: core, poller, endpoint, and the IPC dispatcher. */
function app() {
  const core = openCore({ home: tempDir(), secrets: new MemorySecrets() });
  const poller = createPoller(core);
  const metrics = createAppMetricsEndpoint(core, { poller });
  const { invoke } = testApi({ core, poller, metrics });
  const settings = async (patch: unknown) => {
    const reply = await invoke('settings:set', patch);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.value as Settings;
  };
  return { core, metrics, invoke, settings };
}

const scrape = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

describe("the app's metrics endpoint (Settings)", () => {
  it('is off by default, and serves /metrics on 127.0.0.1 once turned on', async () => {
    const { core, metrics, invoke, settings } = app();
    const initial = await invoke('settings:get', undefined);
    expect(initial).toMatchObject({ ok: true, value: { metricsEnabled: false, metricsPort: 9464 } });
    await metrics.start();
    expect(metrics.url()).toBeNull();

    await core.accounts.add({ provider: 'deepseek', label: 'desk', key: 'sk_app_endpoint_0123456789' });
    const port = await freePort();
    expect(await settings({ metricsEnabled: true, metricsPort: port })).toMatchObject({
      metricsEnabled: true,
      metricsPort: port,
    });
    expect(metrics.url()).toBe(`http://127.0.0.1:${port}/metrics`);
    const body = await scrape(metrics.url()!);
    expect(body.status).toBe(200);
    expect(body.text).toMatch(
      /burnrate_key_state\{account="acc_[^"]+",label="desk",provider="deepseek",state="ok"\} 0/,
    );
    expect(body.text).not.toContain('sk_app_endpoint');

    // Another port: the old one closes; off: nothing listens.
    const other = await freePort();
    await settings({ metricsPort: other });
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    expect((await scrape(`http://127.0.0.1:${other}/metrics`)).status).toBe(200);
    await settings({ metricsEnabled: false });
    expect(metrics.url()).toBeNull();
    await expect(fetch(`http://127.0.0.1:${other}/metrics`)).rejects.toThrow();
    await metrics.stop();
    core.close();
  });

  it('says so when the port is taken, keeps serving what it served, and stores what runs', async () => {
    const { core, metrics, settings } = app();
    const port = await freePort();
    await settings({ metricsEnabled: true, metricsPort: port });
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    await expect(settings({ metricsPort: taken })).rejects.toMatchObject({
      code: 'unsupported',
      message: `port ${taken} is already in use on this computer; choose another port for the metrics endpoint`,
    });
    expect(metrics.url()).toBe(`http://127.0.0.1:${port}/metrics`);
    expect((await scrape(metrics.url()!)).status).toBe(200);
    const stored = await settings({});
    expect(stored).toMatchObject({ metricsEnabled: true, metricsPort: port });
    holder.close();
    await metrics.stop();
    core.close();
  });

  it('refuses ports below 1024 and non-numbers, naming the range', async () => {
    const { core, settings } = app();
    await expect(settings({ metricsEnabled: true, metricsPort: 80 })).rejects.toThrow(/from 1024 to 65535/);
    await expect(settings({ metricsPort: 1.5 })).rejects.toThrow(/whole number/);
    expect(await settings({})).toMatchObject({ metricsEnabled: false });
    core.close();
  });

  it('at start-up serves what the stored settings say', async () => {
    const { core, settings } = app();
    const port = await freePort();
    // Stored without an endpoint to apply it (as the app finds it on its next start).
    const bare = testApi({ core }).invoke;
    await bare('settings:set', { metricsEnabled: true, metricsPort: port });
    const endpoint = createAppMetricsEndpoint(core);
    await endpoint.start();
    expect(endpoint.url()).toBe(`http://127.0.0.1:${port}/metrics`);
    expect((await scrape(endpoint.url()!)).status).toBe(200);
    await endpoint.stop();
    await expect(settings({})).resolves.toMatchObject({ metricsEnabled: true });
    core.close();
  });
});
