import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli.ts';
import { waitFor } from './wait.ts';

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  /** The /metrics URL from the start-up line. */
  url: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `burnrate serve` as a real process. Resolves once the start-up line names the URL (give
 * `--listen 127.0.0.1:0` for a free port), or rejects with what it printed if it exits or
 * says nothing in time.
 */
export function startServe(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no start-up line in time:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before starting:\n${stdout}\n${stderr}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /metrics at (http:\/\/\S+\/metrics)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        url: m[1]!,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** Poll `check` until it returns a value (not undefined), or fail after `ms` with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  let value: T | undefined;
  await waitFor(async () => (value = await check()) !== undefined, { timeoutMs: ms, intervalMs: 250, what });
  return value as T;
}
