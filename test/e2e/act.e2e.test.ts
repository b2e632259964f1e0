import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { outcome } from '../../src/core/providers/adapter.ts';
import { useBrowser } from './support/harness.ts';
import { REPO_ROOT } from './support/renderer.ts';
import type { World } from './support/world.ts';

/**
 * Acting from the window: an alert snoozed (an hour, until tomorrow, until it ends),
 * dismissed and muted, each read back from core; an account added with its key checked
 * first; an account's own alert thresholds. With BURNRATE_SCREENSHOTS=docs the snooze menu
 * is written to docs/screenshots.
 */
const toDocs = process.env.BURNRATE_SCREENSHOTS === 'docs';
const target = toDocs
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-shots-'));
afterAll(() => {
  if (!toDocs) fs.rmSync(target, { recursive: true, force: true });
});

async function brokeAccount(world: World): Promise<string> {
  world.fake.setAccount('cheapai', { key: 'sk_broke_0123456789', balance: '0', scenario: 'insufficient_balance' });
  const added = await world.core.accounts.add({
    provider: 'cheapai',
    label: 'Studio',
    baseUrl: world.fake.baseUrl('cheapai'),
    key: 'sk_broke_0123456789',
  });
  const account = world.core.accounts.require(added.id);
  world.core.recordReading(
    account,
    outcome({ state: 'ok', httpStatus: 200, balance: { micros: 5e9, unit: 'credits' } }),
    world.core.now() - 60_000,
  );
  world.core.recordReading(account, outcome({ state: 'insufficient_balance', httpStatus: 402 }), world.core.now());
  return added.id;
}

const quietOf = (world: World, id: string, kind: string) =>
  world.core.alerts.active({ accountId: id }).find((a) => a.kind === kind)?.quiet ?? null;

async function openAlerts(page: Page, id: string): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/index.html#/account/${id}`);
  await page.getByRole('heading', { name: 'On now' }).waitFor();
}

