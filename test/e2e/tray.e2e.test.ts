import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktop } from '../../src/core/desktop/desktop.ts';
import { trayIconName, trayMenu, trayState, trayTitle, trayTooltip } from '../../src/core/desktop/tray-model.ts';
import type { TrayMenuItem } from '../../src/core/desktop/tray-model.ts';

const TRAY_STATES_FOR_ICONS = ['ok', 'warning', 'critical', 'stale', 'paused'] as const;
import { launchBrowser } from './support/browser.ts';
import { REPO_ROOT } from './support/renderer.ts';
import { createWorld } from './support/world.ts';
import { seedFifteen } from './support/fifteen.ts';
import { FakeClock } from '../helpers/clock.ts';
import { FakePoller, FakeTray } from '../core/desktop/desktop-fakes.ts';

/**
 * The tray as the model draws it, for people to look at: the menu of the fifteen-account
 * world (rendered from trayMenu to a page, as a menu bar and its open menu) and the icon of
 * every state at 16 and 32 px on light and dark panels. What it says is checked too; the
 * Electron side is tested from the built main (test/main/tray.test.ts). With
 * BURNRATE_SCREENSHOTS=docs the pictures go to docs/screenshots.
 */
const toDocs = process.env.BURNRATE_SCREENSHOTS === 'docs';
const target = toDocs
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-shots-'));
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (!toDocs) fs.rmSync(target, { recursive: true, force: true });
});

const icon = (name: string) =>
  `data:image/png;base64,${fs.readFileSync(path.join(REPO_ROOT, 'resources/tray', name)).toString('base64')}`;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function menuHtml(items: TrayMenuItem[]): string {
  return items
    .map((item) => {
      if (item.type === 'separator') return '<li class="sep"></li>';
      if (item.type === 'submenu') return `<li class="item sub">${escape(item.label)}<span class="arrow">▸</span></li>`;
      return `<li class="item${item.enabled ? '' : ' off'}">${escape(item.label)}</li>`;
    })
    .join('');
}

const STYLE = (dark: boolean) => `
  body { margin: 0; font: 13px system-ui, sans-serif; background: ${dark ? '#1e1f24' : '#e9ebef'}; color: ${dark ? '#eceef2' : '#1b1d22'}; }
  .bar { display: flex; justify-content: flex-end; align-items: center; gap: 6px; height: 26px; padding: 0 14px;
         background: ${dark ? '#2b2d33' : '#f6f6f8'}; border-bottom: 1px solid ${dark ? '#3a3d45' : '#d3d6dc'}; }
  .bar img { width: 16px; height: 16px; ${dark ? 'filter: invert(1);' : ''} }
  .wrap { display: flex; align-items: flex-start; padding: 0 14px 14px; justify-content: flex-end; gap: 0; }
  ul { list-style: none; margin: 0; padding: 5px; background: ${dark ? '#2f3138' : '#fbfbfc'};
       border: 1px solid ${dark ? '#454852' : '#c9ccd3'}; border-radius: 7px; box-shadow: 0 8px 24px rgba(0,0,0,.25); }
  .item { padding: 3px 12px; border-radius: 4px; white-space: nowrap; display: flex; justify-content: space-between; gap: 16px; }
  .item.off { color: ${dark ? '#8d929e' : '#7a808c'}; }
  .item.hover { background: #2f6fdb; color: #fff; }
  .sep { height: 1px; margin: 5px 8px; background: ${dark ? '#454852' : '#d8dbe0'}; }
  .tip { margin: 10px 14px; padding: 4px 8px; display: inline-block; border: 1px solid ${dark ? '#454852' : '#c9ccd3'};
         background: ${dark ? '#2f3138' : '#ffffe6'}; border-radius: 3px; font-size: 12px; }
  table { border-collapse: collapse; margin: 14px; }
  td, th { padding: 8px 14px; text-align: center; font-weight: normal; }
  .panel-light { background: #f3f3f3; color: #1b1d22; }
  .panel-dark { background: #202124; color: #eceef2; }
  .panel-blue { background: #3c6fd1; color: #fff; }
  .px16 { width: 16px; height: 16px; image-rendering: pixelated; }
  .px32 { width: 32px; height: 32px; }
  .big { width: 64px; height: 64px; image-rendering: pixelated; }
`;

