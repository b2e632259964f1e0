import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { DAY_MS, seedReadings } from './support/seed.ts';

describe('the account view', () => {
  const browser = useBrowser();

  it('charts a year of minute readings, downsampled by core, with exact tooltips and zoom', async () => {
    let accountId = '';
    const now = Date.now();
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        const account = await w.core.accounts.add({
          provider: 'cheapai',
          label: 'Year of minutes',
          baseUrl: w.fake.baseUrl('cheapai'),
          key: 'sk_year',
        });
        accountId = account.id;
        const seeded = seedReadings(w.core, account.id, {
          from: now - 365 * DAY_MS,
          to: now,
          unit: 'credits',
          startMicros: 5_000_000 * 1_000_000,
          spendMicros: 9 * 1_000_000,
          refillBelowMicros: 500_000 * 1_000_000,
          topUpMicros: 4_000_000 * 1_000_000,
        });
        expect(seeded.inserted).toBe(525_600);
      },
    });
    expect(world.core.repos.readings.count(world.core.accounts.require(accountId).pk)).toBe(525_600);

    await page.goto(`${new URL(page.url()).origin}/index.html#/account/${accountId}`);
    await page.getByRole('heading', { name: 'Year of minutes', level: 1 }).waitFor();
    await page.getByRole('button', { name: '1 y' }).click();
    await expect(page.getByRole('button', { name: '1 y' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const chart = page.locator('.chart-canvas').first();
    await chart.locator('canvas').waitFor();
    await expect.poll(() => chart.getAttribute('data-painted')).toBe('true');

    // Core sent at most one point per pixel-ish for 525,600 readings, and said so.
    const note = (await page.locator('.chart-note').first().textContent()) ?? '';
    const m = /([\d,]+) readings, drawn as ([\d,]+) points/.exec(note);
    expect(m, note).not.toBeNull();
    expect(Number(m![1]!.replaceAll(',', ''))).toBeGreaterThanOrEqual(525_000);
    expect(Number(m![2]!.replaceAll(',', ''))).toBeLessThanOrEqual(1200);
    expect(note).toMatch(/top-ups? marked/);

    // The tooltip shows an exact stored balance with its unit.
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => page.locator('.chart-tip').first().textContent()).toMatch(/\d{1,3}(,\d{3})+ credits/);

    // Drag to zoom, then reset.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect(page.getByRole('button', { name: 'Reset zoom' }).count()).resolves.toBe(0);

    // Daily spend bars and the key-state timeline come from the same year: a reading every
    // minute spending 9 credits is 1,440 × 9 = 12,960 credits on a whole day.
    await expect.poll(() => page.locator('.chart-canvas[data-painted="true"]').count()).toBe(2);
    const bars = page.locator('.chart-canvas').nth(1).locator('.u-over');
    const barsBox = (await bars.boundingBox())!;
    await page.mouse.move(barsBox.x + barsBox.width * 0.5, barsBox.y + barsBox.height * 0.6);
    await expect.poll(() => page.locator('.chart-tip').nth(1).textContent()).toContain('12,960 credits');
    await expect(page.locator('.timeline-list').textContent()).resolves.toContain('OK for the whole range');
  });

  it('records a balance by hand for a provider without a balance endpoint', async () => {
    let accountId = '';
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        accountId = (await w.core.accounts.add({ provider: 'gptimage2', label: 'Images', key: 'sk_live_manual' })).id;
      },
    });
    await page.goto(`${new URL(page.url()).origin}/index.html#/account/${accountId}`);
    await page.getByRole('heading', { name: 'Images', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Record balance' }).click();
    const input = page.getByLabel(/^Balance now/);
    await input.fill('twelve');
    await page
      .getByRole('form', { name: 'Record the balance' })
      .getByRole('button', { name: 'Record balance' })
      .click();
    await expect
      .poll(() => page.getByRole('form', { name: 'Record the balance' }).getByRole('alert').textContent())
      .toMatch(/must be a number/);
    expect(world.core.repos.readings.count(world.core.accounts.require(accountId).pk)).toBe(0);

    await input.fill('1200');
    await page
      .getByRole('form', { name: 'Record the balance' })
      .getByRole('button', { name: 'Record balance' })
      .click();
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toBe('1,200 credits');
    await expect(page.getByRole('form', { name: 'Record the balance' }).count()).resolves.toBe(0);
  });
});
