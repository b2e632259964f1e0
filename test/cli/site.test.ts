import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { cliInProcess } from '../helpers/cli-inproc.ts';

const KEY = 'sk-newapi-cli-site-0123456789abcdef';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

/** The CLI in this process with an in-memory keychain (what is tested is the command, not the keyring). */
const cli = (args: string[], home: string, secrets: MemorySecrets, stdin = '') =>
  cliInProcess(args, { home, secrets, stdin });

const addRelay = (home: string, secrets: MemorySecrets, label: string, ...extra: string[]) =>
  cli(
    [
      'accounts',
      'add',
      '--provider',
      'newapi',
      '--label',
      label,
      '--base-url',
      fake.baseUrl('newapi'),
      '--key-stdin',
      ...extra,
    ],
    home,
    secrets,
    KEY,
  );

describe("burnrate and a new-api site's own settings", () => {
  it('accounts add reads /api/status at once; status values the quota with it; accounts site shows it', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    fake.setSite('newapi', { quotaPerUnit: 1_000_000, displayType: 'USD' });
    fake.setAccount('newapi', { key: KEY, balance: '3000000', scenario: 'ok', cap: { limit: null, used: '0' } });

    const before = fake.requests.length;
    const added = await addRelay(home, secrets, 'relay');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(
      /^added acc_\S+ \(newapi · relay\)\n {2}the key works: balance 3,000,000 quota\n {2}site settings read \S+: 1000000 quota per USD, display USD\n$/,
    );
    const statusRead = fake.requests.slice(before).find((r) => r.path === '/newapi/api/status');
    expect(statusRead?.headers.authorization).toBeUndefined();

    expect((await cli(['poll', '--json'], home, secrets)).code).toBe(0);
    const status = JSON.parse((await cli(['status', '--json'], home, secrets)).stdout) as {
      accounts: Array<{ valueUsd: string; balance: { amount: string; unit: string } }>;
    };
    expect(status.accounts[0]).toMatchObject({ balance: { amount: '3000000', unit: 'quota' }, valueUsd: '3' });

    const view = JSON.parse((await cli(['accounts', 'site', 'relay', '--json'], home, secrets)).stdout) as unknown;
    expect(view).toMatchObject({
      label: 'relay',
      provider: 'newapi',
      baseUrl: fake.baseUrl('newapi'),
      published: { quotaPerUnit: '1000000', displayType: 'USD', usdExchangeRate: '7.3' },
      lastError: null,
      inUse: {
        quotaPerUnit: { value: '1000000', source: 'site' },
        billingUnit: { value: 'USD', source: 'site' },
        exchangeRate: { value: '7.3', source: 'site' },
      },
    });

    const human = await cli(['accounts', 'site', 'relay'], home, secrets);
    expect(human.stdout).toContain('  quota per USD: 1000000 (published by the site)\n');
  });

  it('the JSON of accounts add is the account, as before (and the key check); --set quotaPerUnit overrides the site', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    fake.setSite('newapi', { quotaPerUnit: 1_000_000 });
    const added = await addRelay(home, secrets, 'fixed', '--set', 'quotaPerUnit=250000', '--json');
    expect(added.code).toBe(0);
    const account = JSON.parse(added.stdout) as Record<string, unknown>;
    expect(Object.keys(account).sort()).toEqual(
      [
        'baseUrl',
        // Added: what the provider said when the key was checked.
        'check',
        'createdAt',
        'enabled',
        'id',
        'keyUpdatedAt',
        'label',
        'options',
        'pollIntervalSeconds',
        'provider',
        'sharesBalanceWith',
        'updatedAt',
      ].sort(),
    );
    expect(account.options).toEqual({ quotaPerUnit: 250000 });
    const view = JSON.parse((await cli(['accounts', 'site', 'fixed', '--json'], home, secrets)).stdout) as {
      inUse: { quotaPerUnit: unknown };
    };
    expect(view.inUse.quotaPerUnit).toEqual({ value: '250000', source: 'option' });
  });

  it('a site that answers HTML: the reason is named, the default applies, --refresh tries again', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    fake.setSite('newapi', { statusReply: 'html' });
    const added = await addRelay(home, secrets, 'walled');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /site settings not read yet; last attempt \S+ failed \(not_json: HTML page instead of JSON \(Sign in\)\)/,
    );
    const human = await cli(['accounts', 'site', 'walled'], home, secrets);
    expect(human.stdout).toContain('  quota per USD: 500000 (default; the site does not say)\n');

    fake.setSite('newapi', { quotaPerUnit: 1_000_000 });
    const refreshed = JSON.parse(
      (await cli(['accounts', 'site', 'walled', '--refresh', '--json'], home, secrets)).stdout,
    ) as { lastError: unknown; inUse: { quotaPerUnit: unknown } };
    expect(refreshed.lastError).toBeNull();
    expect(refreshed.inUse.quotaPerUnit).toEqual({ value: '1000000', source: 'site' });
  });

  it('accounts site refuses providers without site settings, and unknown accounts', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    expect((await cli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'img'], home, secrets)).code).toBe(0);
    expect(await cli(['accounts', 'site', 'img'], home, secrets)).toMatchObject({
      code: 1,
      stderr: "burnrate: img's provider publishes no site settings\n",
    });
    expect(await cli(['accounts', 'site', 'nobody'], home, secrets)).toMatchObject({ code: 1 });
    expect(await cli(['accounts', 'site'], home, secrets)).toMatchObject({
      code: 2,
      stderr:
        'burnrate: accounts site needs an account id or label (usage: burnrate accounts site <account> [flags])\n',
    });
  });
});
