import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';

describe('the demo', () => {
  const browser = useBrowser();

  it('runs the fake provider server against its own home, labelled as demo data everywhere', async () => {
    const { world, page } = await browser.start();
    await page.getByRole('button', { name: 'Try the demo' }).click();

    // Demo accounts appear, polled over HTTP from the local fake server.
    const cards = page.locator('.cards > li');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(5);
    await expect(page.getByRole('note', { name: 'Demo mode' }).textContent()).resolves.toContain('Demo data');
    await expect(page.locator('.sidebar .chip-demo').textContent()).resolves.toBe('Demo');
    expect(await page.title()).toBe('Burnrate — demo data');

    // The interesting states are there: a 402 wallet, a key near its daily cap, a pack about to expire.
    await expect
      .poll(() => page.locator('[data-state="insufficient_balance"]').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const cheapai = cards.filter({ hasText: 'Demo · CheapAI studio' });
    await expect(cheapai.getByRole('meter', { name: 'Daily cap used' }).getAttribute('aria-valuenow')).resolves.toMatch(
      /^(8\d|9\d)$/,
    );
    // Its key is fine; its health is a warning (the cap, the pack expiring unused).
    const badge = cheapai.locator('.card-head [data-health]');
    await expect(badge.getAttribute('data-state')).resolves.toBe('ok');
    await expect(badge.getAttribute('data-health')).resolves.toBe('warning');
    // Its runway is cut where the 30-day pack expires: over a million credits leave with it, so not
    // the ~25 days that spend alone would give.
    const runwayDays = Number((await cheapai.getByTestId('runway').textContent())!.match(/^([\d.]+) days/)![1]);
    expect(runwayDays).toBeGreaterThan(4);
    expect(runwayDays).toBeLessThan(20);
    // The postpaid account shows credit left of its limit and stays out of the total.
    const lumenfall = cards.filter({ hasText: 'Demo · Lumenfall team' });
    await expect(lumenfall.getByTestId('postpaid').textContent()).resolves.toMatch(/^credit left of the limit/);
    await expect(page.getByTestId('money-held').textContent()).resolves.toContain('1 postpaid account left out');

    // Nothing of it is in the user's own database or keychain.
    expect(world.core.accounts.list()).toEqual([]);
    expect(world.secrets.entries.size).toBe(0);
    expect(fs.existsSync(path.join(world.home, 'demo', 'burnrate.db'))).toBe(true);

    // Every view says it is demo data.
    for (const view of ['History', 'Settings']) {
      await page.getByRole('link', { name: view, exact: true }).click();
      await page.getByRole('heading', { name: view, level: 1 }).waitFor();
      await expect(page.getByRole('note', { name: 'Demo mode' }).isVisible()).resolves.toBe(true);
    }
    await cheapai.count();
    await page
      .getByRole('link', { name: /Demo · CheapAI studio/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Demo · CheapAI studio', level: 1 }).waitFor();
    await expect(page.getByRole('note', { name: 'Demo mode' }).isVisible()).resolves.toBe(true);
    await page.locator('.chart-canvas[data-painted="true"]').first().waitFor();
    await expect(page.locator('.pack').first().textContent()).resolves.toMatch(/Expires in \d days, \d+ \w{3}/);
    // Over a million of the 5,000,000-credit pack expires unused; how much exactly depends on
    // the hour the demo is generated at (its burn follows the time of day).
    const unused = (await page.getByTestId('expiring-before-zero').textContent())!;
    expect(unused).toMatch(/^\d{1},\d{3},\d{3} credits \(\$\d+\.\d\d\) expire unused first$/);
    const credits = Number(unused.split(' ')[0]!.replaceAll(',', ''));
    expect(credits).toBeGreaterThan(1_000_000);
    expect(credits).toBeLessThan(5_000_000);
    await page.screenshot({ path: '/tmp/demo-account.png', fullPage: true });

    // Leaving the demo goes back to the user's own (empty) data.
    await page.getByRole('button', { name: 'Leave demo' }).click();
    await page.getByRole('heading', { name: 'Welcome to Burnrate' }).waitFor();
    await expect(page.getByRole('note', { name: 'Demo mode' }).count()).resolves.toBe(0);
  });
});
