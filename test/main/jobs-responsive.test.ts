import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchMain, MAIN_BUNDLE } from '../helpers/main-app.ts';
import type { MainApp } from '../helpers/main-app.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { dataset } from '../../bench/generate.ts';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import { exportHistoryToFile } from '../../src/core/analytics/export.ts';
import { DATABASE_FILE } from '../../src/core/store/database.ts';
import type { JobProgress } from '../../src/shared/jobs.ts';

/**
 * The built main bundle (out/main, with its jobs worker) under the fake electron, on a home
 * of about a million readings: an export and an import run in worker threads while the test
 * keeps asking main over IPC, as the window does. Every answer must come back within 250 ms
 * of being asked, timed in main's process from the moment the test sent the request (before,
 * main ran the export in its own thread and answered nothing for its whole length; the 50 ms
 * target is the benchmark's, this bound leaves a loaded machine room).
 * Then both are cancelled midway: no file, no partial file, and the database as it was.
 */

let root: string;
let home: string;
let importFile: string;
const outDir = () => fs.mkdtempSync(path.join(root, 'out-'));

type Invoked = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

function readingCount(): { readings: number; accounts: number; runs: number } {
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
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-jobs-main-'));
  // 20 accounts × 30 days of minute readings for the app's home, and an import file of
  // another home's 4 accounts × 60 days (new accounts here, so every row is written).
  const main = dataset(path.join(root, 'main'), 20, 30);
  const other = dataset(path.join(root, 'other'), 4, 60);
  home = main.home;
  // The generated accounts would poll real providers: keep the poller to itself.
  const db = new BetterSqlite3(path.join(home, DATABASE_FILE));
  db.prepare('UPDATE accounts SET enabled = 0').run();
  db.close();
  const source = openCore({ home: other.home, secrets: new MemorySecrets() });
  databaseForTests(source)
    .prepare("UPDATE accounts SET id = replace(id, 'bench', 'other'), label = 'other ' || label, enabled = 0")
    .run();
  importFile = path.join(root, 'import.csv');
  exportHistoryToFile(source, { format: 'csv' }, importFile);
  source.close();
}, 180_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function launched(): Promise<MainApp> {
  expect(fs.existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing: run \`npm run build\` first`).toBe(true);
  const app = launchMain({ BURNRATE_HOME: home });
  await app.ready(60_000);
  // Main has started once its handlers answer (it opens the log, then checks the database).
  await app.until(
    'IPC handlers',
    () => app.send<{ ipcChannels: string[] }>('state'),
    (s) => s.ipcChannels.length > 0,
    60_000,
  );
  expect(await app.invoke('app:info')).toMatchObject({ ok: true });
  return app;
}

/** The window's jobs:progress events so far. */
async function progressEvents(app: MainApp): Promise<JobProgress[]> {
  const s = await app.send<{ windows: Array<{ sent: Array<[string, unknown]> }> }>('state');
  return s.windows.flatMap((w) => w.sent.filter(([e]) => e === 'jobs:progress').map(([, p]) => p as JobProgress));
}

describe('main with heavy work in workers', () => {
  it(
    'answers IPC within 250 ms while an export and an import run, then has written both',
    { timeout: 240_000 },
    async () => {
      const app = await launched();
      try {
        const dir = outDir();
        const target = path.join(dir, 'year.csv');
        await app.send('dialog-answers', { save: target, open: importFile });
        const before = readingCount();
        let exportDone = false;
        let importDone = false;
        const exported = app.invoke('export:run', { format: 'csv' }).finally(() => (exportDone = true));
        const imported = app.invoke('import:run').finally(() => (importDone = true));
        const latencies: number[] = [];
        let bothRunning = 0;
        while (!exportDone || !importDone) {
          const both = !exportDone && !importDone;
          const { reply, ms } = await app.send<{ reply: Invoked; ms: number }>('invoke-timed', {
            channel: latencies.length % 2 ? 'app:info' : 'poller:status',
            sentAt: Date.now(),
          });
          latencies.push(ms);
          expect(reply.ok).toBe(true);
          if (both) bothRunning++;
          await new Promise((r) => setTimeout(r, 20));
        }
        const slowest = Math.max(...latencies);
        expect(bothRunning, 'the export and the import overlapped for a while').toBeGreaterThan(10);
        expect(slowest, `IPC round trips: ${latencies.map((l) => l.toFixed(0)).join(' ')}`).toBeLessThan(250);

        const e = (await exported) as Invoked;
        expect(e).toMatchObject({ ok: true, value: { status: 'written', path: target, rows: before.readings } });
        expect(fs.readdirSync(dir)).toEqual(['year.csv']);
        expect((fs.statSync(target).mode & 0o777).toString(8)).toBe('600');
        const i = (await imported) as Invoked;
        expect(i).toMatchObject({ ok: true, value: { status: 'imported', report: { imported: 4 * 60 * 1440 } } });
        const after = readingCount();
        expect(after).toEqual({ readings: before.readings + 4 * 60 * 1440, accounts: before.accounts + 4, runs: 0 });

        // Progress reached the window with rates and an end.
        const events = await progressEvents(app);
        const ends = events.filter((p) => p.state !== 'running').map((p) => [p.kind, p.state]);
        expect(ends).toEqual(
          expect.arrayContaining([
            ['export', 'finished'],
            ['import', 'finished'],
          ]),
        );
        expect(events.some((p) => p.kind === 'import' && p.phase === 'writing' && (p.ratePerSecond ?? 0) > 0)).toBe(
          true,
        );
        expect(await app.quit()).toBe(0);
      } finally {
        if (app.child.exitCode === null) app.child.kill('SIGKILL');
      }
    },
  );

  it(
    'cancels an export and an import midway: no file, no partial file, the database as it was',
    { timeout: 240_000 },
    async () => {
      const app = await launched();
      try {
        const dir = outDir();
        const target = path.join(dir, 'cancelled.json');
        await app.send('dialog-answers', { save: target, open: importFile });
        const before = readingCount();

        const exported = app.invoke('export:run', { format: 'json' });
        const exporting = await app.until(
          'export progress',
          () => progressEvents(app),
          (ev) => ev.some((p) => p.kind === 'export' && p.done > 0),
          60_000,
        );
        const exportId = exporting.find((p) => p.kind === 'export')!.id;
        expect(await app.invoke('jobs:cancel', { id: exportId })).toEqual({ ok: true, value: { cancelled: true } });
        expect(await exported).toEqual({ ok: true, value: { status: 'cancelled' } });
        expect(fs.readdirSync(dir)).toEqual([]);

        const imported = app.invoke('import:run');
        const writing = await app.until(
          'import writing',
          () => progressEvents(app),
          (ev) => ev.some((p) => p.kind === 'import' && p.phase === 'writing' && p.done > 20_000),
          120_000,
        );
        const importId = writing.find((p) => p.kind === 'import')!.id;
        expect(await app.invoke('jobs:cancel', { id: importId })).toEqual({ ok: true, value: { cancelled: true } });
        expect(await imported).toEqual({ ok: true, value: { status: 'cancelled' } });
        expect(readingCount()).toEqual(before);
        const ends = (await progressEvents(app)).filter((p) => p.state !== 'running').map((p) => [p.kind, p.state]);
        expect(ends).toEqual([
          ['export', 'cancelled'],
          ['import', 'cancelled'],
        ]);
        expect(await app.invoke('jobs:cancel', { id: importId })).toEqual({ ok: true, value: { cancelled: false } });
        expect(await app.quit()).toBe(0);
      } finally {
        if (app.child.exitCode === null) app.child.kill('SIGKILL');
      }
    },
  );
});
