import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { dataset } from '../../bench/generate.ts';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import { exportHistoryToFile } from '../../src/core/analytics/export.ts';
import { DATABASE_FILE } from '../../src/core/store/database.ts';
import { progressLine } from '../../src/cli/jobs.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Long CLI work: a progress line on a terminal and nowhere else, and Ctrl-C that cancels an
 * export or an import so nothing is left half-done (exit 130).
 */
const CLI = path.join(REPO_ROOT, 'src/cli/main.ts');
let root: string;
let home: string;
let importFile: string;

function counts(): { readings: number; accounts: number; runs: number } {
  const db = new BetterSqlite3(path.join(home, DATABASE_FILE), { readonly: true });
  try {
    return {
      readings: db.prepare('SELECT count(*) FROM readings').pluck().get() as number,
      accounts: db.prepare('SELECT count(*) FROM accounts').pluck().get() as number,
      runs: db.prepare("SELECT count(*) FROM import_runs WHERE state <> 'done'").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-cli-jobs-'));
  home = dataset(path.join(root, 'main'), 10, 30).home;
  const other = dataset(path.join(root, 'other'), 3, 60).home;
  const source = openCore({ home: other, secrets: new MemorySecrets() });
  databaseForTests(source)
    .prepare("UPDATE accounts SET id = replace(id, 'bench', 'other'), label = 'other ' || label")
    .run();
  importFile = path.join(root, 'import.csv');
  exportHistoryToFile(source, { format: 'csv' }, importFile);
  source.close();
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Run the CLI under a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
function inTerminal(args: string[]): string {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return execFileSync('script', ['-qefc', command, '/dev/null'], {
    env: { ...process.env, BURNRATE_HOME: home },
    encoding: 'utf8',
    timeout: 120_000,
  });
}
const hasScript = (() => {
  try {
    execFileSync('script', ['-qefc', 'true', '/dev/null']);
    return true;
  } catch {
    return false;
  }
})();

describe('a progress line', () => {
  it.skipIf(!hasScript)('is drawn on a terminal, then cleared ("script" gives the command a terminal)', () => {
    const out = path.join(tempDir(), 'tty.csv');
    const screen = inTerminal(['export', '--format', 'csv', '--out', out]);
    expect(screen).toMatch(/\rexporting · \d+% · [\d,]+ of 432,000 rows/);
    expect(screen).toContain('\r\x1b[K');
    expect(screen).toMatch(/exported 432000 readings, 10 accounts and 0 packs/);
  });

  it('is not drawn when the output is not a terminal, nor with --json', async () => {
    const out = path.join(tempDir(), 'piped.csv');
    const piped = await runCli(['export', '--format', 'csv', '--out', out], {
      env: { BURNRATE_HOME: home },
      timeoutMs: 120_000,
    });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toBe('');
    const json = await runCli(['export', '--format', 'json', '--out', `${out}.json`, '--json'], {
      env: { BURNRATE_HOME: home },
      timeoutMs: 120_000,
    });
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ readings: 432_000, accounts: 10 });
  });

  it('reads as rows done, rate and time left', () => {
    expect(
      progressLine({
        id: 'job_0123456789ab',
        kind: 'import',
        state: 'running',
        phase: 'writing',
        done: 547_000,
        total: 1_051_200,
        fraction: 0.52,
        ratePerSecond: 110_000,
        secondsLeft: 5,
      }),
    ).toBe('writing · 52% · 547,000 of 1,051,200 rows · 110,000/s · 5 s left');
  });
});

/** Start the CLI, wait until `ready()` holds, then interrupt it as Ctrl-C does. */
async function interruptWhen(args: string[], ready: () => boolean) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, BURNRATE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitedEarly = false;
  void exit.then(() => (exitedEarly = true));
  await waitFor(() => exitedEarly || ready(), { timeoutMs: 90_000, what: () => `the CLI to get going: ${stderr}` });
  if (exitedEarly) throw new Error(`never got going: ${stderr}`);
  child.kill('SIGINT');
  return { code: await exit, stderr };
}

describe('Ctrl-C', () => {
  it('stops an export and leaves no file, not even a partial one', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const out = path.join(dir, 'all.json');
    const { code, stderr } = await interruptWhen(['export', '--format', 'json', '--out', out], () =>
      fs.readdirSync(dir).some((f) => f.endsWith('.partial') && fs.statSync(path.join(dir, f)).size > 0),
    );
    expect(stderr).toBe('burnrate: cancelled; nothing was left half-done\n');
    expect(code).toBe(130);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('stops an import and takes back what it had written', { timeout: 120_000 }, async () => {
    const before = counts();
    const { code, stderr } = await interruptWhen(['import', importFile], () => {
      try {
        return counts().readings > before.readings + 5000;
      } catch {
        return false;
      }
    });
    expect(stderr).toBe('burnrate: cancelled; nothing was left half-done\n');
    expect(code).toBe(130);
    expect(counts()).toEqual(before);
  });
});
