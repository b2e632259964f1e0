import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { launchMain } from '../helpers/main-app.ts';
import type { MainApp } from '../helpers/main-app.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore, readingRecord } from '../../src/core/core.ts';
import { outcome } from '../../src/core/providers/adapter.ts';

/**
 * The tray from the built main bundle with the fake electron, as on macOS (template icons,
 * the menu-bar title): what it names, in what order, with which icon for each state as alerts
 * are snoozed and dismissed and polling pauses. The accounts keep their balance by hand
 * (nothing is polled, so nothing moves under the test).
 */
interface TraySnap {
  tray: { icon: string; tooltip: string; title: string; template: boolean; menu: string[] };
}

const HOUR = 3_600_000;
const M = 1_000_000;

async function home(): Promise<{ home: string; ids: Record<string, string> }> {
  const dir = tempDir();
  const core = openCore({ home: dir, secrets: new MemorySecrets() });
  const now = Date.now();
  const ids: Record<string, string> = {};
  for (const [key, label] of [
    ['broke', 'Broke'],
    ['low', 'Low'],
    ['fine', 'Fine'],
  ] as const)
    ids[key] = (await core.accounts.add({ provider: 'gptimage2', label })).id;
  const put = (id: string, ts: number, credits: number) =>
    core.repos.readings.insert({
      ...readingRecord(
        core.accounts.require(id).pk,
        outcome({ state: 'ok', balance: { micros: Math.round(credits * M), unit: 'credits' } }),
        ts,
      ),
      source: 'manual',
    });
  for (let h = 96; h >= 1; h--) {
    const t = now - h * HOUR;
    put(ids.broke!, t, 20 + h); // spends to nothing
    put(ids.low!, t, 200 + h * 4); // 96 credits a day, 204 left at the newest: about 2.1 days
    put(ids.fine!, t, 50_000 + h); // barely spends
  }
  put(ids.broke!, now - 60_000, 0);
  for (const id of Object.values(ids)) core.alerts.evaluate(id);
  core.close();
  return { home: dir, ids };
}

let app: MainApp | null = null;
afterEach(async () => {
  if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
  app = null;
});

describe('the tray from the built main (fake electron, as on macOS)', () => {
  it('names the account in trouble, lists accounts by urgency with marks and the alerts with Snooze 1 h, and shows each state', async () => {
    const { home: dir, ids } = await home();
    app = launchMain({ BURNRATE_HOME: dir, FAKE_ELECTRON_PLATFORM: 'darwin' });
    const state = () => app!.send<TraySnap>('state');
    const icon = (name: string) => path.join(REPO_ROOT, 'resources/tray', name);
    const s = await app.until('the tray', state, (v) => v.tray !== undefined && v.tray.menu.length > 0);

    // Critical: the empty balance. The title and tooltip name it; the icon is the template disc.
    expect(s.tray.icon).toBe(icon('criticalTemplate.png'));
    expect(s.tray.template).toBe(true);
    expect(s.tray.title).toBe('Broke · out of balance');
    expect(s.tray.tooltip).toMatch(/^Burnrate — Broke: out of balance · 2 need attention · 3 accounts$/);
    expect(s.tray.menu).toEqual([
      '✖  GPT Image 2 API · Broke — 0 credits — out of balance',
      expect.stringMatching(/^▲ {2}GPT Image 2 API · Low — 204 credits — running low · 2\.1 days left$/),
      expect.stringMatching(/^✓ {2}GPT Image 2 API · Fine — 50,00\d credits/),
      '---',
      'Alerts (disabled)',
      expect.stringMatching(
        /^✖ {2}Broke: balance is 0 credits: requests will fail until you top up ▸ Snooze 1 h \| Open Broke$/,
      ),
      expect.stringMatching(
        /^▲ {2}Low: 204 credits left, about 2\.1 days at the current burn ▸ Snooze 1 h \| Open Low$/,
      ),
      '---',
      expect.stringMatching(/^Updated (just now|1 min ago) \(disabled\)$/),
      'Refresh now',
      'Pause for 1 hour',
      '---',
      'Open Burnrate',
      'Quit Burnrate',
    ]);

    // Snooze 1 h from the tray: Broke is held back, Low is now the worst (warning).
    await app.send('tray-click-sub', { parent: '✖  Broke:', label: 'Snooze 1 h' });
    const warned = await app.until('the warning icon', state, (v) => v.tray.icon === icon('warningTemplate.png'));
    expect(warned.tray.title).toBe('Low · 2.1 d');
    expect(warned.tray.menu[0]).toMatch(/^▲ {2}GPT Image 2 API · Low/);
    expect(warned.tray.menu.filter((l) => l.includes('▸'))).toHaveLength(1);

    // Dismiss Low's alert (from the window, as the IPC does): all is well, the quiet glyph.
    const active = (await app.send('invoke', { channel: 'alerts:active', payload: { accountId: ids.low } })) as {
      ok: true;
      value: { alerts: Array<{ id: number }> };
    };
    await app.send('invoke', { channel: 'alerts:dismiss', payload: { id: active.value.alerts[0]!.id } });
    const calm = await app.until('the ok icon', state, (v) => v.tray.icon === icon('okTemplate.png'));
    expect(calm.tray.menu).not.toContain('Alerts (disabled)');

    // Sleep: paused.
    await app.send('power', { event: 'suspend' });
    const paused = await app.until('the paused icon', state, (v) => v.tray.icon === icon('pausedTemplate.png'));
    expect(paused.tray.menu[0]).toBe('Asleep, polling paused (disabled)');
    expect(paused.tray.title).toBe('');
    await app.send('power', { event: 'resume' });

    await app.send('tray-click', { label: 'Quit Burnrate' });
    expect(await Promise.race([app.exited, new Promise((r) => setTimeout(() => r('running'), 10_000))])).toBe(0);
  }, 60_000);
});
