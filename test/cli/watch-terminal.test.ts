import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { openCore } from '../../src/core/core.ts';
import { createKeychain } from '../../src/core/secrets/index.ts';

/**
 * `watch` at a real terminal (a pseudo-terminal driven by test/helpers/pty-run.py): a
 * banner, then one readable line per poll and alert with the account's label; Ctrl-C stops
 * it cleanly. Not at a terminal it prints JSON lines (test/cli/poll-watch.test.ts).
 */
const python = spawnSync('python3', ['-c', 'import pty']).status === 0;
const skip = !python ? 'python3 with its pty module is not installed' : !keyringAvailable ? SKIP_REASON : null;

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

describe.skipIf(skip !== null)(`watch at a terminal (${skip ?? 'a real pseudo-terminal'})`, () => {
  it('prints a banner and a line per result and alert, with labels; Ctrl-C stops it', async () => {
    const home = tempDir();
    const service = testService();
    const keys = { main: 'sk_watch_term_main_0123456789', empty: 'sk_watch_term_empty_0123456789' };
    fake.setAccount('cheapai', { key: keys.main, balance: '2100000', scenario: 'ok' });
    fake.setAccount('cheapai', { key: keys.empty, balance: '0', scenario: 'insufficient_balance' });
    const core = openCore({ home, secrets: createKeychain({ service }) });
    for (const [label, key] of Object.entries(keys))
      await core.accounts.add({ provider: 'cheapai', label, key, baseUrl: fake.baseUrl('cheapai') });
    core.close();

    const spec = {
      argv: [process.execPath, path.join(REPO_ROOT, 'src/cli/main.ts'), 'watch', '--interval-seconds', '1'],
      env: {
        BURNRATE_HOME: home,
        BURNRATE_KEYCHAIN_SERVICE: service,
        BURNRATE_MIN_INTERVAL_SECONDS: '1',
        COLUMNS: '100',
        NO_COLOR: '1',
      },
      cwd: REPO_ROOT,
      // Ctrl-C once both accounts' results and the empty account's alert are on screen: the
      // two polls run side by side, so the alert can come before the other account's line.
      waitFor: ['alert critical', '2,100,000 credits', '(HTTP 402)'],
      send: '\u0003',
      timeout: 40,
    };
    const { stdout } = await promisify(execFile)('python3', [
      path.join(REPO_ROOT, 'test/helpers/pty-run.py'),
      JSON.stringify(spec),
    ]);
    const result = JSON.parse(stdout) as { output: string; code: number; timedOut: boolean };
    expect(result.timedOut, result.output).toBe(false);
    expect(result.code).toBe(0);
    const lines = result.output.split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toBe('Watching 2 accounts, every 1 s. Ctrl-C stops.');
    expect(result.output).not.toContain('{"type"');
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d {2}main {6}ok {20}2,100,000 credits$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\d\d:\d\d:\d\d {2}empty {5}insufficient_balance {2}Insufficient credits {2}\(HTTP 402\)$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d {2}empty {5}alert critical {8}\S/));
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  }, 60_000);
});
