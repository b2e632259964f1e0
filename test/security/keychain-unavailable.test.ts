import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { testApi } from '../helpers/api.ts';
import { keyringRequired } from '../helpers/keyring.ts';
import { filesUnder, findInFiles, tempDir, tempRoot } from '../helpers/tmp.ts';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { createPoller } from '../../src/core/poller/index.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';

/**
 * A keychain that is missing (no Secret Service on the bus) or locked: Burnrate says so
 * plainly in the CLI and the window, keeps showing the history, stores no reading for a
 * poll it could not make, and never writes a key anywhere else.
 */

const KEY = 'sk-keychain-gone-7Qm2Xv9LpR4tZ8wB';
const NO_BUS = 'unix:path=/nonexistent/burnrate-no-session-bus';
const T0 = Date.parse('2026-04-01T08:00:00Z');

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
  fake.setAccount('cheapai', { key: KEY, balance: '1500', scenario: 'ok' });
});
afterAll(() => fake.close());

/** A home with one account that has a key (in a keychain we will not be able to reach) and some history. */
async function seededHome(): Promise<{ home: string; accountId: string }> {
  const home = tempDir();
  const core = openCore({ home, secrets: new MemorySecrets() });
  const account = await core.accounts.add({
    provider: 'cheapai',
    label: 'main',
    baseUrl: fake.baseUrl('cheapai'),
    key: KEY,
  });
  const stored = core.accounts.require(account.id);
  for (let i = 0; i < 5; i++)
    core.recordReading(
      stored,
      outcome({ state: 'ok', httpStatus: 200, balance: { micros: (2000 - i * 100) * 1_000_000, unit: 'credits' } }),
      T0 + i * 3_600_000,
    );
  core.close();
  return { home, accountId: account.id };
}

/** How many accounts and readings the home holds. */
function countsIn(home: string): { accounts: number; readings: number } {
  const core = openCore({ home, secrets: new MemorySecrets() });
  try {
    return {
      accounts: databaseForTests(core).prepare('SELECT count(*) FROM accounts').pluck().get() as number,
      readings: databaseForTests(core).prepare('SELECT count(*) FROM readings').pluck().get() as number,
    };
  } finally {
    core.close();
  }
}

const KEYCHAIN_LINE =
  /^burnrate: The OS keychain is not available to (store|read|delete) a key: .+\. Burnrate keeps API keys only in the keychain; start and unlock a Secret Service keyring \(GNOME Keyring or KWallet\) in your desktop session, then try again\.\n$/;

describe.each([
  ['no D-Bus session at all', ''],
  ['a session bus address that leads nowhere', NO_BUS],
])('the CLI with a missing keychain (%s)', (_what, bus) => {
  const env = (home: string) => ({
    BURNRATE_HOME: home,
    DBUS_SESSION_BUS_ADDRESS: bus,
    BURNRATE_KEYCHAIN_SERVICE: 'Burnrate-test-missing',
  });

  it('refuses to add an account with a key, in one clear line, and stores nothing anywhere', async () => {
    const { home } = await seededHome();
    const before = countsIn(home);
    const result = await runCli(
      ['accounts', 'add', '--provider', 'cheapai', '--label', 'second', '--key-stdin', '--no-check', '--json'],
      { env: env(home), stdin: 'sk-never-stored-3fJ8kQ2pV7yN5wXc' },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(KEYCHAIN_LINE);
    expect(result.stderr).toMatch(
      /to store a key: (The given address is empty|Could not connect: No such file or directory)/,
    );
    expect(countsIn(home)).toEqual(before);
    expect(findInFiles(home, 'sk-never-stored-3fJ8kQ2pV7yN5wXc')).toEqual([]);
    expect(findInFiles(home, '3fJ8kQ2pV7yN5wXc')).toEqual([]);
  });

  it('fails a poll it could not make, stores nothing, and keeps status, history and export working', async () => {
    const { home, accountId } = await seededHome();
    const before = countsIn(home);
    const requestsBefore = fake.requests.length;
    const poll = await runCli(['poll', '--json'], { env: env(home) });
    expect(poll.code).toBe(1);
    expect(poll.stdout).toBe('');
    expect(poll.stderr).toMatch(KEYCHAIN_LINE);
    expect(fake.requests.length).toBe(requestsBefore);
    expect(countsIn(home)).toEqual(before);

    const status = await runCli(['status', '--json'], { env: env(home) });
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(status.stdout)).toMatchObject({
      accounts: [{ id: accountId, state: 'ok', balance: { amount: '1600', unit: 'credits' } }],
    });
    const history = await runCli(['history', '--account', accountId, '--format', 'csv'], { env: env(home) });
    expect(history).toMatchObject({ code: 0, stderr: '' });
    expect(history.stdout.trim().split('\n')).toHaveLength(6);
    const out = path.join(home, 'export.json');
    const exported = await runCli(['export', '--format', 'json', '--out', out], { env: env(home) });
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(filesUnder(home)).toContain(out);
    const alerts = await runCli(['alerts', '--json'], { env: env(home) });
    expect(alerts).toMatchObject({ code: 0, stderr: '' });
  });

  it('will not remove an account whose key it cannot delete (the key would be left behind)', async () => {
    const { home, accountId } = await seededHome();
    const result = await runCli(['accounts', 'remove', accountId], { env: env(home) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^burnrate: The OS keychain is not available to delete a key/);
    const list = await runCli(['accounts', 'list', '--json'], { env: env(home) });
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: accountId }]);
  });

  it('watch says it once and keeps trying, storing nothing', async () => {
    const { home } = await seededHome();
    const before = countsIn(home);
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'src/cli/main.ts'), 'watch', '--interval-seconds', '1'],
      {
        env: { ...process.env, ...env(home), BURNRATE_MIN_INTERVAL_SECONDS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The first poll comes within the start spread (up to a minute), then backoff retries.
      await vi.waitFor(() => expect(stderr).toMatch(/will keep trying/), { timeout: 70_000, interval: 200 });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^burnrate: The OS keychain is not available to read a key: .+ \(will keep trying\)\n$/);
    expect(stdout).toBe('');
    expect(countsIn(home)).toEqual(before);
  }, 90_000);
});

