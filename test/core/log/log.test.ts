import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { runCli } from '../../helpers/cli.ts';
import { log, setLogSink } from '../../../src/core/log/log.ts';
import { logDir, openLogFile } from '../../../src/core/log/file.ts';
import type { LogFile } from '../../../src/core/log/file.ts';
import { formatLogLine, lastLogLines, logFiles } from '../../../src/core/log/read.ts';
import { openCore } from '../../../src/core/core.ts';
import { testApi } from '../../helpers/api.ts';
import { workerJobRunner } from '../../../src/core/jobs/runner.ts';
import type { SecretStore } from '../../../src/core/secrets/index.ts';
import { exportHistoryToFile } from '../../../src/core/analytics/export.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * The log: JSON lines in <data folder>/logs, 0700/0600, rotated at a size with a cap on the
 * files kept; every line scrubbed of keys; written by the dispatcher for internal errors
 * (with the stack), by workers through the thread that started them, and read back by
 * `burnrate logs`.
 */
const KEY = 'sk-live-4f9a2b7c1d8e6f3a5b0c9d2e7f1a4b6c';
let open: LogFile | null = null;
afterEach(() => {
  setLogSink(null);
  open?.close();
  open = null;
});

async function logTo(home: string, options: Partial<Parameters<typeof openLogFile>[1]> = {}): Promise<LogFile> {
  open = await openLogFile(home, { proc: 'app', ...options });
  setLogSink(open);
  return open;
}

const records = (home: string) => lastLogLines(home, null).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the log', () => {
  it('writes structured lines only its user can read, and never a key', async () => {
    const home = tempDir();
    await logTo(home);
    const err = new Error(`upstream refused ${KEY} (Bearer ${KEY.slice(3)})`);
    log.error(`polling with ${KEY} failed`, { err, accountId: 'acc_abcdef12', header: `Bearer ${KEY}` });
    log.warn('a key we were told of', { secrets: ['plainsecretvalue99'], note: 'said plainsecretvalue99 twice' });
    const [first, second] = records(home);
    expect(first).toMatchObject({ level: 'error', proc: 'app', accountId: 'acc_abcdef12', pid: process.pid });
    expect(first!.msg).toBe('polling with [redacted] failed');
    expect((first!.err as { stack: string }).stack).toMatch(/^Error: upstream refused \[redacted\]/);
    expect((first!.err as { stack: string }).stack).toMatch(/\n\s+at /);
    expect(second!.note).toBe('said [redacted] twice');
    expect(second).not.toHaveProperty('secrets');
    const text = fs.readFileSync(logFiles(home)[0]!, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(10, 30));
    expect(text).not.toContain('plainsecretvalue99');
    if (process.platform !== 'win32') {
      expect(fs.statSync(logDir(home)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(logFiles(home)[0]!).mode & 0o777).toBe(0o600);
    }
  });

  it('rolls to a new file at its size and keeps only the newest few', async () => {
    const home = tempDir();
    await logTo(home, { maxFileBytes: 4096, keepFiles: 2 });
    for (let i = 0; i < 400; i++) {
      log.info('a line of some length to fill the file', { i, pad: 'x'.repeat(40) });
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => records(home).at(-1)?.i === 399, { what: 'the last line to be written' });
    const files = logFiles(home);
    expect(files.length).toBeLessThanOrEqual(3);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const total = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    expect(total).toBeLessThan(3 * 4096 + 4096);
    // The newest lines are kept, in order.
    const kept = records(home).map((r) => r.i as number);
    expect(kept.at(-1)).toBe(399);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });

  it('gets an internal error inside an IPC handler with its stack, and without the key it was given', async () => {
    const home = tempDir();
    await logTo(home);
    // A keychain that fails in a way nobody planned for, quoting what it was handed.
    const secrets: SecretStore = {
      ...new MemorySecrets(),
      get: () => Promise.resolve(null),
      delete: () => Promise.resolve(false),
      check: () => Promise.resolve(),
      set: (_account: string, key: string) => Promise.reject(new TypeError(`keyring daemon crashed storing ${key}`)),
    };
    const core = openCore({ home, secrets });
    const account = await core.accounts.add({
      provider: 'custom',
      label: 'a',
      baseUrl: 'http://127.0.0.1:9',
      options: { path: '/balance', balancePath: 'data.balance' },
    });
    const { invoke, close } = testApi({ core });
    const reply = await invoke('accounts:setKey', { id: account.id, key: KEY });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'internal', message: 'something went wrong inside Burnrate; see the log for details' },
    });
    await close();
    const line = records(home).find((r) => r.msg === 'accounts:setKey failed');
    expect(line, JSON.stringify(records(home))).toBeDefined();
    expect(line).toMatchObject({ level: 'error', channel: 'accounts:setKey' });
    const e = line!.err as { type: string; message: string; stack: string };
    expect(e.type).toBe('TypeError');
    expect(e.message).toBe('keyring daemon crashed storing [redacted]');
    expect(e.stack).toMatch(/\n\s+at .*log\.test\.ts/);
    for (const file of logFiles(home)) expect(fs.readFileSync(file, 'utf8')).not.toContain(KEY.slice(8, 24));
  });

  it('takes the lines a worker writes, marked as the worker’s', async () => {
    const home = tempDir();
    const core = openCore({ home, secrets: new MemorySecrets() });
    const added = await core.accounts.add({ provider: 'cheapai', label: 'a', baseUrl: null, key: 'sk-test' });
    const account = core.accounts.require(added.id);
    for (let i = 0; i < 50; i++)
      core.recordReading(account, outcome({ state: 'ok', balance: { micros: 1e9 - i, unit: 'credits' } }), 1e12 + i);
    const file = path.join(tempDir(), 'h.csv');
    exportHistoryToFile(core, { format: 'csv' }, file);
    core.close();
    const target = tempDir();
    await logTo(target);
    const into = openCore({ home: target, secrets: new MemorySecrets() });
    const runner = workerJobRunner();
    await runner.start(into, { kind: 'import', file }).result;
    await runner.close();
    into.close();
    const line = records(target).find((r) => r.msg === 'imported history');
    expect(line).toMatchObject({ level: 'info', thread: 'worker', job: 'import', readings: 50, proc: 'app' });
  });

  it('is read back by `burnrate logs`, for a person or as JSON lines', async () => {
    const home = tempDir();
    await logTo(home);
    log.error('something broke', { err: new RangeError('out of range'), accountId: 'acc_abcdef12' });
    log.info('all fine again');
    setLogSink(null);
    const human = await runCli(['logs'], { env: { BURNRATE_HOME: home } });
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR app\[\d+\] something broke {2}accountId=acc_abcdef12$/);
    expect(lines[1]).toBe('    RangeError: out of range');
    expect(lines.find((l) => l.includes('INFO'))).toMatch(/all fine again$/);
    const json = await runCli(['logs', '--json', '--lines', '1'], { env: { BURNRATE_HOME: home } });
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ msg: 'all fine again', level: 'info' });
    expect(formatLogLine('not json')).toBe('not json');
  });
});
