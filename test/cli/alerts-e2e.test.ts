import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeAccount } from '../../src/core/providers/fake/types.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Alerts end to end: real `poll` processes (each reading is taken by a new process, so each
 * is also a restart) against the fake provider server, the real keychain, and the history
 * read back with `alerts --json`; `watch` printing the same alerts as they happen.
 */
interface AlertLine {
  accountId: string;
  kind: string;
  severity: string;
  message: string;
  at: string;
}

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

async function setup(key: string, account: FakeAccount, options: string[] = []) {
  const env = { BURNRATE_HOME: tempDir(), BURNRATE_KEYCHAIN_SERVICE: testService() };
  fake.setAccount('cheapai', account);
  const set = options.flatMap((o) => ['--set', o]);
  const added = await runCli(
    [
      'accounts',
      'add',
      '--provider',
      'cheapai',
      '--label',
      'main',
      '--base-url',
      fake.baseUrl('cheapai'),
      ...set,
      '--key-stdin',
      '--json',
    ],
    {
      env,
      stdin: key,
    },
  );
  expect(added.stderr).toBe('');
  const { id } = JSON.parse(added.stdout) as { id: string };
  return { env, id };
}

async function poll(env: NodeJS.ProcessEnv): Promise<{ state: string }> {
  const r = await runCli(['poll', '--json'], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ state: string }>)[0]!;
}

async function alerts(env: NodeJS.ProcessEnv, args: string[] = []): Promise<AlertLine[]> {
  const r = await runCli(['alerts', ...args, '--json'], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AlertLine[];
}

/** A daily cap window that started 12 h ago, so a test never straddles the reset. */
function resetHalfADayAway(): string {
  return new Date(Date.now() + 12 * 3600_000).toISOString().slice(11, 16);
}

describe.skipIf(!keyringAvailable)(
  `alerts through poll, watch and alerts --json (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    it('raises zero_balance once per episode across separate poll processes: two episodes, two alerts', async () => {
      const key = 'sk_alerts_zero_0123456789';
      const { env, id } = await setup(key, { key, balance: '1000', scenario: 'ok' });
      const script: Array<[Partial<FakeAccount>, string]> = [
        [{ scenario: 'ok', balance: '1000' }, 'ok'],
        [{ scenario: 'insufficient_balance' }, 'insufficient_balance'],
        [{ scenario: 'insufficient_balance' }, 'insufficient_balance'],
        [{ scenario: 'ok', balance: '0' }, 'ok'],
        [{ scenario: 'insufficient_balance' }, 'insufficient_balance'],
        [{ scenario: 'ok', balance: '50000' }, 'ok'],
        [{ scenario: 'ok', balance: '49000' }, 'ok'],
        [{ scenario: 'insufficient_balance' }, 'insufficient_balance'],
        [{ scenario: 'insufficient_balance' }, 'insufficient_balance'],
      ];
      for (const [change, state] of script) {
        fake.updateAccount('cheapai', key, change);
        expect((await poll(env)).state).toBe(state);
      }

      const history = await alerts(env);
      for (const a of history)
        expect(Object.keys(a).sort()).toEqual(['accountId', 'at', 'id', 'kind', 'message', 'severity']);
      const zero = history.filter((a) => a.kind === 'zero_balance');
      expect(zero).toHaveLength(2);
      expect(zero.every((a) => a.accountId === id && a.severity === 'critical')).toBe(true);
      expect(zero[0]!.message).toBe('CheapAI · main — out of balance: the provider refuses requests until you top up');
      // Oldest first, and the same list when asked for the one account.
      const times = history.map((a) => Date.parse(a.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(await alerts(env, ['--account', id])).toEqual(history);
      // The episode still on shows in status's alerts.
      const status = await runCli(['status', '--json'], { env });
      expect(status.stderr).toBe('');
      const account = (JSON.parse(status.stdout) as { accounts: Array<{ id: string; alerts: unknown[] }> })
        .accounts[0]!;
      expect(account.id).toBe(id);
      expect(account.alerts).toContainEqual(
        expect.objectContaining({ kind: 'zero_balance', severity: 'critical', message: zero[1]!.message }),
      );
      expect(JSON.stringify(history)).not.toContain(key);
      expect(findInFiles(env.BURNRATE_HOME, key)).toEqual([]);
    });

    it('raises cap_approaching once at 80 % and once at 95 % of a daily cap', async () => {
      const key = 'sk_alerts_cap_0123456789';
      const { env } = await setup(key, { key, balance: '100000', scenario: 'ok' }, [
        'dailyCap=50000',
        `capResetUtc=${resetHalfADayAway()}`,
      ]);
      for (const balance of ['100000', '70000', '60000', '59000', '52500', '52000']) {
        fake.updateAccount('cheapai', key, { balance });
        await poll(env);
      }
      const cap = (await alerts(env)).filter((a) => a.kind === 'cap_approaching');
      expect(cap.map((a) => a.message.replace(/resets in .*$/, 'resets in …'))).toEqual([
        "CheapAI · main — 80 % of today's cap used (40,000 of 50,000 credits), resets in …",
        "CheapAI · main — 95 % of today's cap used (47,500 of 50,000 credits), resets in …",
      ]);
      expect(cap.every((a) => a.severity === 'warning')).toBe(true);
    });

    it('watch prints each alert as a line as it happens, with the same fields as alerts --json', async () => {
      const key = 'sk_alerts_watch_0123456789';
      const { env, id } = await setup(key, { key, balance: '1000', scenario: 'ok' });
      const child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, 'src/cli/main.ts'), 'watch', '--interval-seconds', '1'],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, ...env, BURNRATE_MIN_INTERVAL_SECONDS: '1' },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const lines = () =>
        stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { type: string; kind?: string; state?: string });
      const until = (ready: () => boolean) =>
        waitFor(ready, { timeoutMs: 20_000, what: () => `watch to print what was expected:\n${stdout}\n${stderr}` });
      try {
        await until(() => lines().some((l) => l.type === 'poll' && l.state === 'ok'));
        expect(lines().some((l) => l.type === 'alert')).toBe(false);
        fake.updateAccount('cheapai', key, { scenario: 'insufficient_balance' });
        await until(() => lines().some((l) => l.type === 'alert'));
        // It keeps polling the empty account: still exactly one alert for the episode.
        const pollsAfter = () => lines().filter((l) => l.type === 'poll' && l.state === 'insufficient_balance').length;
        await until(() => pollsAfter() >= 3);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
      const printed = lines().filter((l) => l.type === 'alert');
      expect(printed).toHaveLength(1);
      const { type, ...fields } = printed[0]!;
      expect(type).toBe('alert');
      expect(await alerts(env)).toEqual([fields]);
      expect(fields).toMatchObject({ accountId: id, kind: 'zero_balance', severity: 'critical' });
    });
  },
);

describe('burnrate alerts usage', () => {
  it('lists nothing for a fresh home and refuses an unknown account with one line', async () => {
    const env = { BURNRATE_HOME: tempDir() };
    const empty = await runCli(['alerts', '--json'], { env });
    expect(empty).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
    const unknown = await runCli(['alerts', '--account', 'acc_nothere123', '--json'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('burnrate: no account with id or label "acc_nothere123"\n');
  });
});
