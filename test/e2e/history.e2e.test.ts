import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import { DAY_MS, MINUTE_MS, seedReadings } from './support/seed.ts';
import type { World } from './support/world.ts';

const files = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-e2e-files-'));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

/** Two accounts: A every 10 minutes for 3 days with every 50th poll a 402, B every 30 minutes for 2 days. */
async function twoAccounts(world: World): Promise<{ a: string; b: string; failures: number }> {
  const now = Date.now();
  const a = await world.core.accounts.add({
    provider: 'cheapai',
    label: 'Alpha',
    baseUrl: world.fake.baseUrl('cheapai'),
    key: 'sk_alpha',
  });
  const b = await world.core.accounts.add({
    provider: 'openrouter',
    label: 'Beta',
    baseUrl: world.fake.baseUrl('openrouter'),
    key: 'sk-or-beta',
  });
  seedReadings(world.core, a.id, {
    from: now - 3 * DAY_MS,
    to: now,
    stepMs: 10 * MINUTE_MS,
    unit: 'credits',
    startMicros: 900_000 * 1e6,
    spendMicros: 100 * 1e6,
    stateAt: (i) => (i % 50 === 49 ? 'insufficient_balance' : 'ok'),
  });
  seedReadings(world.core, b.id, {
    from: now - 2 * DAY_MS,
    to: now,
    stepMs: 30 * MINUTE_MS,
    unit: 'USD',
    startMicros: 50e6,
    spendMicros: 50_000,
  });
  return { a: a.id, b: b.id, failures: Math.floor(432 / 50) };
}

describe('history', () => {
  const browser = useBrowser();

  it('filters by account and state, and exports exactly what is shown as CSV', async () => {
    let ids = { a: '', b: '', failures: 0 };
    const { page, world } = await browser.start({
      startPoller: false,
      hash: '#/history',
      prepare: async (w) => void (ids = await twoAccounts(w)),
    });
    const count = page.getByTestId('history-count');
    await expect.poll(() => count.textContent()).toBe('Showing 1–100 of 528 readings');

    await page.getByLabel('Account', { exact: true }).selectOption({ label: 'Alpha' });
    await expect.poll(() => count.textContent()).toBe('Showing 1–100 of 432 readings');
    await page.getByLabel('State', { exact: true }).selectOption({ label: 'Out of balance' });
    await expect.poll(() => count.textContent()).toBe(`Showing 1–${ids.failures} of ${ids.failures} readings`);
    const states = await page
      .locator('table.readings tbody [data-state]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states).toEqual(Array(ids.failures).fill('insufficient_balance'));

    world.dialogs.exportPath = path.join(files, 'failures.csv');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent())
      .toBe(`Exported ${ids.failures} readings to ${world.dialogs.exportPath}`);
    const lines = fs.readFileSync(world.dialogs.exportPath, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]!.startsWith('timestamp,account,balance,unit')).toBe(true);
    const readingRows = lines.slice(1).filter((l) => l.includes(',insufficient_balance,'));
    expect(readingRows).toHaveLength(ids.failures);
    expect(readingRows.every((l) => l.split(',')[1] === ids.a)).toBe(true);
    expect(fs.readFileSync(world.dialogs.exportPath, 'utf8')).not.toContain('sk_alpha');

    // A cancelled dialog writes nothing and says so.
    world.dialogs.exportPath = null;
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await expect.poll(() => page.getByTestId('export-result').textContent()).toBe('Export cancelled.');

    // Everything, for the import test below.
    await page.getByLabel('Account', { exact: true }).selectOption({ label: 'All accounts' });
    await page.getByLabel('State', { exact: true }).selectOption({ label: 'All states' });
    world.dialogs.exportPath = path.join(files, 'all.csv');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect.poll(() => page.getByTestId('export-result').textContent()).toContain('Exported 528 readings');
  });

  it('imports a file into an empty home with a report, and says why nothing was imported', async () => {
    const { page, world } = await browser.start({ startPoller: false, hash: '#/history' });
    await page.getByRole('heading', { name: 'History' }).waitFor();
    world.dialogs.importPath = path.join(files, 'all.csv');
    await page.getByRole('button', { name: 'Import…' }).click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('Imported 528 readings');
    await expect(report.textContent()).resolves.toContain('Alpha, Beta');
    await expect.poll(() => page.getByTestId('history-count').textContent()).toBe('Showing 1–100 of 528 readings');
    expect(
      world.core.accounts
        .list()
        .map((a) => a.label)
        .sort(),
    ).toEqual(['Alpha', 'Beta']);

    // The same file again adds nothing, and the report says why.
    await page.getByRole('button', { name: 'Import…' }).click();
    await expect.poll(() => report.textContent()).toContain('Nothing new was imported');
    await expect(report.textContent()).resolves.toContain('already in your history');

    // A broken file is refused as a whole, naming the line.
    const broken = path.join(files, 'broken.csv');
    fs.writeFileSync(
      broken,
      'timestamp,account,balance,unit\n2026-01-01T00:00:00Z,Gamma,12,credits\n2026-01-01T00:01:00Z,Gamma,twelve,credits\n',
    );
    world.dialogs.importPath = broken;
    await page.getByRole('button', { name: 'Import…' }).click();
    await expect.poll(() => report.textContent()).toContain('Nothing was imported');
    await expect(report.textContent()).resolves.toMatch(/line 3/);
    expect(world.core.accounts.list().map((a) => a.label)).not.toContain('Gamma');
  });
});
