import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { REPO_ROOT } from './support/renderer.ts';
import { readingRecord } from '../../src/core/core.ts';
import { outcome } from '../../src/core/providers/adapter.ts';

/**
 * The main views on a Chinese system (the OS's locale is zh-CN, as Electron's
 * app.getLocale() would say): every view speaks Simplified Chinese, money reads "¥91.20",
 * and no English word of the catalogs is left on screen. Changing Settings → Language
 * applies at once. With BURNRATE_SCREENSHOTS=docs the screenshots are written to
 * docs/screenshots/*-zh-CN.png; otherwise to a temporary folder.
 */
const toDocs = process.env.BURNRATE_SCREENSHOTS === 'docs';
const target = toDocs
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-shots-zh-'));
afterAll(() => {
  if (!toDocs) fs.rmSync(target, { recursive: true, force: true });
});

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.screenshot({ path: path.join(target, `${name}.png`), fullPage });
}

/** English words the views would show if a string escaped the catalogs (names and codes aside). */
const ENGLISH =
  /\b(Overview|History|Settings|Balance|Runway|Burn|Refresh|Loading|Snooze|Dismiss|Alerts?|Accounts?|days?|left|ago|Add|Remove|Cancel|Save|General|Theme|Language|Packs?|Stale|Warning|Critical|Paused|Edit|Export|Import|readings?|never|Money|held|needs?|attention)\b/;

/** What the person reads in the main area, minus the demo's account and provider names. */
async function mainText(page: Page): Promise<string> {
  // A reading's message is the provider's (or the poll's) own words, stored as they came: data, not ours.
  const text = await page.evaluate(`(() => {
    const main = document.querySelector('main').cloneNode(true);
    for (const cell of main.querySelectorAll('td.message')) cell.remove();
    document.body.appendChild(main);
    const text = main.innerText;
    main.remove();
    return text;
  })()`);
  return (
    String(text)
      .replace(/Demo · [^\n·—]*/g, '')
      // The demo's own data: the notes it gives its packs.
      .replace(/starter, lifetime|standard, 30 days/g, '')
      .replace(
        /CheapAI|new-api|OpenRouter|DeepSeek|SiliconFlow|Moonshot|LiteLLM|ElevenLabs|Gemini|gpt-[\w.-]+|[\w-]+\.(com|ai|io|dev)\S*/gi,
        '',
      )
  );
}

/** Text nodes with Latin sentences left in a view: the test names them. */
async function englishLeft(page: Page): Promise<string[]> {
  const text = await mainText(page);
  return text.split('\n').filter((line) => ENGLISH.test(line));
}

describe('the main views in Simplified Chinese', () => {
  const browser = useBrowser();

  it('follow a Chinese system: overview, an account, history and settings, with screenshots', async () => {
    fs.mkdirSync(target, { recursive: true });
    const { page } = await browser.start({ locale: 'zh-CN', viewport: { width: 1280, height: 820 } });

    await page.getByRole('heading', { name: '欢迎使用 Burnrate' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('button', { name: '试试演示' }).click();
    await expect.poll(() => page.locator('.cards > li').count(), { timeout: 15_000 }).toBe(5);
    await expect
      .poll(() => page.locator('[data-state="insufficient_balance"]').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.getByRole('heading', { name: '概览', level: 1 }).waitFor();
    await expect(page.getByTestId('money-held').innerText()).resolves.toMatch(/持有金额/);
    await expect(page.locator('nav').innerText()).resolves.toMatch(/概览[\s\S]*历史[\s\S]*设置[\s\S]*账户/);
    expect(await englishLeft(page)).toEqual([]);
    await shot(page, 'overview-zh-CN', true);

    await page.getByRole('link', { name: 'Demo · CheapAI studio' }).first().click();
    await page.getByRole('heading', { name: 'Demo · CheapAI studio', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.chart-canvas[data-painted="true"]').count()).toBe(2);
    await page.locator('.timeline').waitFor();
    await page.getByRole('heading', { name: '密钥状态' }).waitFor();
    // Amounts in the provider's unit are said in Chinese ("积分"), and the runway in days ("天").
    await expect(page.getByTestId('account-balance').innerText()).resolves.toMatch(/积分/);
    expect(await englishLeft(page)).toEqual([]);
    await shot(page, 'account-zh-CN', true);

    await page.getByRole('link', { name: '历史', exact: true }).click();
    // The account's own tables are gone once History's heading is up.
    await page.locator('h1#history-title').waitFor();
    await page.locator('table.readings tbody tr').first().waitFor();
    await expect(page.locator('table.readings thead').innerText()).resolves.toMatch(/时间[\s\S]*状态[\s\S]*余额/);
    expect(await englishLeft(page)).toEqual([]);

    await page.getByRole('link', { name: '设置', exact: true }).click();
    await page.getByRole('heading', { name: '通用' }).waitFor();
    await expect(page.getByLabel('语言').inputValue()).resolves.toBe('system');
    expect(await englishLeft(page)).toEqual([]);
    await shot(page, 'settings-zh-CN', true);
  });

  it('says what core decides in Chinese too: a shared-balance suggestion, why a runway is unknown', async () => {
    const now = Date.now();
    const ids: Record<string, string> = {};
    const { page } = await browser.start({
      locale: 'zh-CN',
      startPoller: false,
      prepare: async (w) => {
        const add = async (label: string) =>
          w.core.accounts.require(
            (
              await w.core.accounts.add({
                provider: 'cheapai',
                label,
                key: 'sk-e2e-key',
                baseUrl: w.fake.baseUrl('cheapai'),
              })
            ).id,
          );
        const studio = await add('studio');
        const batch = await add('batch');
        const fresh = await add('fresh');
        Object.assign(ids, { studio: studio.id, batch: batch.id, fresh: fresh.id });
        const ok = (credits: number) =>
          outcome({ state: 'ok', httpStatus: 200, balance: { micros: credits * 1_000_000, unit: 'credits' } });
        for (let t = now - 60_000; t >= now - 2 * 86_400_000; t -= 30 * 60_000) {
          const left = 2_000_000 + 10 * Math.round((now - t) / 60_000);
          w.core.repos.readings.insert(readingRecord(studio.pk, ok(left), t));
          w.core.repos.readings.insert(readingRecord(batch.pk, ok(left), t - 5000));
        }
        // Two readings 59 min apart: too little history for a burn rate.
        w.core.repos.readings.insert(readingRecord(fresh.pk, ok(500), now - 60 * 60_000));
        w.core.repos.readings.insert(readingRecord(fresh.pk, ok(499), now - 60_000));
      },
    });
    const suggestion = page.getByTestId('shared-suggestion');
    await suggestion.waitFor({ timeout: 15_000 });
    await expect(suggestion.innerText()).resolves.toMatch(
      /^batch 和 studio（CheapAI）在一天里同一时刻的查询报告了相同的余额：.+关联它们/,
    );
    await expect(
      page.locator(`.cards > li[data-account="${ids.fresh}"]`).getByTestId('runway').getAttribute('title'),
    ).resolves.toMatch(/^消耗速度未知：最近 24h 内只有 59 分钟的余额记录（需要 6 小时）$/);
    expect(await englishLeft(page)).toEqual([]);
    await shot(page, 'overview-suggestion-zh-CN');
  });

  it('changes language at once from Settings, and back', async () => {
    const { page } = await browser.start({ locale: 'en-US' });
    await page.getByRole('heading', { name: 'Welcome to Burnrate' }).waitFor();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'General' }).waitFor();

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '通用' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect(page.locator('nav').innerText()).resolves.toMatch(/概览/);

    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });
});