describe('the tray, drawn from its model', () => {
  it('the fifteen-account menu, title, tooltip and icon, in light and dark', async () => {
    const world = await createWorld({ startPoller: false });
    try {
      const now = Date.now();
      await seedFifteen(world, now);
      const timers = new FakeClock(now);
      let tray: FakeTray | null = null;
      const desktop = createDesktop({
        core: world.core,
        poller: new FakePoller(),
        platform: 'darwin',
        createTray: (file) => (tray = new FakeTray(file)),
        iconFile: (name) => name,
        notifications: { isSupported: () => false, create: () => new EventEmitter() as never },
        power: new EventEmitter() as never,
        isOnline: () => true,
        showWindow: () => undefined,
        quit: () => undefined,
        timers,
        now: () => now,
        locale: 'en-US',
      });
      const s = desktop.snapshot();
      const items = trayMenu(s);
      const status = world.core.accounts.list();
      expect(status).toHaveLength(15);
      // Accounts most urgent first, each with its mark; the top five alerts; updated; actions.
      const labels = items.flatMap((i) => (i.type === 'separator' ? [] : [i.label]));
      expect(labels.slice(0, 4).every((l) => l.startsWith('✖  '))).toBe(true);
      expect(labels.some((l) => /^Alerts \(5 of \d+\)$/.test(l))).toBe(true);
      expect(labels.slice(-5)).toEqual([
        'Updated just now',
        'Refresh now',
        'Pause for 1 hour',
        'Open Burnrate',
        'Quit Burnrate',
      ]);
      expect(trayState(s)).toBe('critical');
      expect(trayIconName(trayState(s), 'darwin')).toBe('criticalTemplate.png');
      const title = trayTitle(s);
      const tooltip = trayTooltip(s);
      expect(tooltip.length).toBeLessThanOrEqual(127);

      const firstAlert = items.find((i) => i.type === 'submenu');
      // Where the open submenu sits: beside its item (21 px a line, 11 px a separator, 5 px padding).
      const before = items.slice(0, items.indexOf(firstAlert!));
      const offset = 5 + before.reduce((sum, i) => sum + (i.type === 'separator' ? 11 : 21), 0);
      const page = await browser.newPage({ viewport: { width: 1000, height: 640 }, deviceScaleFactor: 1 });
      for (const scheme of ['light', 'dark'] as const) {
        const dark = scheme === 'dark';
        const submenu = firstAlert?.type === 'submenu' ? menuHtml(firstAlert.items) : '';
        await page.setContent(`<html><head><style>${STYLE(dark)}</style></head><body>
          <div class="bar"><img src="${icon(trayIconName(trayState(s), 'darwin'))}" alt=""><span>${escape(title)}</span></div>
          <div class="wrap"><ul class="submenu" style="margin-top:${offset}px">${submenu}</ul><ul>${menuHtml(items).replace('item sub', 'item sub hover')}</ul></div>
          <div class="tip">${escape(tooltip)}</div></body></html>`);
        fs.mkdirSync(target, { recursive: true });
        await page.screenshot({ path: path.join(target, `tray-menu-${scheme}.png`), fullPage: true });
      }
      await page.close();
      void tray;
      await desktop.stop();
    } finally {
      await world.close();
    }
  });

  it('every state has its icon at 16 and 32 px, distinct in shape, colour only for warning and critical', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 300 }, deviceScaleFactor: 1 });
    for (const scheme of ['light', 'dark'] as const) {
      const rows = (['panel-light', 'panel-dark', 'panel-blue'] as const)
        .map(
          (panel) =>
            `<tr class="${panel}">${TRAY_STATES_FOR_ICONS.map(
              (state) =>
                `<td><img class="px16" src="${icon(`${state}.png`)}"> <img class="px32" src="${icon(`${state}@2x.png`)}"> <img class="big" src="${icon(`${state}.png`)}"> <img class="px16" src="${icon(`${state}Template.png`)}"></td>`,
            ).join('')}</tr>`,
        )
        .join('');
      await page.setContent(`<html><head><style>${STYLE(scheme === 'dark')}</style></head><body><table>
        <tr>${TRAY_STATES_FOR_ICONS.map((s) => `<th>${s}</th>`).join('')}</tr>${rows}</table></body></html>`);
      await page.screenshot({ path: path.join(target, `tray-icons-${scheme}.png`), fullPage: true });
    }
    // Each state's 16 px icon is its own picture; only warning and critical have colour in them.
    const bytes = TRAY_STATES_FOR_ICONS.map((state) =>
      fs.readFileSync(path.join(REPO_ROOT, 'resources/tray', `${state}.png`)).toString('base64'),
    );
    expect(new Set(bytes).size).toBe(TRAY_STATES_FOR_ICONS.length);
    const colourful: Record<string, number> = {};
    for (const state of TRAY_STATES_FOR_ICONS) {
      colourful[state] = await page.evaluate<number>(`new Promise((resolve) => {
        const img = new Image();
        img.onload = () => {
          const c = document.createElement('canvas');
          c.width = img.width; c.height = img.height;
          const g = c.getContext('2d');
          g.drawImage(img, 0, 0);
          const d = g.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            const max = Math.max(d[i], d[i + 1], d[i + 2]), min = Math.min(d[i], d[i + 1], d[i + 2]);
            if (d[i + 3] > 128 && max - min > 60) n++;
          }
          resolve(n);
        };
        img.src = ${JSON.stringify(icon(`${state}@2x.png`))};
      })`);
    }
    expect(colourful.ok).toBe(0);
    expect(colourful.stale).toBe(0);
    expect(colourful.paused).toBe(0);
    expect(colourful.warning).toBeGreaterThan(10);
    expect(colourful.critical).toBeGreaterThan(10);
    await page.close();
  });
});
