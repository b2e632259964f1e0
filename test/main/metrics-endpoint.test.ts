import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { launchMain } from '../helpers/main-app.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore } from '../../src/core/core.ts';
import { writeSettings } from '../../src/core/window/settings.ts';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The built main bundle (with the fake electron) serves the metrics endpoint when Settings
 * says so, stops it when Settings says so, and still quits cleanly with it running.
 */
describe('the app’s metrics endpoint, in the built main bundle', () => {
  it('starts from the stored setting, follows Settings, and does not keep the app from quitting', async () => {
    const home = tempDir();
    const port = await freePort();
    const setup = openCore({ home, secrets: new MemorySecrets() });
    await setup.accounts.add({ provider: 'deepseek', label: 'desk', key: 'sk_main_metrics_0123456789' });
    writeSettings(setup, { metricsEnabled: true, metricsPort: port });
    setup.close();

    const app = launchMain({ BURNRATE_HOME: home });
    try {
      await app.ready();
      const url = `http://127.0.0.1:${port}/metrics`;
      const text = await app.until(
        'the endpoint answering',
        () =>
          fetch(url).then(
            (r) => r.text(),
            () => '',
          ),
        (t) => t.includes('burnrate_key_state'),
      );
      expect(text).toMatch(/label="desk",provider="deepseek"/);
      expect(text).not.toContain('sk_main_metrics');

      const off = await app.invoke('settings:set', { metricsEnabled: false });
      expect(off).toMatchObject({ ok: true, value: { metricsEnabled: false } });
      await expect(fetch(url)).rejects.toThrow();
      await app.invoke('settings:set', { metricsEnabled: true });
      expect((await fetch(url)).status).toBe(200);

      await app.send('tray-click', { label: 'Quit' });
      const code = await Promise.race([app.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
      expect(code).toBe(0);
      expect(app.stderr).toBe('');
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }
  });
});
