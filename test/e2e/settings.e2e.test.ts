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

  it('applies each change at once; a refused value is named under its field and nothing changes', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings' });
    const before = await stored(world);
    await page.getByRole('heading', { name: 'General' }).waitFor();
    // No form to save or undo: every control applies itself.
    await expect(page.getByRole('button', { name: /Save settings|Undo changes/ }).count()).resolves.toBe(0);
    // The text linked to a field (its help and the result of applying it).
    const noteOf = async (label: string) => {
      const ids = ((await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '').split(' ');
      const texts = await Promise.all(ids.filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
      return texts.join(' ');
    };

    await page.getByLabel('Display currency').selectOption('CNY');
    await expect.poll(async () => (await stored(world)).displayCurrency).toBe('CNY');

    // A word where a number belongs: refused by the engine, said under the field, nothing stored.
    await page.getByLabel('CNY per USD').fill('seven');
    await page.getByLabel('CNY per USD').press('Tab');
    await expect.poll(() => noteOf('CNY per USD')).toMatch(/CNY rate must be a number/);
    await expect(page.getByLabel('CNY per USD').getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await stored(world)).cnyPerUsd).toBe(before.cnyPerUsd);
    await page.getByLabel('CNY per USD').fill('7.1');
    await page.getByLabel('CNY per USD').press('Enter');
    await expect.poll(async () => (await stored(world)).cnyPerUsd).toBe('7.1');
    await expect.poll(() => noteOf('CNY per USD')).toMatch(/Saved/);

    // Applied after a pause in typing, without leaving the field.
    await page.getByLabel('Poll new accounts every (minutes)').fill('0.1');
    await expect.poll(() => noteOf('Poll new accounts every (minutes)')).toMatch(/at least 30 seconds/);
    await page.getByLabel('Poll new accounts every (minutes)').fill('10');
    await expect.poll(async () => (await stored(world)).defaultPollIntervalSeconds).toBe(600);

    // Alert rules are checked by their owner.
    const cap = 'Warn at these shares of a daily cap (%)';
    await page.getByLabel(cap).fill('95, 80');
    await page.getByLabel(cap).press('Tab');
    await expect.poll(() => noteOf(cap)).toMatch(/increasing/);
    expect((await stored(world)).alerts.capApproachingPercents).toEqual([80, 95]);
    await page.getByLabel(cap).fill('75, 90');
    await page.getByLabel(cap).press('Tab');
    await expect.poll(async () => (await stored(world)).alerts.capApproachingPercents).toEqual([75, 90]);

    await page.getByLabel('Warn when the balance is below').fill('12.5');
    await page.getByLabel('Warn when the balance is below').press('Tab');
    await expect.poll(async () => (await stored(world)).alerts.lowBalanceAmount).toBe('12.5');
    await page.getByLabel('…and after this many missed polls').fill('4');
    await page.getByLabel('…and after this many missed polls').press('Tab');
    await expect.poll(async () => (await stored(world)).alerts.staleIntervals).toBe(4);

    // Which kinds are raised and which notify.
    await page.getByLabel('Notify “No fresh readings” alerts').click();
    await expect.poll(async () => (await stored(world)).alerts.mutedKinds).toEqual(['stale']);
    await page.getByLabel('Raise “Top-up seen” alerts').click();
    await expect.poll(async () => (await stored(world)).alerts.disabledKinds).toEqual(['top_up']);
    await expect(page.getByLabel('Notify “Top-up seen” alerts').isDisabled()).resolves.toBe(true);

    await page.getByLabel('Hold notifications during these hours').click();
    await expect.poll(async () => (await stored(world)).alerts.quietHours).toEqual({ start: '22:00', end: '08:00' });
  });

  it('the theme is a choice: system, light or dark, applied at once', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings', colorScheme: 'light' });
    await page.getByRole('heading', { name: 'General' }).waitFor();
    const theme = () => page.evaluate<string>('document.documentElement.dataset.theme');
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await expect(theme()).resolves.toBe('light');
    const light = await background();
    await page.getByLabel('Theme').selectOption('dark');
    await expect.poll(theme).toBe('dark');
    expect(await background()).not.toBe(light);
    expect((await stored(world)).theme).toBe('dark');
    // Kept: a new window opens dark although the system is light.
    const again = await browser.reopen(world, { colorScheme: 'light', hash: '#/settings' });
    await expect.poll(() => again.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await page.getByLabel('Theme').selectOption('system');
    await expect.poll(theme).toBe('light');
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
