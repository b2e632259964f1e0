/**
 * Responsiveness of the main side (bench/run.ts calls this): how long the event loop of the
 * process that runs the engine (Electron's main, in the app) is blocked while heavy work
 * runs, measured with perf_hooks.monitorEventLoopDelay, beside the raw limits of the export
 * and the import. Target: no block over 50 ms.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Core } from '../src/core/core.ts';
import { openCore } from '../src/core/core.ts';
import type { SecretStore } from '../src/core/secrets/index.ts';
import { workerJobRunner } from '../src/core/jobs/runner.ts';
import { createApi } from '../src/core/api.ts';
import { createPoller } from '../src/core/poller/index.ts';
import { ms } from './measure.ts';
import { databaseForTests } from '../src/core/core.ts';

export interface LoopFigures {
  what: string;
  /** Longest event-loop block, ms. */
  max: number;
  p99: number;
  /** Wall time of the work, ms. */
  wallMs: number;
  /** CPU time of the whole process meanwhile (all threads), ms. */
  cpuMs: number;
  /**
   * How long this thread's event loop was busy (performance.eventLoopUtilization), ms: work
   * of its own. A block longer than its share of this was the OS running something else.
   */
  busyMs: number;
  note?: string;
}

/** Run `work` while watching the event loop (10 ms resolution): the longest and the 99th percentile delay. */
export async function watchLoop(what: string, work: () => Promise<unknown>, note?: string): Promise<LoopFigures> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  // The monitor measures from its own previous sample: let it take a few before the work begins.
  await new Promise((r) => setTimeout(r, 50));
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const busy = performance.eventLoopUtilization(elu);
  await new Promise((r) => setTimeout(r, 30));
  h.disable();
  const used = process.cpuUsage(cpu);
  return {
    what,
    // The histogram counts the sampling interval itself; the block is what is beyond it.
    max: Math.max(0, h.max / 1e6 - 10),
    p99: Math.max(0, h.percentile(99) / 1e6 - 10),
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    busyMs: busy.active,
    ...(note ? { note } : {}),
  };
}

const noSecrets: SecretStore = {
  get: () => Promise.resolve(null),
  set: () => Promise.reject(new Error('the bench stores no keys')),
  delete: () => Promise.resolve(false),
  check: () => Promise.resolve(),
};

/** The app's way: a year's export and a 1 M import, each in its worker thread. */
export async function jobsInWorkers(home: string, now: number, importCsv: string, exportTo: string) {
  const core = openCore({ home, secrets: noSecrets, now: () => now });
  const runner = workerJobRunner();
  const exported = await watchLoop('export the year to CSV in a worker', async () => {
    await runner.start(core, { kind: 'export', file: exportTo, options: { format: 'csv' } }).result;
  });
  const checked = await watchLoop("the full check of the year's database in a worker (after start)", async () => {
    const check = await runner.start(core, { kind: 'check-database' }).result;
    if (check.problem) throw new Error(check.problem);
  });
  const importHome = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-bench-import-'));
  let imported = 0;
  try {
    const target = openCore({ home: importHome, secrets: noSecrets });
    const figures = await watchLoop('import 1,000,000 readings from CSV in a worker', async () => {
      imported = (await runner.start(target, { kind: 'import', file: importCsv }).result).imported;
    });
    target.close();
    await runner.close();
    return { exported, checked, imported: { ...figures, rows: imported } };
  } finally {
    core.close();
    fs.rmSync(importHome, { recursive: true, force: true });
  }
}

/** The raw limit of the export: a plain SELECT of the same rows written as CSV lines, nothing else. */
export function rawSelectAndWrite(core: Core, file: string): { wallMs: number; cpuMs: number; rows: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const fd = fs.openSync(file, 'w');
  const stmt = databaseForTests(core).prepare('SELECT * FROM readings WHERE account_pk = ? ORDER BY ts').raw(true);
  let buf = '';
  let rows = 0;
  for (const a of core.repos.accounts.listAll()) {
    for (const row of stmt.iterate(a.pk)) {
      buf += `${(row as unknown[]).join(',')}\n`;
      rows++;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rows };
}

/**
 * The fake provider server in a child process (its request handling must not count as the
 * engine's), with `count` cheapai accounts that answer.
 */
async function fakeServer(count: number): Promise<{ origin: string; stop(): void }> {
  const server = path.resolve(import.meta.dirname, '../src/core/providers/fake/server.ts');
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { startFakeServer } from ${JSON.stringify(server)};
       const fake = await startFakeServer();
       for (let i = 0; i < ${count}; i++)
         fake.setAccount('cheapai', { key: 'sk-bench-' + i, balance: '5000', scenario: 'ok', stepPerRequest: '-1.5' });
       process.stdout.write(fake.origin + '\\n');`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the fake server stopped (${code})`)));
  });
  return { origin, stop: () => child.kill() };
}

