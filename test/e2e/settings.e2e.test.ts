import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/ipc.ts';
import { useBrowser } from './support/harness.ts';
import type { World } from './support/world.ts';
import { startReceiver } from '../helpers/receiver.ts';

async function stored(world: World): Promise<Settings> {
  const reply = await world.invoke('settings:get', undefined);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as Settings;
}

describe('settings', () => {
  const browser = useBrowser();

  it('refuses a bad value with a named error and changes nothing, then saves a good one', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings' });
    const before = await stored(world);
    await page.getByRole('heading', { name: 'General' }).waitFor();
    const error = page.locator('form[aria-labelledby="general-title"] [role="alert"]');
    const save = page.getByRole('button', { name: 'Save settings' });

    // A valid change together with an invalid one: neither is stored.
    await page.getByLabel('Display currency').selectOption('CNY');
    await page.getByLabel('CNY per USD').fill('seven');
    await save.click();
    await expect.poll(() => error.textContent()).toMatch(/CNY rate must be a number/);
    expect(await stored(world)).toEqual(before);

    await page.getByLabel('CNY per USD').fill('7.1');
    await page.getByLabel('Poll new accounts every (minutes)').fill('0.1');
    await save.click();
    await expect.poll(() => error.textContent()).toMatch(/at least 30 seconds/);
    expect(await stored(world)).toEqual(before);

    // The alert rules are checked by their owner, inside the same all-or-nothing save.
    await page.getByLabel('Poll new accounts every (minutes)').fill('10');
    await page.getByLabel('Warn at these shares of a daily cap (%)').fill('95, 80');
    await save.click();
    await expect.poll(() => error.textContent()).toMatch(/increasing/);
    expect(await stored(world)).toEqual(before);

    await page.getByLabel('Warn at these shares of a daily cap (%)').fill('75, 90');
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect(error.count()).resolves.toBe(0);
    const after = await stored(world);
    expect(after).toMatchObject({ displayCurrency: 'CNY', cnyPerUsd: '7.1', defaultPollIntervalSeconds: 600 });
    expect(after.alerts.capApproachingPercents).toEqual([75, 90]);
  });

  it('adds an alert channel, tests it, shows its last delivery without its token, and removes it', async () => {
    const receiver = await startReceiver();
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings' });
    await page.getByRole('heading', { name: 'Alert channels' }).waitFor();
    await page.getByLabel('Send to').selectOption('slack');
    const url = `${receiver.origin}/services/T1/B1/SLACKTOKENSECRET42`;
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('Send alerts of at least').selectOption('critical');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Slack' }).waitFor();
    await expect(page.getByLabel('URL').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test delivered.' }).waitFor();
    await page.getByText(/critical and above · last delivered/).waitFor();
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toEqual({ text: expect.stringMatching(/^Burnrate \[info\] /) });
    expect(await page.content()).not.toContain('SLACKTOKENSECRET42');
    expect(world.core.channels.list()).toMatchObject([{ kind: 'slack', minSeverity: 'critical' }]);

    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').filter({ hasText: 'Channel removed.' }).waitFor();
    expect(world.core.channels.list()).toEqual([]);
  });

  it('stores a key without ever showing it, replaces it, and tests the connection', async () => {
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        w.fake.setAccount('cheapai', { key: 'sk_old_key', balance: '500', scenario: 'ok' });
        w.fake.setAccount('cheapai', { key: 'sk_new_key', balance: '777', scenario: 'ok' });
        await w.core.accounts.add({
          provider: 'cheapai',
          label: 'Keyed',
          baseUrl: w.fake.baseUrl('cheapai'),
          key: 'sk_old_key',
        });
      },
    });
    const id = world.core.accounts.list()[0]!.id;
    await page.goto(`${new URL(page.url()).origin}/index.html#/settings/accounts/${id}`);
    await expect.poll(() => page.getByTestId('key-status').textContent()).toMatch(/^Key stored/);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toContain('Balance 500 credits');

    await page.getByRole('button', { name: 'Replace key' }).click();
    await page.getByLabel('New key').fill('sk_new_key');
    await page.getByRole('button', { name: 'Store key' }).click();
    await page.getByText('New key stored in the keychain.').waitFor();
    expect(await world.secrets.get(id)).toBe('sk_new_key');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toContain('Balance 777 credits');

    // A wrong key is reported as the provider's answer, in the app's words.
    world.fake.updateAccount('cheapai', 'sk_new_key', { scenario: 'invalid_key' });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toContain('Invalid key');

    const html = await page.content();
    expect(html).not.toContain('sk_old_key');
    expect(html).not.toContain('sk_new_key');
    // Testing is a question, not history: no reading was stored.
    expect(world.core.repos.readings.count(world.core.accounts.require(id).pk)).toBe(0);
  });
});
