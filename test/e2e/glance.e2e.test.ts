import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { IpcResult, StatusReport } from '../../src/shared/ipc.ts';
import { clockTime } from '../../src/shared/format/relative-time.ts';
import { useBrowser } from './support/harness.ts';
import { REPO_ROOT } from './support/renderer.ts';
import { seedFifteen } from './support/fifteen.ts';
import type { World } from './support/world.ts';

/**
 * The glance: the overview leads with what runs out next, names who needs attention and
 * filters to them, orders cards by urgency, draws a failed account compact with its
 * one-click action, and fits the most urgent account on the first screen of an 800×600
 * window with the sidebar's marks in view; a sortable table for many accounts. On a
 * fifteen-account world with every key state, a capped key, an expiring pack and a shared
 * balance, and on the demo. With BURNRATE_SCREENSHOTS=docs the screenshots go to
 * docs/screenshots.
 */
const toDocs = process.env.BURNRATE_SCREENSHOTS === 'docs';
const target = toDocs
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-shots-'));
afterAll(() => {
  if (!toDocs) fs.rmSync(target, { recursive: true, force: true });
});

async function shot(page: Page, name: string, options: { fullPage?: boolean; selector?: string } = {}): Promise<void> {
  fs.mkdirSync(target, { recursive: true });
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const file = path.join(target, `${name}.png`);
  if (options.selector) await page.locator(options.selector).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
}

async function status(world: World): Promise<StatusReport> {
  const reply = (await world.invoke('status:get', undefined)) as IpcResult<StatusReport>;
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

const cardIds = (page: Page) =>
  page.locator('.cards > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-account')));

