import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.ts';

/**
 * Debian's `prometheus` package (installed by .ci/run): `promtool` and the `prometheus`
 * server. Tests that need them are skipped, saying why, where they are missing;
 * BURNRATE_REQUIRE_PROMETHEUS=1 (set by .ci/run) makes that a failure instead, so CI cannot
 * pass by skipping.
 */
const which = (tool: string): string | null => {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
};
export const PROMTOOL = process.env.BURNRATE_PROMTOOL ?? which('promtool');
export const PROMETHEUS = process.env.BURNRATE_PROMETHEUS ?? which('prometheus');
export const prometheusAvailable = Boolean(PROMTOOL && PROMETHEUS);
export const PROMETHEUS_SKIP_REASON = 'promtool/prometheus not found (apt-get install prometheus; see .ci/run)';

if (process.env.BURNRATE_REQUIRE_PROMETHEUS === '1' && !prometheusAvailable)
  throw new Error('BURNRATE_REQUIRE_PROMETHEUS=1 but promtool or prometheus is not on PATH');

export interface RunningPrometheus {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** GET /api/v1/query: the instant vector's samples. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: number }>>;
  /** GET an API path, parsed (`/api/v1/rules`, `/api/v1/targets`). */
  api<T>(pathAndQuery: string): Promise<T>;
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real Prometheus on loopback, never the system service: its own config and TSDB in a
 * temporary folder, scraping one target every second, with `ruleFiles` loaded.
 */
export async function startPrometheus(options: {
  target: string;
  ruleFiles?: string[];
  bearerTokenFile?: string;
}): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    ...(options.ruleFiles ?? []).map((f) => `  - ${JSON.stringify(f)}`),
    'scrape_configs:',
    '  - job_name: burnrate',
    '    scrape_interval: 1s',
    ...(options.bearerTokenFile
      ? ['    authorization:', `      credentials_file: ${JSON.stringify(options.bearerTokenFile)}`]
      : []),
    '    static_configs:',
    `      - targets: [${JSON.stringify(options.target)}]`,
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), `${config}\n`);
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(
    PROMETHEUS!,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(`${origin}${pathAndQuery}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus: ${body.error ?? res.status}`);
    return body.data;
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
        return (await fetch(`${origin}/-/ready`)).ok;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: () => `prometheus to be ready:\n${log}` },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    origin,
    api,
    async query(expr) {
      const data = await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
        `/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
