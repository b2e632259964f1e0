import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/core/store/database.ts';
import { ReadingsRepo } from '../../src/core/store/readings-repo.ts';
import { providerQuotaResets } from '../../src/core/analytics/reset-policy.ts';
import { tempDir } from '../helpers/tmp.ts';

const WRITER = path.join(import.meta.dirname, 'crash-writer.ts');

/** Run the writer until it has reported `count` commits, then SIGKILL it mid-burst. */
function writeThenKill(home: string, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, home], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: number[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) committed.push(Number(line));
      if (committed.length >= count && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
      else resolve(committed);
    });
  });
}

/** Every rollup row, in a stable order. */
function rollups(db: Database) {
  return {
    hour: db.prepare('SELECT * FROM rollup_hour ORDER BY account_pk, bucket, unit').all(),
    day: db.prepare('SELECT * FROM rollup_day ORDER BY account_pk, bucket, unit').all(),
    events: db.prepare('SELECT * FROM balance_events ORDER BY account_pk, ts').all(),
    dirty: db.prepare('SELECT * FROM rollup_dirty').all(),
  };
}

describe('a writer killed with SIGKILL mid-burst', () => {
  it(
    'leaves a database that opens, passes integrity_check, holds every reported reading and rollups equal to a full rebuild, 20 times over',
    { timeout: 180_000 },
    async () => {
      const home = tempDir();
      const reported: number[] = [];
      for (let round = 0; round < 20; round++) {
        // Vary the moment of the kill: sometimes right after start-up, sometimes deep in a burst.
        const count = 1 + Math.floor(Math.random() * 400);
        reported.push(...(await writeThenKill(home, count)));

        const db = new BetterSqlite3(path.join(home, DATABASE_FILE));
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const present = new Set((db.prepare('SELECT ts FROM readings').all() as { ts: number }[]).map((r) => r.ts));
          const missing = reported.filter((ts) => !present.has(ts));
          expect(missing).toEqual([]);
          // The rollups the analytics read were written in the same transactions as the
          // readings: after the kill they must equal a full rebuild from the readings.
          const incremental = rollups(db);
          expect(incremental.hour.length).toBeGreaterThan(0);
          expect(incremental.dirty).toEqual([]);
          const repo = new ReadingsRepo(db, providerQuotaResets);
          for (const pk of db.prepare('SELECT pk FROM accounts').pluck().all() as number[])
            repo.rollups.markDirty(pk, 0);
          repo.rollups.ensureFresh();
          expect(rollups(db)).toEqual(incremental);
        } finally {
          db.close();
        }
      }
      expect(reported.length).toBeGreaterThan(20);
    },
  );
});
