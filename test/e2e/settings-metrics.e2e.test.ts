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

  it('is off by default; turning it on asks for a port, refuses a privileged one, and saves', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings' });
    await page.getByRole('heading', { name: 'General' }).waitFor();
    const error = page.locator('form[aria-labelledby="general-title"] [role="alert"]');
    const serve = page.getByLabel('Serve metrics on this computer');
    expect(await serve.isChecked()).toBe(false);
    await expect(page.getByLabel('Port').count()).resolves.toBe(0);

    await serve.check();
    await expect.poll(() => page.getByLabel('Port').inputValue()).toBe('9464');
    await expect.poll(() => page.getByText('http://127.0.0.1:9464/metrics').count()).toBeGreaterThan(0);
    await page.getByLabel('Port').fill('80');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => error.textContent()).toMatch(/from 1024 to 65535/);
    expect(await stored(world)).toMatchObject({ metricsEnabled: false, metricsPort: 9464 });

    await page.getByLabel('Port').fill('9599');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await stored(world)).toMatchObject({ metricsEnabled: true, metricsPort: 9599 });
  });
});
