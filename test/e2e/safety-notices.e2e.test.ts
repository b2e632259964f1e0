import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { launchBrowser, openApp } from './support/browser.ts';
import { ensureRendererBuilt } from './support/renderer.ts';
import { serveRenderer } from './support/static-server.ts';
import type { StaticServer } from './support/static-server.ts';
import { testApi } from '../helpers/api.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';

/**
 * What the window says when the ground moves: the keychain will not give keys (locked or
 * missing), or the database could not be used and was moved aside. Both are said on every
 * view, plainly, and the saved history stays in reach.
 */
describe('the keychain banner', () => {
  const browser = useBrowser();

  it('appears when keys cannot be read, says history is intact, and goes once they can', async () => {
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        w.fake.setAccount('cheapai', { key: 'sk_keychain_banner', balance: '900', scenario: 'ok' });
        await w.core.accounts.add({
          provider: 'cheapai',
          label: 'Studio',
          baseUrl: w.fake.baseUrl('cheapai'),
          key: 'sk_keychain_banner',
        });
      },
    });
    await page.getByRole('button', { name: 'Refresh all' }).click();
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe('900 credits');
    expect(await page.getByRole('alert', { name: 'Keychain unavailable' }).count()).toBe(0);

    // The keyring gets locked: the next refresh cannot read the key.
    world.secrets.available = false;
    await page.getByRole('button', { name: 'Refresh all' }).click();
    const banner = page.getByRole('alert', { name: 'Keychain unavailable' });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(
      /system keychain is locked or unavailable.*no account is polled.*saved history is all still here/,
    );
    // Nothing was stored for the poll that could not be made, and history is still there.
    await expect(page.getByTestId('balance').textContent()).resolves.toBe('900 credits');
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe('Showing 1–1 of 1 readings');
    expect(await page.getByRole('alert', { name: 'Keychain unavailable' }).isVisible()).toBe(true);

    // Unlocked again: the next poll reads the key and the banner goes.
    world.secrets.available = true;
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh all' }).click();
    await expect.poll(() => page.getByRole('alert', { name: 'Keychain unavailable' }).count()).toBe(0);
  });
});

describe('moving an account to another host', () => {
  const browser = useBrowser();

  it('removes its key and says so, so the key is pasted again for the new host', async () => {
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        w.fake.setAccount('cheapai', { key: 'sk_moving_host', balance: '10', scenario: 'ok' });
        await w.core.accounts.add({
          provider: 'cheapai',
          label: 'Mover',
          baseUrl: w.fake.baseUrl('cheapai'),
          key: 'sk_moving_host',
        });
      },
    });
    const id = world.core.accounts.list()[0]!.id;
    await page.goto(`${new URL(page.url()).origin}/index.html#/settings/accounts/${id}`);
    await expect.poll(() => page.getByTestId('key-status').textContent()).toMatch(/^Key stored/);
    await page.getByLabel('Base URL (optional)').fill('https://relay.example.com');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.getByTestId('key-dropped').textContent())
      .toMatch(/another host, so its stored key was removed: paste the key again/);
    await expect.poll(() => page.getByTestId('key-status').textContent()).toBe('No key stored');
    expect(world.secrets.entries.has(id)).toBe(false);
  });
});

describe('the moved-aside banner', () => {
  let browser: Browser;
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveRenderer(ensureRendererBuilt());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tells where an unusable database went, and that nothing was deleted', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-e2e-moved-'));
    const garbage = crypto.randomBytes(4096);
    fs.writeFileSync(path.join(home, 'burnrate.db'), garbage);
    const { core, invoke } = testApi({
      version: '0.0.0-e2e',
      platform: process.platform,
      coreOptions: { home, secrets: new MemorySecrets() },
    });
    const app = await openApp(browser, server.origin, {
      invoke: (c, p) => invoke(c, p),
      attach: () => () => undefined,
    });
    try {
      const banner = app.page.getByRole('alert', { name: 'Database moved aside' });
      await banner.waitFor();
      const text = (await banner.textContent()) ?? '';
      expect(text).toContain('Burnrate started a new database.');
      expect(text).toContain('the file is not a SQLite database');
      expect(text).toContain(core.movedAside!.to);
      expect(text).toContain('Nothing was deleted.');
      expect(fs.readFileSync(core.movedAside!.to).equals(garbage)).toBe(true);
      // The person can carry on: the first-run view is there, and the notice can be put away.
      await app.page.getByRole('heading', { name: 'Welcome to Burnrate' }).waitFor();
      await banner.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => app.page.getByRole('alert', { name: 'Database moved aside' }).count()).toBe(0);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
      await invoke.close();
      core.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
