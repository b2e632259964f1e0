import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/ipc.ts';
import { useBrowser } from './support/harness.ts';
import type { World } from './support/world.ts';

async function stored(world: World): Promise<Settings> {
  const reply = await world.invoke('settings:get', undefined);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as Settings;
}

describe('settings: the metrics endpoint', () => {
  const browser = useBrowser();

  it('is off by default; turning it on applies at once and shows the port; a privileged port is refused where it was typed', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings' });
    await page.getByRole('heading', { name: 'General' }).waitFor();
    const serve = page.getByLabel('Serve metrics on this computer');
    expect(await serve.isChecked()).toBe(false);
    await expect(page.getByLabel('Port').count()).resolves.toBe(0);

    await serve.click();
    await expect.poll(async () => (await stored(world)).metricsEnabled).toBe(true);
    await expect.poll(() => page.getByLabel('Port').inputValue()).toBe('9464');
    await expect.poll(() => page.getByText('http://127.0.0.1:9464/metrics').count()).toBeGreaterThan(0);
    const port = page.getByLabel('Port');
    await port.fill('80');
    await port.press('Tab');
    await expect.poll(() => page.locator('.field-error').first().textContent()).toMatch(/from 1024 to 65535/);
    expect(await stored(world)).toMatchObject({ metricsEnabled: true, metricsPort: 9464 });

    await port.fill('9599');
    await port.press('Tab');
    await expect.poll(async () => (await stored(world)).metricsPort).toBe(9599);
  });
});
