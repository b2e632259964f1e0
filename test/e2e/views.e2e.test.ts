import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { REPO_ROOT } from './support/renderer.ts';

/**
 * Every view, light and dark, on the demo's data: each must render its heading and main
 * content with no console error or CSP violation. With BURNRATE_SCREENSHOTS=docs the
 * screenshots are written to docs/screenshots (committed, shown in the README); otherwise
 * to a temporary folder.
 */
const toDocs = process.env.BURNRATE_SCREENSHOTS === 'docs';
const target = toDocs
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-shots-'));
afterAll(() => {
  if (!toDocs) fs.rmSync(target, { recursive: true, force: true });
});

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let the last chart frame and any relative-time tick settle.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.screenshot({ path: path.join(target, `${name}.png`), fullPage });
}

describe('every view in light and dark', () => {
  const browser = useBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`renders cleanly in ${scheme} mode`, async () => {
      fs.mkdirSync(target, { recursive: true });
      const { page } = await browser.start({ colorScheme: scheme, viewport: { width: 1280, height: 820 } });

      await page.getByRole('heading', { name: 'Welcome to Burnrate' }).waitFor();
      await shot(page, `first-run-${scheme}`);

      await page.getByRole('button', { name: 'Try the demo' }).click();
      await expect.poll(() => page.locator('.cards > li').count(), { timeout: 15_000 }).toBe(5);
      await expect
        .poll(() => page.locator('[data-state="insufficient_balance"]').count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
      await shot(page, `overview-${scheme}`, true);

      await page.getByRole('link', { name: 'Demo · CheapAI studio' }).first().click();
      await page.getByRole('heading', { name: 'Demo · CheapAI studio', level: 1 }).waitFor();
      await expect.poll(() => page.locator('.chart-canvas[data-painted="true"]').count()).toBe(2);
      await page.locator('.timeline').waitFor();
      await shot(page, `account-${scheme}`, true);

      // The tooltip names the exact stored value and its unit.
      const chart = page.locator('.chart-canvas').first().locator('.u-over');
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      await expect(page.locator('.chart-tip').first().textContent()).resolves.toMatch(/\d credits/);
      await shot(page, `account-tooltip-${scheme}`);

      await page.getByRole('link', { name: 'History', exact: true }).click();
      // The account's own tables are gone once History's heading is up.
      await page.locator('h1#history-title').waitFor();
      await page.locator('table.readings tbody tr').first().waitFor();
      await shot(page, `history-${scheme}`);

      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('heading', { name: 'General' }).waitFor();
      await shot(page, `settings-${scheme}`, true);

      await page.getByRole('link', { name: 'Add account' }).click();
      await page.getByLabel('Provider', { exact: true }).selectOption('custom');
      await page.getByRole('group', { name: 'Custom endpoint options' }).waitFor();
      await shot(page, `add-account-${scheme}`, true);
    });
  }
});
