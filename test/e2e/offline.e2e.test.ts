import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';

describe('offline', () => {
  const browser = useBrowser();

  it('says so when every poll fails for network reasons, and keeps showing saved history', async () => {
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        w.fake.setAccount('cheapai', { key: 'sk_off', balance: '4200', scenario: 'ok' });
        await w.core.accounts.add({
          provider: 'cheapai',
          label: 'Studio',
          baseUrl: w.fake.baseUrl('cheapai'),
          key: 'sk_off',
        });
      },
    });
    await page.getByRole('button', { name: 'Refresh all' }).click();
    const balance = page.getByTestId('balance');
    await expect.poll(() => balance.textContent()).toBe('4,200 credits');
    await expect(page.getByText('Offline.').count()).resolves.toBe(0);

    // The connection drops: the reply never comes (reset), so the poll is a network_error.
    world.fake.updateAccount('cheapai', 'sk_off', { scenario: 'connection_reset' });
    await page.getByRole('button', { name: 'Refresh all' }).click();
    const banner = page.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('saved history');
    await expect
      .poll(() => page.locator('.card [data-state]').first().getAttribute('data-state'))
      .toBe('network_error');
    // The last known balance is still there, and so is the history.
    await expect(balance.textContent()).resolves.toBe('4,200 credits');
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe('Showing 1–2 of 2 readings');
    await expect(page.getByRole('status').filter({ hasText: 'Offline.' }).isVisible()).resolves.toBe(true);

    // Back online: the banner goes with the next good poll.
    world.fake.updateAccount('cheapai', 'sk_off', { scenario: 'ok' });
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh all' }).click();
    await expect.poll(() => page.getByText('Offline.').count()).toBe(0);
  });

  it('can be used from the keyboard alone: skip link, visible focus, views reachable by Tab', async () => {
    const { page } = await browser.start({ startPoller: false });
    await page.getByRole('heading', { name: 'Welcome to Burnrate' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to content');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Overview');
    // The focus ring is drawn (focus-visible), not suppressed.
    await expect(page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).resolves.toBe('solid');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Settings');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    // Moving to a view puts focus on its heading, so the next Tab starts inside it.
    await expect(page.evaluate('document.activeElement?.tagName')).resolves.toBe('H1');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Add account');
  });
});