describe('the window with a missing keychain', () => {
  /** Real keytar, pointed at a bus that is not there (a child process, so this worker’s libsecret is untouched). */
  it('the real keychain on a missing bus: poller:status carries the message, history stays readable', async () => {
    const { home, accountId } = await seededHome();
    const script = `
      import { openCore } from ${JSON.stringify(path.join(REPO_ROOT, 'src/core/core.ts'))};
      import { createApi } from ${JSON.stringify(path.join(REPO_ROOT, 'src/core/api.ts'))};
      import { createKeychain } from ${JSON.stringify(path.join(REPO_ROOT, 'src/core/secrets/index.ts'))};
      const core = openCore({ home: process.argv[1], secrets: createKeychain({ service: 'Burnrate-test-missing' }) });
      const events = [];
      const invoke = createApi({ core, version: 't', platform: 'linux', demo: false, emit: (event, payload) => events.push({ event, payload }) });
      const replies = {};
      for (const [channel, payload] of [['poller:refresh', {}], ['poller:status', undefined], ['status:get', undefined], ['history:range', { limit: 10, offset: 0 }], ['accounts:add', { provider: 'cheapai', label: 'x', key: 'sk-window-never-stored-9dK2' }]]) {
        replies[channel] = await invoke(channel, payload);
      }
      await invoke.close();
      core.close();
      process.stdout.write(JSON.stringify({ replies, events }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, home], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: NO_BUS },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    const { replies, events } = JSON.parse(run.stdout) as {
      replies: Record<
        string,
        { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }
      >;
      events: Array<{ event: string; payload: unknown }>;
    };
    expect(replies['poller:refresh']).toEqual({ ok: true, value: [] });
    expect(replies['poller:status']!.value!.keychain).toEqual({
      message: expect.stringMatching(/^The OS keychain is not available to read a key: Could not connect/),
      since: expect.any(String),
    });
    expect(events).toContainEqual({
      event: 'poller:status',
      payload: expect.objectContaining({
        keychain: expect.objectContaining({ message: expect.stringMatching(/keychain/) }),
      }),
    });
    expect(replies['status:get']).toMatchObject({
      ok: true,
      value: { accounts: [{ id: accountId, balance: { amount: '1600' } }] },
    });
    expect(replies['history:range']).toMatchObject({ ok: true, value: { total: 5 } });
    expect(replies['accounts:add']).toMatchObject({
      ok: false,
      error: { code: 'keychain_unavailable', message: expect.stringMatching(/not available to store a key/) },
    });
    expect(findInFiles(home, 'sk-window-never-stored-9dK2')).toEqual([]);
  });

  it('the notice comes with the poller’s keychain events and goes with the next key read', async () => {
    const { home, accountId } = await seededHome();
    const secrets = new MemorySecrets();
    const core: Core = openCore({ home, secrets });
    await secrets.set(accountId, KEY);
    secrets.available = false;
    const poller = createPoller(core, { reloadIntervalMs: null, rules: { startSpreadMs: 0 } });
    const { invoke, events } = testApi({ core, poller });
    const keychainOf = async () =>
      ((await invoke('poller:status', undefined)) as { value: { keychain: unknown } }).value.keychain;
    expect(await keychainOf()).toBeNull();
    poller.start();
    await vi.waitFor(async () =>
      expect(await keychainOf()).toMatchObject({ message: 'The OS keychain is not available (test)' }),
    );
    expect(
      events.filter((e) => e.event === 'poller:status' && (e.payload as { keychain: unknown }).keychain !== null),
    ).toHaveLength(1);
    // Unlocked again: the next read works and the notice goes.
    secrets.available = true;
    await invoke('poller:refresh', { accountId });
    expect(await keychainOf()).toBeNull();
    expect(events.at(-1)).toMatchObject({ event: 'poller:status', payload: { keychain: null } });
    await invoke.close();
    await poller.stop();
    core.close();
  });
});

/* --------------------------------------------------------------- a really locked GNOME Keyring */

const tools = ['dbus-run-session', 'gnome-keyring-daemon', 'gdbus'];
const missingTools = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const LOCK_SKIP = `needs ${missingTools.join(', ')} (apt-get install -y dbus-x11 gnome-keyring libglib2.0-bin; see .ci/run)`;
if (keyringRequired && missingTools.length)
  throw new Error(`BURNRATE_REQUIRE_KEYCHAIN=1 but the locked-keyring test ${LOCK_SKIP}`);

interface LockedReport {
  locked: boolean;
  steps: Record<string, { code: number | null; stdout: string; stderr: string; ms?: number }>;
  readings: Record<string, number>;
  api: Record<string, unknown>;
  keysInKeyring: boolean;
  requestsWhileLocked: number;
}

describe.skipIf(missingTools.length > 0)(
  `a locked GNOME Keyring (${missingTools.length ? LOCK_SKIP : 'private D-Bus session per run'})`,
  () => {
    let report: LockedReport;
    const root = tempRoot();
    afterAll(() => root.remove());
    beforeAll(() => {
      // Its own D-Bus session and keyring (scripts/with-keyring.sh), so locking it cannot
      // disturb the other keychain tests running next to this one.
      const home = root.dir;
      const run = spawnSync(
        path.join(REPO_ROOT, 'scripts/with-keyring.sh'),
        [process.execPath, path.join(import.meta.dirname, 'support/locked-keyring-driver.ts'), home],
        {
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, BURNRATE_KEYCHAIN_SERVICE: '' },
        },
      );
      const line = run.stdout.split('\n').find((l) => l.startsWith('REPORT '));
      if (!line)
        throw new Error(
          `the locked-keyring driver reported nothing (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
        );
      report = JSON.parse(line.slice('REPORT '.length)) as LockedReport;
    }, 130_000);

    it('is really locked (the collection says Locked=true) and still holds the keys', () => {
      expect(report.locked).toBe(true);
      expect(report.keysInKeyring).toBe(true);
      expect(report.steps.pollBefore).toMatchObject({ code: 0, stderr: '' });
    });

    it('poll: a clear keychain message, no request sent, no reading stored (not a 401 recorded as a revoked key)', () => {
      expect(report.steps.pollLocked!.code).toBe(1);
      expect(report.steps.pollLocked!.stdout).toBe('');
      expect(report.steps.pollLocked!.stderr).toMatch(
        /^burnrate: The OS keychain gave no key for this account: it is probably locked \(or its entry was deleted\)\. Burnrate keeps API keys only in the keychain; start and unlock a Secret Service keyring .+, or set the key again\.\n$/,
      );
      expect(report.requestsWhileLocked).toBe(0);
      expect(report.readings.afterLockedPoll).toBe(report.readings.beforeLock);
    });

    it('accounts add: refused in one line, nothing stored', () => {
      expect(report.steps.addLocked!.code).toBe(1);
      expect(report.steps.addLocked!.stderr).toMatch(
        /^burnrate: The OS keychain is not available to store a key: Cannot create an item in a locked collection\. .+\n$/,
      );
      expect(report.steps.listLocked!.stdout).not.toContain('while-locked');
    });

    it('status, history and export still work', () => {
      for (const step of ['statusLocked', 'historyLocked', 'exportLocked'])
        expect(report.steps[step], step).toMatchObject({ code: 0, stderr: '' });
      expect(report.steps.historyLocked!.stdout.trim().split('\n').length).toBeGreaterThan(1);
    });

    it('the window: a refresh leaves a keychain notice in poller:status and history stays readable', () => {
      expect(report.api.refresh).toEqual({ ok: true, value: [] });
      expect(report.api.keychain).toMatchObject({
        message: expect.stringMatching(/gave no key for this account: it is probably locked/),
      });
      expect(report.api.history).toMatchObject({
        ok: true,
        value: { total: 1, rows: [{ state: 'ok', balance: { amount: '700' } }] },
      });
    });

    it('an unlock prompt nobody answers: the CLI gives up after its keychain timeout with a clear line', () => {
      const step = report.steps.pollPrompt!;
      expect(step.stderr).toMatch(
        /^burnrate: The OS keychain is not available to read a key: no answer within 2 s \(is it locked\?\)\. /,
      );
      // The line comes at the timeout, not at D-Bus's own 25 s.
      expect(step.ms).toBeLessThan(12_000);
      expect(report.readings.afterPrompt).toBe(report.readings.beforeLock);
    });
  },
);