describe('the glance on fifteen accounts', () => {
  const browser = useBrowser();

  async function fifteen(
    options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
  ) {
    const now = Date.now();
    let ids: Record<string, string> = {};
    const started = await browser.start({
      startPoller: false,
      colorScheme: options.colorScheme ?? 'light',
      viewport: options.viewport ?? { width: 1280, height: 800 },
      prepare: async (w) => void (ids = await seedFifteen(w, now)),
    });
    await started.page.locator('.cards > li').nth(14).waitFor();
    return { ...started, ids, now };
  }

  it('leads with what runs out next and why, the money held, and who needs attention — named and filterable', async () => {
    const { page, world, ids } = await fifteen();
    const report = await status(world);
    expect(report.totals.nextToRunOut).toMatchObject({ id: ids.studio, cause: 'pack_expiry' });

    // Cards in the one order of urgency, the worst first.
    expect(await cardIds(page)).toEqual(report.totals.order);
    expect(report.totals.order.slice(0, 4).sort()).toEqual([ids.capped, ids.old, ids.relay, ids.wallet].sort());
    expect(report.totals.order.at(-1)).toBe(ids.paused);

    const next = page.getByTestId('next-to-run-out');
    await expect(next.textContent()).resolves.toMatch(
      /^Studio runs out in 36 h, \w{3} \d\d:\d\d — a pack expires with 1,5\d\d,\d{3} credits unused$/,
    );
    await expect(page.getByTestId('money-held').textContent()).resolves.toMatch(
      /^Money held \$[\d,.]+ · burns \$[\d,.]+\/day · lasts [\d.]+ days · spent \$[\d,.]+ in 24 h/,
    );

    // Who needs attention, by name, most urgent first; then only them.
    const chips = page.getByRole('list', { name: 'Needs attention' }).getByRole('link');
    const labelOf = (id: string) => report.accounts.find((a) => a.id === id)!.label;
    await expect(chips.allTextContents()).resolves.toEqual(
      report.totals.attention.map((id) => `${mark(report, id)}${labelOf(id)}`),
    );
    expect(report.totals.attention).toContain(ids.team); // the capped key: warning, its key state ok
    expect(report.totals.attention).toContain(ids.studio); // the pack expiring unused
    expect(report.totals.attention).toContain(ids.stale);
    await expect(page.getByTestId('attention').textContent()).resolves.toMatch(
      new RegExp(`^${report.totals.attention.length} need attention:`),
    );
    await page.getByRole('button', { name: 'Show only these' }).click();
    await expect.poll(() => cardIds(page)).toEqual(report.totals.attention);
    await page.getByRole('button', { name: 'Show all 15' }).click();
    await expect.poll(() => page.locator('.cards > li').count()).toBe(15);

    // The sidebar lists accounts in the same order, each with its health mark.
    const sidebar = page.getByRole('navigation', { name: 'Main' }).locator('.nav-account');
    await expect(sidebar.locator('.nav-account-label').allTextContents()).resolves.toEqual(
      report.totals.order.map(labelOf),
    );
    await expect(sidebar.first().locator('.health-mark').getAttribute('aria-label')).resolves.toBe('Critical');
  });

  it('a failed account is compact and says what to do, one click away', async () => {
    const { page, world, ids, now } = await fifteen();
    const card = (id: string) => page.locator(`.cards > li[data-account="${id}"]`);

    // Out of balance: Top up opens the provider's billing page, through core's allowlist.
    await expect(card(ids.wallet!).getAttribute('data-action')).resolves.toBe('top_up');
    await card(ids.wallet!).getByRole('button', { name: 'Top up ↗' }).click();
    await expect.poll(() => world.opened).toEqual(['https://openrouter.ai/settings/credits']);

    // A daily cap the provider enforces: when it resets, and who says so.
    await expect(card(ids.capped!).getByTestId('failed-action').textContent()).resolves.toBe(
      'Resets at 00:00 (assumed: midnight UTC)',
    );
    // Rate limited: when it is tried again (the provider's Retry-After).
    await expect(card(ids.voice!).getByTestId('failed-action').textContent()).resolves.toBe(
      `Retrying at ${clockTime(now - 30_000 + 1800_000)}Retry now`,
    );
    for (const id of [ids.mirror, ids.parser, ids.offsite, ids.slow])
      await expect(card(id!).getAttribute('data-action')).resolves.toBe('retry');
    // Failed cards hold no chart: compact.
    await expect(card(ids.old!).locator('.sparkline').count()).resolves.toBe(0);
    await expect(card(ids.studio!).locator('.sparkline').count()).resolves.toBe(1);

    // A rejected or expired key: Replace key opens the account's key field, focused.
    for (const id of [ids.relay, ids.old])
      await expect(card(id!).getByRole('link', { name: 'Replace key' }).getAttribute('href')).resolves.toBe(
        `#/settings/accounts/${id}/key`,
      );
    await card(ids.old!).getByRole('link', { name: 'Replace key' }).click();
    await page.getByLabel('New key').waitFor();
    await expect(page.evaluate<string | null>('document.activeElement?.getAttribute("type")')).resolves.toBe(
      'password',
    );
    await page.getByLabel('New key').fill('sk-e2e-old-replaced-0123');
    await page.getByRole('button', { name: 'Store key' }).click();
    await page.getByText('New key stored in the keychain.').waitFor();
    expect(await world.secrets.get(ids.old!)).toBe('sk-e2e-old-replaced-0123');
  });

  it('acting from the overview: a snoozed warning leaves "needs attention" and the card says it is held back', async () => {
    const { page, world, ids } = await fifteen();
    const before = await status(world);
    expect(before.totals.attention).toContain(ids.team);
    const team = page.locator(`.cards > li[data-account="${ids.team}"]`);
    await team.getByRole('button', { name: 'Snooze ▾' }).click();
    await team.getByRole('menuitem', { name: 'For 1 hour' }).click();
    await expect.poll(async () => (await status(world)).totals.attention).not.toContain(ids.team);
    await expect
      .poll(() => page.getByTestId('attention').textContent())
      .toMatch(new RegExp(`^${before.totals.attention.length - 1} need attention:`));
    await expect.poll(() => team.getByTestId('provenance').textContent()).toMatch(/held back$/);
    // It moved down the order of urgency with it.
    const after = await status(world);
    expect(after.totals.order.indexOf(ids.team!)).toBeGreaterThan(before.totals.order.indexOf(ids.team!));
    await expect.poll(() => cardIds(page)).toEqual(after.totals.order);
  });

  it('at 800×600 the most urgent account is on the first screen and the sidebar marks stay visible', async () => {
    const { page, world } = await fifteen({ viewport: { width: 800, height: 600 } });
    const report = await status(world);
    const first = page.locator(`.cards > li[data-account="${report.totals.order[0]}"]`);
    const box = (await first.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    const marks = page.getByRole('navigation', { name: 'Main' }).locator('.nav-account .health-mark');
    await expect(marks.count()).resolves.toBe(15);
    expect(await marks.first().isVisible()).toBe(true);
    const sidebar = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
    expect(sidebar.width).toBeLessThan(200);
  });

  it('the table: one row per account, sortable by health, balance, burn and runway', async () => {
    const { page, world } = await fifteen();
    const report = await status(world);
    await page.getByRole('button', { name: 'Table' }).click();
    const table = page.getByTestId('accounts-table');
    const rowIds = () => table.locator('tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-account')));
    await expect.poll(rowIds).toEqual(report.totals.order);

    const byId = new Map(report.accounts.map((a) => [a.id, a]));
    // Ties and unknown figures (last) keep the order of urgency.
    const urgent = report.totals.order.map((id) => byId.get(id)!);
    const sortedBy = (pick: (a: StatusReport['accounts'][number]) => number | null, descending: boolean) =>
      [...urgent]
        .sort((a, b) => {
          const va = pick(a);
          const vb = pick(b);
          if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
          return descending ? vb - va : va - vb;
        })
        .map((a) => a.id);
    await page.getByRole('button', { name: 'Balance' }).click();
    await expect.poll(rowIds).toEqual(sortedBy((a) => (a.valueUsd === null ? null : Number(a.valueUsd)), true));
    await expect(table.getByRole('columnheader', { name: /Balance/ }).getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    await page.getByRole('button', { name: 'Runway' }).click();
    await expect.poll(rowIds).toEqual(sortedBy((a) => a.runway.days, false));
    await page.getByRole('button', { name: 'Burn per day' }).click();
    await expect.poll(rowIds).toEqual(sortedBy((a) => (a.burn.perDayUsd ? Number(a.burn.perDayUsd) : null), true));
    await page.getByRole('button', { name: 'Health' }).click();
    await expect.poll(rowIds).toEqual(report.totals.order);
    expect(byId.size).toBe(15);
    // The choice is kept: the window opens on the table again.
    await page.reload();
    await page.getByTestId('accounts-table').waitFor();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`screenshots in ${scheme}: the overview at 1280×800 and 800×600, the table, an expired key's card`, async () => {
      const { page, ids } = await fifteen({ colorScheme: scheme });
      await shot(page, `overview-glance-1280-${scheme}`);
      await shot(page, `card-expired-key-${scheme}`, { selector: `.cards > li[data-account="${ids.old}"]` });
      await page.getByRole('button', { name: 'Table' }).click();
      await page.getByTestId('accounts-table').waitFor();
      await shot(page, `table-15-accounts-${scheme}`, { fullPage: true });
      await page.getByRole('button', { name: 'Cards' }).click();
      await page.setViewportSize({ width: 800, height: 600 });
      await page.locator('.cards > li').first().waitFor();
      await shot(page, `overview-glance-800-${scheme}`);
    });
  }
});

describe('the glance on the demo', () => {
  const browser = useBrowser();

  it('orders the demo by urgency and leads with its next account to run out', async () => {
    const { page, world } = await browser.start();
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect.poll(() => page.locator('.cards > li').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await expect
      .poll(() => page.locator('.cards > li[data-action="top_up"]').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const reply = (await world.invoke('status:get', undefined)) as IpcResult<StatusReport>;
    if (!reply.ok) throw new Error(reply.error.message);
    const report = reply.value;
    await expect.poll(() => cardIds(page)).toEqual(report.totals.order);
    await expect(page.getByTestId('next-to-run-out').textContent()).resolves.toMatch(/ runs out in /);
    await expect(page.getByTestId('attention').textContent()).resolves.toMatch(/need(s)? attention:/);
  });
});

/** The mark the attention chip starts with (the same shapes as the tray's). */
function mark(report: StatusReport, id: string): string {
  const level = report.accounts.find((a) => a.id === id)!.health.level;
  return { critical: '✖', warning: '▲', stale: '◷', paused: '‖', info: '✓', ok: '✓' }[level];
}
