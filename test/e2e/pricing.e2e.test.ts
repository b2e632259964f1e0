import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { REPO_ROOT } from './support/renderer.ts';
import { DAY_MS, seedReadings } from './support/seed.ts';
import { databaseForTests } from '../../src/core/core.ts';

/**
 * The account view's "What it buys" and "Estimate a job" panels, the pack form's prefill
 * and the overview card's line, against a real core and the fake providers. Screenshots go
 * to docs/screenshots with BURNRATE_SCREENSHOTS=docs, else to a temporary folder.
 */
const toDocs = process.env.BURNRATE_SCREENSHOTS === 'docs';
const target = toDocs
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-pricing-shots-'));
afterAll(() => {
  if (!toDocs) fs.rmSync(target, { recursive: true, force: true });
});

async function shot(page: Page, name: string, locator?: string): Promise<void> {
  fs.mkdirSync(target, { recursive: true });
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  if (locator) await page.locator(locator).screenshot({ path: path.join(target, `${name}.png`) });
  else await page.screenshot({ path: path.join(target, `${name}.png`), fullPage: true });
}

const panel = (page: Page, name: string) => page.locator('.panel', { has: page.getByRole('heading', { name }) });

describe('what the balance buys, in the window', () => {
  const browser = useBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`lists what a GPT Image 2 balance buys and estimates a job (${scheme})`, async () => {
      let accountId = '';
      const now = Date.now();
      const { page } = await browser.start({
        startPoller: false,
        colorScheme: scheme,
        viewport: { width: 1280, height: 900 },
        prepare: async (w) => {
          accountId = (await w.core.accounts.add({ provider: 'gptimage2', label: 'Image studio' })).id;
          // 30 days falling from 2,000 to 488 credits: about 50 credits a day.
          seedReadings(w.core, accountId, {
            from: now - 30 * DAY_MS,
            to: now,
            stepMs: 3 * 3_600_000,
            unit: 'credits',
            startMicros: 2000 * 1_000_000,
            spendMicros: 6.3 * 1_000_000,
          });
        },
      });
      await page.goto(`${new URL(page.url()).origin}/index.html#/account/${accountId}`);
      await page.getByRole('heading', { name: 'Image studio', level: 1 }).waitFor();
      const buys = panel(page, 'What it buys');
      await buys.locator('table').waitFor();
      const balance = (await page.getByTestId('account-balance').textContent()) ?? '';
      const credits = Number(balance.replace(/[^\d.]/g, ''));
      expect(credits).toBeGreaterThan(400);

      // The first rows: gpt-image-2 at 3 credits, nano-banana-pro at 2K and 4K.
      const rows = buys.locator('tbody tr');
      await expect(rows.count()).resolves.toBe(12);
      const first = await rows.nth(0).locator('td').allTextContents();
      expect(first[0]).toBe('gpt-image-2');
      expect(first[2]).toBe('3 credits / call');
      expect(first[3]).toBe(`${Math.floor(credits / 3).toLocaleString('en-US')} calls`);
      expect(first[4]).toMatch(/^≈ \d+(\.\d)? calls$/);
      expect(first[5]).toMatch(/^price list/);
      const pro4k = buys.locator('tr', { hasText: 'nano-banana-pro' }).filter({ hasText: '4K' });
      await expect(pro4k.locator('td').nth(3).textContent()).resolves.toBe(
        `${Math.floor(credits / 20).toLocaleString('en-US')} calls`,
      );
      await shot(page, `pricing-buys-${scheme}`, '.panel:has(#buys-title)');
      await buys.getByRole('button', { name: 'Show all 58' }).click();
      await expect(rows.count()).resolves.toBe(58);
      const soraRow = buys.locator('tr', { hasText: 'sora-2-pro-text-to-video' }).filter({ hasText: '1080p · tier 3' });
      await expect(soraRow.locator('td').nth(2).textContent()).resolves.toBe('96 credits / call');

      // The calculator: 10 × Sora 2 Pro at 1080p, the longest tier (96 credits each).
      const estimate = panel(page, 'Estimate a job');
      await estimate.getByLabel('Model').fill('sora-2-pro-text-to-video');
      await estimate.getByLabel('Resolution').selectOption('1080p');
      await estimate.getByLabel('Duration tier').selectOption('3');
      await estimate.getByLabel('How many').fill('10');
      await estimate.getByRole('button', { name: 'Estimate' }).click();
      const result = page.getByTestId('estimate-result');
      await expect.poll(() => result.locator('.big').textContent()).toBe('960 credits');
      await expect(result.textContent()).resolves.toMatch(/96 credits each/);
      await expect(result.textContent()).resolves.toMatch(/From seed 003: gptimage2api\.org\/docs\/pricing/);
      await expect(result.textContent()).resolves.toMatch(/not covered/);
      await expect(result.textContent()).resolves.toMatch(/uses \d+(\.\d)? days of burn/);
      await shot(page, `pricing-estimate-${scheme}`, '.panel:has(#estimate-title)');

      // A missing parameter is said plainly, in the form.
      await estimate.getByLabel('Model').fill('veo3');
      await estimate.getByLabel('How many').fill('2');
      await estimate.getByRole('button', { name: 'Estimate' }).click();
      await expect.poll(() => result.locator('.big').textContent()).toBe('126 credits');
      await estimate.getByLabel('Model').fill('not-a-model');
      await estimate.getByRole('button', { name: 'Estimate' }).click();
      await expect
        .poll(() => estimate.getByRole('alert').textContent())
        .toMatch(/^no price is known for .* at Image studio/);
    });
  }

  it('sets a price of your own, counts it, and removes it', async () => {
    let accountId = '';
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        accountId = (await w.core.accounts.add({ provider: 'gptimage2', label: 'Mine' })).id;
        seedReadings(w.core, accountId, {
          from: Date.now() - DAY_MS,
          to: Date.now(),
          stepMs: 3_600_000,
          unit: 'credits',
          startMicros: 100 * 1_000_000,
          spendMicros: 0,
        });
      },
    });
    await page.goto(`${new URL(page.url()).origin}/index.html#/account/${accountId}`);
    const buys = panel(page, 'What it buys');
    await buys.locator('table').waitFor();
    await buys.getByRole('button', { name: 'Set a price' }).click();
    const form = page.getByRole('form', { name: 'Set a price' });
    await form.getByLabel('Model').fill('gpt-image-2');
    await form.getByLabel('Price', { exact: true }).fill('2.5');
    await form.getByRole('button', { name: 'Save price' }).click();
    const row = buys.locator('tbody tr').first();
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('2.5 credits / call');
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('40 calls');
    await expect(row.locator('td').nth(5).textContent()).resolves.toMatch(/^yours/);
    expect(databaseForTests(world.core).prepare('SELECT count(*) FROM price_overrides').pluck().get()).toBe(1);

    // A bad price is refused in the form, naming the field; nothing is stored.
    await buys.getByRole('button', { name: 'Set a price' }).click();
    await form.getByLabel('Model').fill('gpt-image-2');
    await form.getByLabel('Variant').fill('resolution');
    await form.getByLabel('Price', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Save price' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/not name=value/);
    await form.getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('button', { name: /Remove your price for gpt-image-2/ }).click();
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('3 credits / call');
    expect(databaseForTests(world.core).prepare('SELECT count(*) FROM price_overrides').pluck().get()).toBe(0);
  });

  it('asks CheapAI’s price check from the calculator, and the pack form is prefilled from its live list', async () => {
    let accountId = '';
    const { page, world } = await browser.start({
      startPoller: false,
      viewport: { width: 1280, height: 900 },
      prepare: async (w) => {
        w.fake.setAccount('cheapai', { key: 'sk_cheapai_e2e_pricing', balance: '50000', scenario: 'ok' });
        accountId = (
          await w.core.accounts.add({
            provider: 'cheapai',
            label: 'Voice and images',
            baseUrl: w.fake.baseUrl('cheapai'),
            key: 'sk_cheapai_e2e_pricing',
          })
        ).id;
        seedReadings(w.core, accountId, {
          from: Date.now() - 2 * DAY_MS,
          to: Date.now(),
          stepMs: 3_600_000,
          unit: 'credits',
          startMicros: 60_000 * 1_000_000,
          spendMicros: 200 * 1_000_000,
        });
      },
    });
    await page.goto(`${new URL(page.url()).origin}/index.html#/account/${accountId}`);
    const buys = panel(page, 'What it buys');
    await expect.poll(() => buys.locator('.note').first().textContent()).toMatch(/publishes no per-model prices/);

    const estimate = panel(page, 'Estimate a job');
    await estimate.getByLabel('Model').fill('bytedance-seedream-4.5');
    await estimate.getByLabel('More parameters').fill('resolution=4K aspect_ratio=16:9');
    await estimate.getByLabel('How many').fill('3');
    await estimate.getByRole('button', { name: 'Estimate' }).click();
    const result = page.getByTestId('estimate-result');
    await expect.poll(() => result.locator('.big').textContent()).toBe('2,970 credits');
    await expect(result.textContent()).resolves.toMatch(/Priced by CheapAI price check for this very request/);
    const sent = world.fake.requests.filter((r) => r.path.endsWith('/v1i/task/price')).at(-1)!;
    expect(sent.body).toMatchObject({ model_id: 'bytedance-seedream-4.5', generations_count: 3 });
    // The answer is kept: the list now counts it (after the next refresh of the panel).
    await page.reload();
    await expect
      .poll(() => panel(page, 'What it buys').locator('tbody tr').first().locator('td').nth(0).textContent())
      .toBe('bytedance-seedream-4.5');

    // The pack form: CheapAI's live list, chosen in one step.
    await page.getByRole('button', { name: 'Add a pack' }).click();
    const form = page.getByRole('form', { name: 'Add a pack' });
    const pick = form.getByLabel('From the price list');
    await pick.waitFor();
    await expect(form.textContent()).resolves.toMatch(/From the provider’s list, read just now/);
    const option = await pick
      .locator('option', { hasText: 'standard · 5,000,000 credits · 90d' })
      .getAttribute('value');
    await pick.selectOption(option!);
    await expect(form.getByLabel('Credits').inputValue()).resolves.toBe('5000000');
    await expect(form.getByLabel('Price', { exact: true }).inputValue()).resolves.toBe('108');
    await expect(form.getByLabel('Valid for').inputValue()).resolves.toBe('90d');
    await shot(page, 'pricing-pack-prefill', '.account-view');
  });

  it('the overview card says what the balance buys in one line', async () => {
    const { page } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        const id = (await w.core.accounts.add({ provider: 'gptimage2', label: 'Cards' })).id;
        seedReadings(w.core, id, {
          from: Date.now() - DAY_MS,
          to: Date.now(),
          stepMs: 3_600_000,
          unit: 'credits',
          startMicros: 488 * 1_000_000,
          spendMicros: 0,
        });
      },
    });
    await expect.poll(() => page.locator('.card-buys').textContent()).toBe('≈ 162 gpt-image-2 calls');
  });
});
