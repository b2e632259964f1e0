import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/core.ts';
import { addAccount, bal, DAY, fail, MIN, newCore, T0 } from './fixtures.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { openCore } from '../../../src/core/core.ts';
import { exportHistoryToFile } from '../../../src/core/analytics/export.ts';
import { importHistory, importHistoryFile } from '../../../src/core/analytics/import.ts';
import { recoverImports } from '../../../src/core/analytics/import-apply.ts';
import { JobCancelled, localControl } from '../../../src/core/jobs/control.ts';
import { setLogSink } from '../../../src/core/log/log.ts';
import type { LogRecord } from '../../../src/core/log/log.ts';
import { databaseForTests } from '../../../src/core/core.ts';

/**
 * The staged import: checked whole, then written in short transactions tagged with its run.
 * All or nothing still holds: a cancel while writing, a failure while writing and a crash
 * while writing each leave the home exactly as it was (rollups included), and a finished
 * import leaves rollups equal to a full rebuild.
 */

/** Every row of every table but the import bookkeeping: what "as it was" means. */
function snapshot(core: Core) {
  const tables = databaseForTests(core)
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('import_runs') ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, databaseForTests(core).prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]),
  ) as Record<string, unknown[]>;
}

/** The rollups as a full rebuild from the readings would make them. */
function fullRebuild(core: Core) {
  const repo = core.repos.readings.rollups;
  for (const pk of databaseForTests(core).prepare('SELECT pk FROM accounts').pluck().all() as number[])
    repo.markDirty(pk, Number.MIN_SAFE_INTEGER);
  repo.ensureFresh();
}

/** A home with two accounts of 12 days at 2-minute steps (about 17,000 readings) and a file of it. */
async function source(): Promise<{ file: string; readings: number }> {
  const core = newCore(tempDir(), () => T0 + 13 * DAY);
  const a = await addAccount(core, 'cheapai', 'alpha');
  const b = await addAccount(core, 'deepseek', 'beta');
  let n = 0;
  for (let t = T0; t < T0 + 12 * DAY; t += 2 * MIN) {
    if (n % 97 === 3) fail(core, a, t);
    else bal(core, a, t, 90_000 - n * 0.7 + (t > T0 + 6 * DAY ? 50_000 : 0));
    bal(core, b, t + 17, 300 - n * 0.001, 'CNY');
    n += 2;
  }
  const file = path.join(tempDir(), 'history.csv');
  exportHistoryToFile(core, { format: 'csv' }, file);
  core.close();
  return { file, readings: n };
}

/** A home that already has history of its own, interleaved with what is imported. */
async function target(): Promise<Core> {
  const core = newCore(tempDir(), () => T0 + 13 * DAY);
  const a = await addAccount(core, 'cheapai', 'alpha');
  for (let t = T0 + DAY + 30_000; t < T0 + 14 * DAY; t += 47 * MIN) bal(core, a, t, 70_000 - (t - T0) / 1e7);
  return core;
}

