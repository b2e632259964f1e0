/**
 * Renderer figures (`node bench/renderer.ts`, also run by `npm run bench` when it lists it):
 *
 * - the renderer's JavaScript bundle, gzipped (target ≤ 300 KB), from a fresh build;
 * - time from navigation to the account's balance chart painted, for an account holding a
 *   year of 1-minute readings (525,600), in headless Chromium (target ≤ 500 ms), for the
 *   default 30-day range and the whole year. The page is the built renderer served over
 *   127.0.0.1 with window.api bridged to a real core on SQLite, as in the E2E tests; the
 *   time is the `burnrate:chart-painted` mark the chart sets after its first draw.
 *
 * Prints the figures, writes them to bench-data/renderer.json, and puts them in the
 * "Renderer" section of docs/benchmarks.md (replacing the previous one).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser, openApp } from '../test/e2e/support/browser.ts';
import { serveRenderer } from '../test/e2e/support/static-server.ts';
import { createWorld } from '../test/e2e/support/world.ts';
import { DAY_MS, seedReadings } from '../test/e2e/support/seed.ts';
import { REPO_ROOT, RENDERER_OUT } from '../test/e2e/support/renderer.ts';
import os from 'node:os';

const RUNS = Number(process.env.BENCH_RENDERER_RUNS ?? 7);
const BUNDLE_TARGET_KB = 300;
const PAINT_TARGET_MS = 500;
const log = (s: string) => process.stdout.write(`${s}\n`);

function build(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
}

function bundleSizes(): { jsKB: number; jsGzipKB: number; cssGzipKB: number } {
  const assets = path.join(RENDERER_OUT, 'assets');
  let js = 0;
  let jsGz = 0;
  let cssGz = 0;
  for (const name of fs.readdirSync(assets)) {
    const bytes = fs.readFileSync(path.join(assets, name));
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    if (name.endsWith('.js')) {
      js += bytes.length;
      jsGz += gz;
    } else if (name.endsWith('.css')) cssGz += gz;
  }
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return { jsKB: kb(js), jsGzipKB: kb(jsGz), cssGzipKB: kb(cssGz) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const m = {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
  log(`machine: ${m.cpu} · ${m.cores} cores · ${m.os} · Node ${m.node}`);
  build();
  const bundle = bundleSizes();
  log(
    `renderer JS: ${bundle.jsKB} KB, ${bundle.jsGzipKB} KB gzipped (target ≤ ${BUNDLE_TARGET_KB} KB); CSS ${bundle.cssGzipKB} KB gzipped`,
  );

  const world = await createWorld({ startPoller: false });
  const server = await serveRenderer(RENDERER_OUT);
  const browser = await launchBrowser();
  try {
    const account = await world.core.accounts.add({
      provider: 'cheapai',
      label: 'A year of minutes',
      baseUrl: world.fake.baseUrl('cheapai'),
      key: 'sk_bench',
    });
    const now = Date.now();
    const seedStart = performance.now();
    const { inserted } = seedReadings(world.core, account.id, {
      from: now - 365 * DAY_MS,
      to: now,
      unit: 'credits',
      startMicros: 5_000_000e6,
      spendMicros: 9e6,
      refillBelowMicros: 500_000e6,
      topUpMicros: 4_000_000e6,
    });
    log(
      `seeded ${inserted.toLocaleString('en-US')} readings in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const app = await openApp(browser, server.origin, world.bridge, { hash: '#/' });
    const paint: Record<string, { medianMs: number; runsMs: number[] }> = {};
    for (const range of ['30d', '1y']) {
      const runs: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        // A full navigation each time (the query string changes), so timeOrigin restarts.
        await app.page.goto(`${server.origin}/index.html?run=${range}-${i}#/account/${account.id}/${range}`);
        await app.page.waitForFunction(
          () => performance.getEntriesByName('burnrate:chart-painted').length > 0,
          undefined,
          { timeout: 30_000 },
        );
        const at = await app.page.evaluate(() => performance.getEntriesByName('burnrate:chart-painted')[0]!.startTime);
        if (i > 0) runs.push(Math.round(at)); // the first run warms the page cache and SQLite
      }
      paint[range] = { medianMs: median(runs), runsMs: runs };
      log(
        `account chart painted, ${range} of a year of minutes: median ${median(runs)} ms over ${runs.length} runs (target ≤ ${PAINT_TARGET_MS} ms) [${runs.join(', ')}]`,
      );
    }
    if (app.problems.length) throw new Error(`the page reported problems: ${app.problems.join('; ')}`);
    await app.close();

    const out = {
      measuredAt: new Date().toISOString(),
      machine: m,
      bundle,
      readings: inserted,
      paint,
      targets: { bundleGzipKB: BUNDLE_TARGET_KB, paintMs: PAINT_TARGET_MS },
    };
    fs.mkdirSync(path.join(REPO_ROOT, 'bench-data'), { recursive: true });
    fs.writeFileSync(path.join(REPO_ROOT, 'bench-data', 'renderer.json'), `${JSON.stringify(out, null, 2)}\n`);
    log('wrote bench-data/renderer.json');
    writeSection(out.measuredAt, m, bundle, inserted, paint);
    log('wrote the Renderer section of docs/benchmarks.md');
  } finally {
    await browser.close();
    await server.close();
    await world.close();
  }
}

const START = '<!-- renderer:start -->';
const END = '<!-- renderer:end -->';

/** Replace (or append) the renderer section of docs/benchmarks.md, leaving the rest alone. */
function writeSection(
  measuredAt: string,
  m: { cpu: string; cores: number; os: string; node: string },
  bundle: { jsKB: number; jsGzipKB: number; cssGzipKB: number },
  readings: number,
  paint: Record<string, { medianMs: number; runsMs: number[] }>,
): void {
  const file = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
  const ok = (v: number, target: number) => (v <= target ? '✓' : '✗');
  const rows = Object.entries(paint).map(
    ([range, p]) =>
      `| navigation → account chart painted, ${range} range, ${readings.toLocaleString('en-US')} readings | median ${p.medianMs} ms (runs ${p.runsMs.join(', ')}) | ≤ ${PAINT_TARGET_MS} ms ${ok(p.medianMs, PAINT_TARGET_MS)} |`,
  );
  const section = [
    START,
    '## Renderer',
    '',
    `Written by \`node bench/renderer.ts\` (part of \`npm run bench\`), ${measuredAt.slice(0, 16).replace('T', ' ')} UTC, on ${m.cpu} · ${m.cores} cores · ${m.os} · Node ${m.node}.`,
    'Headless Debian Chromium on the built renderer served over 127.0.0.1, with window.api bridged to a real core on SQLite; the time is the `burnrate:chart-painted` mark the chart sets after its first draw.',
    '',
    '| What | Result | Target |',
    '|---|---|---|',
    `| renderer JavaScript, gzipped (${bundle.jsKB} KB raw; CSS ${bundle.cssGzipKB} KB gzipped) | ${bundle.jsGzipKB} KB | ≤ ${BUNDLE_TARGET_KB} KB ${ok(bundle.jsGzipKB, BUNDLE_TARGET_KB)} |`,
    ...rows,
    END,
  ].join('\n');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}

await main();
