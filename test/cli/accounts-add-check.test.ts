import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';

/**
 * `accounts add` asks the provider once before saving: a rejected key exits 1 with nothing
 * saved, `--no-check` saves it anyway, trouble reaching the provider saves with a warning.
 * Real processes, the real keychain, the fake provider server.
 */
let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

describe.skipIf(!keyringAvailable)(
  `accounts add checks the key (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    const home = () => ({
      BURNRATE_HOME: tempDir(),
      BURNRATE_KEYCHAIN_SERVICE: testService(),
      BURNRATE_HTTP_TIMEOUT_MS: '1500',
    });
    const add = (env: NodeJS.ProcessEnv, key: string, extra: string[] = []) =>
      runCli(
        [
          'accounts',
          'add',
          '--provider',
          'deepseek',
          '--label',
          'main',
          '--base-url',
          fake.baseUrl('deepseek'),
          '--key-stdin',
          ...extra,
        ],
        { env, stdin: key },
      );
    const listed = async (env: NodeJS.ProcessEnv) =>
      JSON.parse((await runCli(['accounts', 'list', '--json'], { env })).stdout) as unknown[];

    it('a working key: saved, and the balance the provider gave is said', async () => {
      const env = home();
      // DeepSeek answers in the account's currency: a USD account, so the line says dollars.
      fake.setAccount('deepseek', {
        key: 'sk-works-0123456789',
        balance: '41.2',
        scenario: 'ok',
        fields: { currency: 'USD' },
      });
      const r = await add(env, 'sk-works-0123456789', ['--json']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      const out = JSON.parse(r.stdout) as { id: string; check: Record<string, unknown> };
      expect(out.check).toMatchObject({ verdict: 'accepted', state: 'ok', balance: { amount: '41.2', unit: 'USD' } });
      const human = await add(home(), 'sk-works-0123456789');
      expect(human.stdout).toMatch(/^added acc_\w+ \(deepseek · main\)\n {2}the key works: balance \$41\.20\n$/);
    }, 60_000);

    it('a rejected key: exit 1, one line, nothing saved; --no-check saves it', async () => {
      const env = home();
      fake.setAccount('deepseek', { key: 'sk-right-0123456789', balance: '41.2', scenario: 'ok' });
      const r = await add(env, 'sk-typo-0123456789', ['--json']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^burnrate: DeepSeek rejected the key \(invalid key, HTTP 401.*; nothing was saved\./);
      expect(r.stderr).not.toContain('sk-typo-0123456789');
      expect(await listed(env)).toEqual([]);

      const forced = await add(env, 'sk-typo-0123456789', ['--no-check', '--json']);
      expect(forced).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(forced.stdout)).not.toHaveProperty('check');
      expect(await listed(env)).toHaveLength(1);
    }, 60_000);

    it('the provider cannot be reached: saved, with a warning on stderr', async () => {
      const env = home();
      fake.setAccount('deepseek', { key: 'sk-slow-0123456789', balance: '1', scenario: 'slow', delayMs: 5000 });
      const r = await add(env, 'sk-slow-0123456789');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^burnrate: warning: the key could not be checked \(timed out.*may be fine\n$/);
      expect(await listed(env)).toHaveLength(1);
    }, 60_000);
  },
);