describe('a staged import', () => {
  it('writes in many short transactions and leaves rollups equal to a full rebuild', async () => {
    const { file, readings } = await source();
    const core = await target();
    const phases = new Set<string>();
    let writes = 0;
    const control = localControl((u) => {
      phases.add(u.phase);
      if (u.phase === 'writing') writes++;
    });
    const report = importHistoryFile(core, file, control);
    expect(report.imported).toBe(readings);
    expect([...phases]).toEqual(['reading', 'checking', 'writing']);
    expect(writes, 'one progress report per chunk').toBeGreaterThan(3);
    const imported = snapshot(core);
    fullRebuild(core);
    expect(snapshot(core)).toEqual(imported);
    expect(databaseForTests(core).prepare('SELECT state FROM import_runs').pluck().all()).toEqual(['done']);
    core.close();
  });

  it('takes everything back when cancelled while writing', async () => {
    const { file } = await source();
    const core = await target();
    const before = snapshot(core);
    let written = 0;
    const control = localControl((u) => {
      if (u.phase === 'writing' && (written = u.done) > 8000) control.cancel();
    });
    expect(() => importHistoryFile(core, file, control)).toThrow(JobCancelled);
    expect(written).toBeGreaterThan(8000);
    expect(snapshot(core)).toEqual(before);
    expect(databaseForTests(core).prepare('SELECT count(*) FROM import_runs').pluck().get()).toBe(0);
    core.close();
  });

  it('takes everything back when writing fails midway, and logs why', async () => {
    const { file } = await source();
    const core = await target();
    const before = snapshot(core);
    const lines: LogRecord[] = [];
    const previous = setLogSink({ write: (r) => lines.push(r) });
    // The disk "fails" on one reading well into the file.
    databaseForTests(core).exec(`CREATE TEMP TRIGGER boom BEFORE INSERT ON readings WHEN NEW.ts = ${T0 + 9 * DAY}
      BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    try {
      expect(() => importHistoryFile(core, file)).toThrow(/disk I\/O error \(simulated\)/);
    } finally {
      setLogSink(previous);
    }
    databaseForTests(core).exec('DROP TRIGGER boom');
    expect(snapshot(core)).toEqual(before);
    const failed = lines.find((l) => l.msg.startsWith('an import failed while writing'));
    expect(failed?.level).toBe('error');
    expect((failed?.fields.err as { stack: string }).stack).toContain('disk I/O error (simulated)');
    core.close();
  });

  it('is taken back by the next process when a crash cut it short', { timeout: 60_000 }, async () => {
    const { file } = await source();
    const home = tempDir();
    const core = openCore({ home, secrets: new MemorySecrets(), now: () => T0 + 13 * DAY });
    await addAccount(core, 'cheapai', 'alpha');
    const before = snapshot(core);
    core.close();
    // A child imports and is killed with SIGKILL once it has written a few chunks.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { openCore } from ${JSON.stringify(path.resolve('src/core/core.ts'))};
         import { importHistoryFile } from ${JSON.stringify(path.resolve('src/core/analytics/import.ts'))};
         const core = openCore({ home: ${JSON.stringify(home)}, secrets: {} });
         importHistoryFile(core, ${JSON.stringify(file)}, { cancelled: () => false, progress: (u) => {
           if (u.phase === 'writing' && u.done > 6000) { process.stdout.write('written\\n'); for (;;) {} }
         } });`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('written')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the importer exited by itself (${code}): ${err}`)));
    });
    const after = openCore({ home, secrets: new MemorySecrets(), now: () => T0 + 13 * DAY });
    expect(databaseForTests(after).prepare('SELECT count(*) FROM readings').pluck().get()).toBeGreaterThan(6000);
    // Another process still writing would have moved it within the last minute: only a
    // stale run is taken back unasked. This one is known dead.
    expect(recoverImports(after)).toBe(0);
    expect(recoverImports(after, { force: true })).toBe(1);
    expect(snapshot(after)).toEqual(before);
    // Importing again works as if nothing had happened.
    expect(importHistoryFile(after, file).accountsCreated).toEqual(['beta']);
    after.close();
  });

  it('checks the whole file before writing anything, so a bad last line changes nothing', async () => {
    const core = await target();
    const before = snapshot(core);
    const good = Array.from(
      { length: 20_000 },
      (_, i) => `${new Date(T0 + i * MIN).toISOString()},gamma,${1000 - i / 1000},credits,,,,,,,,,,,cheapai,gamma,,`,
    );
    const text = `timestamp,account,balance,unit,state,http_status,retry_after_s,message,cap_unit,cap_limit,cap_used,cap_remaining,cap_reset_at,key_expires_at,provider,label,record,details\n${good.join('\n')}\nnot-a-time,gamma,1,credits,,,,,,,,,,,cheapai,gamma,,\n`;
    expect(() => importHistory(core, text)).toThrow(
      /line 20002: timestamp .* is not an ISO 8601 time; nothing was imported/,
    );
    expect(snapshot(core)).toEqual(before);
    core.close();
  });
});
