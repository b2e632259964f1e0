import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { CSV_COLUMNS } from '../../src/core/analytics/transfer-format.ts';

/**
 * Issue 18 item 7, as it happened: a large `burnrate import` in one process while another
 * (the app, `watch`) stores a poll every few tens of milliseconds. The import used to hold the
 * write lock for its whole length, so a poll waited out its busy timeout and was lost
 * ("database is locked"). Now it writes in short transactions: every poll is stored, and
 * none waits long.
 *
 * The poller's busy timeout is lowered here from 5 s to 1 s, so an import of 400,000 readings
 * is enough to show the old behaviour (one transaction of a few seconds) on any machine.
 */
const READINGS = 400_000;
const BUSY_TIMEOUT_MS = 1000;

function bigCsv(file: string): void {
  const t0 = Date.parse('2025-06-01T00:00:00Z');
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `${CSV_COLUMNS.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < READINGS; i++) {
    const account = i % 2 ? 'imported-a' : 'imported-b';
    const ts = new Date(t0 + Math.floor(i / 2) * 60_000).toISOString();
    chunk += `${ts},${account},${(900_000 - i / 100).toFixed(2)},credits,ok,200,,,,,,,,,cheapai,${account},,\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

describe('polling while a large import runs in another process', () => {
  it('stores every poll, each within its busy timeout', { timeout: 240_000 }, async () => {
    const home = tempDir();
    const file = path.join(tempDir(), 'big.csv');
    bigCsv(file);
    const core = openCore({ home, secrets: new MemorySecrets() });
    databaseForTests(core).pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const added = await core.accounts.add({ provider: 'cheapai', label: 'polled', baseUrl: null, key: 'sk-test' });
    const polled = core.accounts.require(added.id);
    const importedCount = databaseForTests(core).prepare(
      "SELECT count(*) FROM readings WHERE account_pk IN (SELECT pk FROM accounts WHERE label LIKE 'imported-%')",
    );

    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'import', file, '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, BURNRATE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited = false;
    const exit = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exited = true;
        resolve(code);
      }),
    );

    const failures: string[] = [];
    const waits: number[] = [];
    let stored = 0;
    let duringImport = 0;
    let balance = 5_000_000_000;
    for (let i = 0; !exited; i++) {
      const started = performance.now();
      try {
        const record = core.recordReading(
          polled,
          outcome({ state: 'ok', httpStatus: 200, balance: { micros: (balance -= 1000), unit: 'credits' } }),
          Date.now(),
        );
        if (record) stored++;
      } catch (error) {
        failures.push(
          `${error instanceof Error ? error.message : String(error)} after ${(performance.now() - started).toFixed(0)} ms`,
        );
      }
      waits.push(performance.now() - started);
      // Polls that landed while part, not all, of the import was visible: it was being written.
      const seen = importedCount.pluck().get() as number;
      if (seen > 0 && seen < READINGS) duringImport++;
      await new Promise((r) => setTimeout(r, 25));
    }
    const code = await exit;
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ imported: READINGS, duplicates: 0 });
    expect(failures, 'polls that could not be stored').toEqual([]);
    expect(Math.max(...waits), 'the longest a poll waited to be stored (ms)').toBeLessThan(BUSY_TIMEOUT_MS);
    expect(duringImport, 'polls stored while the import was being written').toBeGreaterThan(5);
    expect(core.repos.readings.count(polled.pk)).toBe(stored);
    expect(stored).toBe(waits.length);
    core.close();
  });
});