describe('acting on alerts and accounts from the window', () => {
  const browser = useBrowser();

  it('snoozes an alert from its menu, for an hour or until it ends, and brings it back', async () => {
    let id = '';
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => void (id = await brokeAccount(w)),
    });
    await openAlerts(page, id);
    const line = page.locator('.active-alerts li[data-kind="zero_balance"]');
    await line.waitFor();
    await line.getByRole('button', { name: 'Snooze ▾' }).click();
    const menu = line.getByRole('menu', { name: 'Snooze' });
    await expect(menu.getByRole('menuitem').allTextContents()).resolves.toEqual([
      'For 1 hour',
      'Until tomorrow, 09:00',
      'Until this alert ends',
    ]);
    // The keyboard moves through it.
    await expect(page.evaluate<string>('document.activeElement?.textContent')).resolves.toBe('For 1 hour');
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate<string>('document.activeElement?.textContent')).resolves.toBe('Until tomorrow, 09:00');
    await page.keyboard.press('Escape');
    await expect(menu.count()).resolves.toBe(0);

    await line.getByRole('button', { name: 'Snooze ▾' }).click();
    await menu.getByRole('menuitem', { name: 'For 1 hour' }).click();
    await expect.poll(() => quietOf(world, id, 'zero_balance')?.reason).toBe('snoozed');
    await expect.poll(() => line.textContent()).toMatch(/Snoozed until \d/);
    expect(Date.parse(quietOf(world, id, 'zero_balance')!.until!) - Date.now()).toBeGreaterThan(3500_000);

    await line.getByRole('button', { name: 'Unsnooze' }).click();
    await expect.poll(() => quietOf(world, id, 'zero_balance')).toBeNull();
    await line.getByRole('button', { name: 'Snooze ▾' }).click();
    await menu.getByRole('menuitem', { name: 'Until this alert ends' }).click();
    await expect.poll(() => quietOf(world, id, 'zero_balance')).toEqual({ reason: 'snoozed', until: null });
    await expect.poll(() => line.textContent()).toMatch(/Snoozed until it ends/);
  });

  it('dismisses one alert and mutes a kind for the account; the history says so', async () => {
    let id = '';
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => void (id = await brokeAccount(w)),
    });
    await openAlerts(page, id);
    const line = page.locator('.active-alerts li[data-kind="zero_balance"]');
    await line.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => quietOf(world, id, 'zero_balance')?.reason).toBe('dismissed');
    await expect.poll(() => page.locator('.alert-list:not(.active-alerts)').textContent()).toMatch(/dismissed/);

    // Mute another kind: a key the provider now rejects.
    world.core.recordReading(
      world.core.accounts.require(id),
      outcome({ state: 'invalid_key', httpStatus: 401 }),
      world.core.now(),
    );
    world.events.length = 0;
    await page.reload();
    const key = page.locator('.active-alerts li[data-kind="key_invalid"]');
    await key.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(() => world.core.alerts.getAccountSettings(id).overrides.mutedKinds).toEqual(['key_invalid']);
    await expect.poll(() => key.textContent()).toMatch(/Muted for this account/);
    await key.getByRole('button', { name: 'Unmute' }).click();
    await expect.poll(() => world.core.alerts.getAccountSettings(id).effective.mutedKinds).toEqual([]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`shows the snooze menu cleanly in ${scheme} mode`, async () => {
      let id = '';
      const { page } = await browser.start({
        startPoller: false,
        colorScheme: scheme,
        viewport: { width: 900, height: 620 },
        prepare: async (w) => void (id = await brokeAccount(w)),
      });
      await openAlerts(page, id);
      const line = page.locator('.active-alerts li[data-kind="zero_balance"]');
      await line.getByRole('button', { name: 'Snooze ▾' }).click();
      await line.getByRole('menu').waitFor();
      await line.scrollIntoViewIfNeeded();
      // The alerts panel and the open menu (which hangs below it).
      const panel = (await page.locator('.account-alerts').locator('..').boundingBox())!;
      const menu = (await line.getByRole('menu').boundingBox())!;
      const bottom = Math.max(panel.y + panel.height, menu.y + menu.height) + 12;
      fs.mkdirSync(target, { recursive: true });
      await page.screenshot({
        path: path.join(target, `alert-snooze-menu-${scheme}.png`),
        clip: { x: panel.x, y: panel.y, width: panel.width, height: bottom - panel.y },
      });
    });
  }

  it('adding an account checks the key first: a rejected key is not saved; a good one shows its balance', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings/accounts/new' });
    world.fake.setAccount('deepseek', { key: 'sk-right-0123456789', balance: '41.2', scenario: 'ok' });
    await page.getByLabel('Provider', { exact: true }).selectOption('deepseek');
    await page.getByLabel('Label').fill('Research');
    await page.getByLabel('Base URL (optional)').fill(world.fake.baseUrl('deepseek'));
    await page.getByLabel('API key').fill('sk-typo-0123456789');
    await page.getByRole('button', { name: 'Add account' }).click();
    const error = page.locator('form [role="alert"]');
    await expect.poll(() => error.textContent()).toMatch(/^DeepSeek rejected the key \(invalid key, HTTP 401/);
    expect(await error.textContent()).not.toContain('sk-typo');
    expect(world.core.accounts.list()).toEqual([]);
    await page.getByRole('button', { name: 'Save without checking' }).waitFor();

    await page.getByLabel('API key').fill('sk-right-0123456789');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('heading', { name: 'Research', level: 1 }).waitFor();
    await expect
      .poll(() => page.getByTestId('flash').locator('span').textContent())
      .toBe('Added Research. The key works: balance CN¥41.20');
    expect(world.core.accounts.list()).toHaveLength(1);
  });

  it('an account overrides alert thresholds in its own settings, and can follow the global ones again', async () => {
    let id = '';
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => void (id = await brokeAccount(w)),
    });
    await page.goto(`${new URL(page.url()).origin}/index.html#/settings/accounts/${id}`);
    const panel = page.getByRole('group', { name: 'Alerts for Studio' });
    await panel.waitFor();
    const amount = panel.getByLabel('Warn when the balance is below');
    await expect(amount.getAttribute('placeholder')).resolves.toBe('off (as everywhere)');
    await amount.fill('2000');
    await amount.press('Tab');
    await expect.poll(() => world.core.alerts.getAccountSettings(id).overrides).toEqual({ lowBalanceAmount: '2000' });
    const runway = panel.getByLabel('Warn when the runway is under (days)');
    await runway.fill('-1');
    await runway.press('Tab');
    await expect.poll(() => panel.locator('.field-error').first().textContent()).toMatch(/Enter a number/);
    await runway.fill('');
    await runway.press('Tab');
    await amount.fill('');
    await amount.press('Tab');
    await expect.poll(() => world.core.alerts.getAccountSettings(id).overrides).toEqual({});
  });
});
