import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli.ts';
import { waitFor } from './wait.ts';

/**
 * The built main bundle (out/main/index.js) in a child process with the fake `electron`
 * of test/main/fake-electron, and a remote control: `send(cmd, args)` runs one of the
 * fake's commands (state, invoke, navigate, open-window, permission-request,
 * protocol-fetch…) and resolves with its answer.
 */
export const MAIN_BUNDLE = path.join(REPO_ROOT, 'out/main/index.js');
const REGISTER = path.join(REPO_ROOT, 'test/main/fake-electron/register.ts');

export type MainApp = ReturnType<typeof launchMain>;

/** `where`: another build of main (the packaged-app check runs one from an extracted app.asar). */
export function launchMain(env: NodeJS.ProcessEnv, where: { bundle?: string; cwd?: string } = {}) {
  const child = spawn(process.execPath, ['--import', REGISTER, where.bundle ?? MAIN_BUNDLE], {
    cwd: where.cwd ?? REPO_ROOT,
    env: { ...process.env, ...env, ELECTRON_RENDERER_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const replies = new Map<number, (m: { result?: unknown; error?: string }) => void>();
  /** Every message type the fake has reported, in order (ready, quit…). */
  const seen: string[] = [];
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  child.on('message', (m: { type: string; id?: number; result?: unknown; error?: string }) => {
    seen.push(m.type);
    if (m.type === 'ready') readyResolve();
    if (m.type === 'reply') replies.get(m.id!)?.(m);
  });
  let next = 1;
  const send = <T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      replies.set(id, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result as T)));
      child.send({ id, cmd, ...args });
    });
  /** Poll `read` until `ok` holds, failing with what was last read and main's stderr. */
  const until = async <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> => {
    let v: T | undefined;
    await waitFor(async () => ok((v = await read())), {
      timeoutMs: ms,
      intervalMs: 100,
      what: () => `${what}: last read ${JSON.stringify(v)}\nstderr: ${stderr}`,
    });
    return v as T;
  };
  return {
    child,
    exited,
    seen,
    send,
    until,
    /** Resolves once main has run its `ready` handler (or rejects when the process died first). */
    async ready(ms = 15_000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ready,
        exited.then((code) => Promise.reject(new Error(`main exited (${code}) before ready: ${stderr}`))),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error(`main not ready in time: ${stderr}`)), ms)),
        ),
      ]).finally(() => clearTimeout(timer));
    },
    invoke: (
      channel: string,
      payload?: unknown,
      frame: { frameUrl?: string; subframe?: boolean; noFrame?: boolean } = {},
    ) =>
      send<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>('invoke', {
        channel,
        payload,
        ...frame,
      }),
    /** Quit through the app and wait for the process to end; kill it if it does not. */
    async quit(): Promise<number | string | null> {
      if (child.exitCode !== null) return child.exitCode;
      await send('quit').catch(() => undefined);
      const code = await Promise.race([
        exited,
        new Promise<string>((r) => setTimeout(() => r('still running'), 10_000)),
      ]);
      if (child.exitCode === null) child.kill('SIGKILL');
      return code;
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
