import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/core/store/database.ts';
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

describe('a writer killed with SIGKILL mid-burst', () => {
  it('leaves a database that opens, passes integrity_check and holds every reported reading, 20 times over', { timeout: 180_000 }, async () => {
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
      } finally {
        db.close();
      }
    }
    expect(reported.length).toBeGreaterThan(20);
  });
});
