import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { DAY_MS, MINUTE_MS, seedReadings } from './support/seed.ts';
import type { World } from './support/world.ts';
import { openCore } from '../../src/core/core.ts';
import { exportHistoryToFile } from '../../src/core/analytics/export.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';

/**
 * Long exports and imports in the window: main runs them off its thread and the History view
 * shows a progress bar (what it is doing, how far, how fast, how long still) with Cancel. A
 * cancelled export leaves no file; a cancelled import leaves history as it was.
 */
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-e2e-jobs-'));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

const NOW = Date.now();

/** Three accounts × 100 days of minute readings: 432,000, enough to take a few seconds. */
async function bigHistory(world: World): Promise<void> {
  for (const label of ['One', 'Two', 'Three']) {
    const a = await world.core.accounts.add({
      provider: 'cheapai',
      label,
      baseUrl: world.fake.baseUrl('cheapai'),
      key: 'sk-e2e-jobs',
    });
    seedReadings(world.core, a.id, {
      from: NOW - 100 * DAY_MS,
      to: NOW,
      stepMs: MINUTE_MS,
      unit: 'credits',
      startMicros: 900_000 * 1e6,
      spendMicros: 1e6,
    });
  }
}

/** A file of another home's history (new accounts here), 2 × 60 days. */
async function importFile(): Promise<string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-e2e-jobs-src-'));
  const core = openCore({ home, secrets: new MemorySecrets() });
  for (const label of ['Four', 'Five']) {
    const a = await core.accounts.add({ provider: 'cheapai', label, baseUrl: 'http://127.0.0.1:9', key: 'sk-x' });
    seedReadings(core, a.id, {
      from: NOW - 60 * DAY_MS,
      to: NOW,
      unit: 'credits',
      startMicros: 500_000 * 1e6,
      spendMicros: 1e6,
    });
  }
  const file = path.join(files, 'other.csv');
  exportHistoryToFile(core, { format: 'csv' }, file);
  core.close();
  fs.rmSync(home, { recursive: true, force: true });
  return file;
}

describe('long exports and imports in the window', () => {
  const browser = useBrowser();

  it('show progress with Cancel; a cancelled export writes nothing and a cancelled import changes nothing', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/history', prepare: bigHistory });
    const count = page.getByTestId('history-count');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe('Showing 1–100 of 432,000 readings');
    const progress = page.getByTestId('job-progress');

    const dir = fs.mkdtempSync(path.join(files, 'out-'));
    world.dialogs.exportPath = path.join(dir, 'everything.json');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/Exporting….*of 432,000 readings/);
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/per second · about \d+ (s|min) left/);
    expect(await page.getByRole('button', { name: 'Export JSON' }).isDisabled()).toBe(true);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent(), { timeout: 30_000 })
      .toBe('Export cancelled; no file was written.');
    expect(await progress.count()).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);

    world.dialogs.importPath = await importFile();
    const accounts = world.core.accounts.list().length;
    await page.getByRole('button', { name: 'Import…' }).click();
    await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toMatch(/Writing….*of 172,800 readings/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent(), { timeout: 60_000 })
      .toBe('Import cancelled; your history is as it was.');
    expect(world.core.accounts.list()).toHaveLength(accounts);
    await expect.poll(() => count.textContent()).toBe('Showing 1–100 of 432,000 readings');
    const ends = world.events
      .filter((e) => e.event === 'jobs:progress' && (e.payload as { state: string }).state !== 'running')
      .map((e) => (e.payload as { kind: string; state: string }).state);
    expect(ends).toEqual(['cancelled', 'cancelled']);
  });

  it('opens the log folder from Settings', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/settings' });
    await page.getByRole('button', { name: 'Open log folder' }).click();
    await expect.poll(() => page.getByTestId('log-folder').textContent()).toBe(path.join(world.home, 'logs'));
    expect(world.openedFolders).toEqual([path.join(world.home, 'logs')]);
  });
});
