import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';

describe('first run', () => {
  const browser = useBrowser();

  it('offers to add an account or try the demo, and adding one polls it and shows its balance', async () => {
    const { world, page } = await browser.start();
    world.fake.setAccount('cheapai', { key: 'sk_e2e_first', balance: '123456', scenario: 'ok' });

    await page.getByRole('heading', { name: 'Welcome to Burnrate' }).waitFor();
    await page.getByRole('button', { name: 'Try the demo' }).waitFor();
    await page.getByRole('link', { name: 'Add an account' }).click();
    await page.getByLabel('Provider', { exact: true }).selectOption('cheapai');
    await page.getByLabel('Label', { exact: true }).fill('Studio');
    await page.getByLabel('Base URL (optional)').fill(world.fake.baseUrl('cheapai'));
    await page.getByLabel('API key', { exact: true }).fill('sk_e2e_first');
    await page.getByRole('button', { name: 'Add account' }).click();

    // The key went to the (test) keychain, never to the database or back to the page.
    await page.getByRole('heading', { name: 'Studio' }).waitFor();
    const [account] = world.core.accounts.list();
    expect(await world.secrets.get(account!.id)).toBe('sk_e2e_first');
    expect(await page.content()).not.toContain('sk_e2e_first');

    // The first poll ran over HTTP against the fake server and its balance is on the card.
    await page.getByRole('link', { name: 'Overview' }).click();
    const card = page.locator(`[data-account="${account!.id}"]`);
    await expect.poll(() => card.getByTestId('balance').textContent()).toBe('123,456 credits');
    expect(world.fake.requests.some((r) => r.path === '/cheapai/v1/credits')).toBe(true);
    await expect(card.locator('[data-state]').getAttribute('data-state')).resolves.toBe('ok');
  });
});
