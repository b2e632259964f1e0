import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { createKeychain } from '../../src/core/secrets/index.ts';
import { waitFor } from '../helpers/wait.ts';

interface Line {
  type: string;
  accountId: string;
  provider: string;
  state: string;
  balance: { amount: string; unit: string } | null;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  message: string | null;
  at: string;
}

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

/** A CheapAI account on the fake server, with its key in the core's keychain. */
const addCheapAi = (core: Core, label: string, key: string) =>
  core.accounts.add({ provider: 'cheapai', label, key, baseUrl: fake.baseUrl('cheapai') });

/** `burnrate watch` as a running process whose stdout lines can be awaited as they come. */
function startWatch(args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'src/cli/main.ts'), 'watch', ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const lines = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  return {
    child,
    lines,
    get stderr() {
      return stderr;
    },
    exited,
    /** Resolves once `ready(lines)` holds; fails after `ms`. */
    async until(ready: (lines: Line[]) => boolean, ms = 20_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!ready(lines())) {
        if (Date.now() > deadline)
          throw new Error(`watch did not print what was expected in time:\n${stdout}\n${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

describe.skipIf(!keyringAvailable)(
  `burnrate watch with the real keychain (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    const FAST = { BURNRATE_MIN_INTERVAL_SECONDS: '1' };

    it('prints one JSON line per poll as it happens, stores each reading, and exits cleanly on SIGTERM', async () => {
      const home = tempDir();
      const service = testService();
      const keys = { burning: 'sk_watch_burning_0123456789', empty: 'sk_watch_empty_0123456789' };
      fake.setAccount('cheapai', { key: keys.burning, balance: '1000', scenario: 'ok', stepPerRequest: '-10' });
      fake.setAccount('cheapai', { key: keys.empty, balance: '0', scenario: 'insufficient_balance' });
      const core = openCore({ home, secrets: createKeychain({ service }) });
      const burning = await addCheapAi(core, 'burning', keys.burning);
      const empty = await addCheapAi(core, 'empty', keys.empty);
      core.close();

      const watch = startWatch(['--interval-seconds', '1'], {
        BURNRATE_HOME: home,
        BURNRATE_KEYCHAIN_SERVICE: service,
        ...FAST,
      });
      const count = (lines: Line[], id: string) => lines.filter((l) => l.type === 'poll' && l.accountId === id).length;
      // Lines arrive while it runs, not at the end.
      await watch.until((lines) => count(lines, burning.id) >= 3 && count(lines, empty.id) >= 2);
      expect(watch.child.exitCode).toBeNull();
      watch.child.kill('SIGTERM');
      expect(await watch.exited).toBe(0);
      expect(watch.stderr).toBe('');

      // Alert lines (here the empty account's zero_balance) are tested in test/cli/alerts-e2e.test.ts.
      const lines = watch.lines().filter((l) => l.type === 'poll');
      for (const line of lines) {
        expect(Object.keys(line).sort()).toEqual([
          'accountId',
          'at',
          'balance',
          'httpStatus',
          'message',
          'provider',
          'retryAfterSeconds',
          'state',
          'type',
        ]);
        expect(line.type).toBe('poll');
      }
      const burnt = lines.filter((l) => l.accountId === burning.id);
      expect(burnt.map((l) => l.balance?.amount).slice(0, 3)).toEqual(['1000', '990', '980']);
      expect(burnt.every((l) => l.state === 'ok' && l.httpStatus === 200 && l.balance?.unit === 'credits')).toBe(true);
      // Insufficient balance keeps the normal pace: a top-up must be seen.
      expect(
        lines
          .filter((l) => l.accountId === empty.id)
          .every((l) => l.state === 'insufficient_balance' && l.httpStatus === 402),
      ).toBe(true);
      const times = burnt.map((l) => Date.parse(l.at));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);

      // Every printed line is a stored reading, and nothing was left half-done.
      const after = openCore({ home, secrets: createKeychain({ service }) });
      for (const id of [burning.id, empty.id]) {
        const stored = after.repos.readings.range(after.accounts.require(id).pk, 0, Number.MAX_SAFE_INTEGER);
        expect(stored.map((r) => new Date(r.ts).toISOString())).toEqual(
          lines.filter((l) => l.accountId === id).map((l) => l.at),
        );
      }
      after.close();
      for (const key of Object.values(keys)) {
        expect(findInFiles(home, key)).toEqual([]);
        expect(JSON.stringify(lines)).not.toContain(key);
      }
    });

    it('lets a poll in flight finish and be stored before exiting on a signal', async () => {
      const home = tempDir();
      const service = testService();
      const key = 'sk_watch_slow_0123456789';
      fake.setAccount('cheapai', { key, balance: '77', scenario: 'slow', delayMs: 1500 });
      const core = openCore({ home, secrets: createKeychain({ service }) });
      const slow = await core.accounts.add({
        provider: 'cheapai',
        label: 'slow',
        key,
        baseUrl: fake.baseUrl('cheapai'),
      });
      core.close();

      const watch = startWatch(['--interval-seconds', '5'], {
        BURNRATE_HOME: home,
        BURNRATE_KEYCHAIN_SERVICE: service,
        ...FAST,
      });
      const asked = () => fake.requests.some((r) => r.headers.authorization === `Bearer ${key}`);
      await waitFor(asked, { timeoutMs: 20_000, what: 'the poll to ask the provider' });
      watch.child.kill('SIGINT');
      expect(await watch.exited).toBe(0);
      expect(watch.lines()).toMatchObject([
        { type: 'poll', accountId: slow.id, state: 'ok', balance: { amount: '77', unit: 'credits' } },
      ]);
      const after = openCore({ home, secrets: createKeychain({ service }) });
      expect(after.repos.readings.count(after.accounts.require(slow.id).pk)).toBe(1);
      after.close();
    });

    it('says once on stderr that the keychain is unavailable, sends nothing, and keeps running', async () => {
      const home = tempDir();
      const service = testService();
      const key = 'sk_watch_locked_0123456789';
      fake.setAccount('cheapai', { key, balance: '5', scenario: 'ok' });
      const core = openCore({ home, secrets: createKeychain({ service }) });
      await core.accounts.add({ provider: 'cheapai', label: 'locked', key, baseUrl: fake.baseUrl('cheapai') });
      core.close();
      const requestsBefore = fake.requests.length;
      const watch = startWatch(['--interval-seconds', '1'], {
        BURNRATE_HOME: home,
        BURNRATE_KEYCHAIN_SERVICE: service,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home, 'no-bus')}`,
        DISPLAY: '',
        ...FAST,
      });
      await waitFor(() => watch.stderr.includes('\n'), { timeoutMs: 20_000, what: 'the keychain message' });
      // Let it retry a few times with backoff before stopping it.
      await new Promise((r) => setTimeout(r, 2500));
      expect(watch.child.exitCode).toBeNull();
      watch.child.kill('SIGTERM');
      expect(await watch.exited).toBe(0);
      expect(watch.lines()).toEqual([]);
      expect(watch.stderr.trim().split('\n')).toHaveLength(1);
      expect(watch.stderr).toMatch(/^burnrate: The OS keychain is not available to read a key.*\(will keep trying\)$/m);
      expect(fake.requests.length).toBe(requestsBefore);
    });
  },
);

describe('burnrate watch usage', () => {
  it.each([
    [['watch', '--interval-seconds', '5'], {}, /--interval-seconds must be at least 30/],
    [['watch', '--interval-seconds', 'often'], {}, /--interval-seconds expects a whole number/],
    [['watch', '--bogus'], {}, /unknown flag '--bogus'/],
    [['watch'], { BURNRATE_MIN_INTERVAL_SECONDS: 'zero' }, /BURNRATE_MIN_INTERVAL_SECONDS must be a whole number/],
  ])('%j fails with one clear line', async (args, extra, message) => {
    const result = await runCli(args, {
      env: { BURNRATE_HOME: tempDir(), BURNRATE_KEYCHAIN_SERVICE: testService(), ...extra },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