/** A poll cycle of `count` accounts through the app's poller (concurrency 4) against the fake server. */
export async function pollCycle(count: number): Promise<LoopFigures> {
  const fake = await fakeServer(count);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-bench-poll-'));
  const keys = new Map<string, string>();
  const secrets: SecretStore = {
    get: (id) => Promise.resolve(keys.get(id) ?? null),
    set: (id, key) => Promise.resolve(void keys.set(id, key)),
    delete: (id) => Promise.resolve(keys.delete(id)),
    check: () => Promise.resolve(),
  };
  const core = openCore({ home, secrets });
  try {
    for (let i = 0; i < count; i++)
      await core.accounts.add({
        provider: 'cheapai',
        label: `bench ${i}`,
        baseUrl: `${fake.origin}/cheapai`,
        key: `sk-bench-${i}`,
      });
    const poller = createPoller(core, { concurrency: 4 });
    poller.start();
    let stored = 0;
    poller.on('poll', () => stored++);
    const figures = await watchLoop(`a poll cycle of ${count} accounts against the fake server (concurrency 4)`, () =>
      poller.refresh(),
    );
    await poller.stop();
    if (stored < count) throw new Error(`only ${stored} of ${count} polls were stored`);
    return figures;
  } finally {
    core.close();
    fake.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The window's calls on the year, through the same dispatcher as the app. */
export async function windowCalls(home: string, now: number) {
  let core!: Core;
  // As the app and the CLI start: the file's header and schema are read, not every page
  // (store/database.ts: CHECK_AT_OPEN_MAX_BYTES); the disk cache is warm from the steps before.
  const open = await watchLoop("opening the year's database (openCore, as every start does)", () => {
    core = openCore({ home, secrets: noSecrets, now: () => now });
    return Promise.resolve();
  });
  const invoke = createApi({ core, version: 'bench', platform: process.platform, demo: false });
  const first = await watchLoop("the window's first overview (overview:get, cold)", () =>
    invoke('overview:get', undefined),
  );
  const status = await watchLoop('status for 20 accounts (status:get, 20 calls)', async () => {
    for (let i = 0; i < 20; i++) {
      const reply = await invoke('status:get', undefined);
      if (!reply.ok) throw new Error(reply.error.message);
      await new Promise((r) => setImmediate(r));
    }
  });
  await invoke.close();
  core.close();
  return { open, first, status };
}

/**
 * Resident memory of an engine with the year open, in a process of its own (this one has
 * exported and imported by now): open the database, answer the overview and the status.
 */
export async function residentMemory(home: string, now: number): Promise<number> {
  const src = (f: string) => JSON.stringify(path.resolve(import.meta.dirname, '../src/core', f));
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { openCore } from ${src('core.ts')};
       import { createApi } from ${src('api.ts')};
       const core = openCore({ home: ${JSON.stringify(home)}, secrets: {}, now: () => ${now} });
       const invoke = createApi({ core, version: 'bench', platform: process.platform, demo: false });
       for (const c of ['overview:get', 'status:get']) { const r = await invoke(c, undefined); if (!r.ok) throw new Error(r.error.message); }
       process.stdout.write(String(process.memoryUsage().rss));
       await invoke.close(); core.close();`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  return Number(out);
}

/**
 * Each measurement runs in a process of its own that holds only the engine, as Electron's
 * main does: the bench's own heap (a year of series, status and files read so far) would
 * otherwise put its garbage collections into the figures.
 */
export async function inFreshProcess<T>(step: string, args: Array<string | number>): Promise<T> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), step, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench step ${step} failed (exit ${String(code)})`);
  return JSON.parse(out) as T;
}

async function step(name: string, args: string[]): Promise<unknown> {
  switch (name) {
    case 'jobs':
      return jobsInWorkers(args[0]!, Number(args[1]), args[2]!, args[3]!);
    case 'poll':
      return pollCycle(Number(args[0]));
    case 'window':
      return windowCalls(args[0]!, Number(args[1]));
    default:
      throw new Error(`unknown bench step ${name}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, ...args] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(await step(name!, args)));
}

export const describeLoop = (f: LoopFigures) =>
  `max ${ms(f.max)} ms, p99 ${ms(f.p99)} ms (over ${(f.wallMs / 1000).toFixed(1)} s; the loop itself busy ${ms(f.busyMs)} ms)`;
