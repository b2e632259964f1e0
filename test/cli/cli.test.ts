import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { createKeychain } from '../../src/core/secrets/index.ts';

function env(home: string, service = testService()) {
  return { BURNRATE_HOME: home, BURNRATE_KEYCHAIN_SERVICE: service };
}

describe('burnrate providers', () => {
  it('lists every provider with id, name, unit and capabilities', async () => {
    const { code, stdout, stderr } = await runCli(['providers', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Array<{ id: string; name: string; unit: string; capabilities: string[] }>;
    expect(list.map((p) => p.id)).toEqual([
      'cheapai',
      'cheapa',
      'lumenfall',
      'gptimage2',
      'newapi',
      'openrouter',
      'deepseek',
      'moonshot',
      'siliconflow',
      'novita',
      'aimlapi',
      'kieai',
      'fal',
      'elevenlabs',
      'litellm',
      'sub2api',
      'custom',
    ]);
    for (const p of list) expect(Object.keys(p).sort()).toEqual(['capabilities', 'id', 'name', 'unit']);
    expect(list.find((p) => p.id === 'elevenlabs')).toMatchObject({
      unit: 'characters',
      capabilities: expect.arrayContaining(['resets']),
    });
    expect(list.find((p) => p.id === 'newapi')?.unit).toBe('quota');
  });
});

describe.skipIf(!keyringAvailable)(
  `burnrate accounts with the real keychain (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    it('adds an account whose key goes only to the keychain, lists it and removes it', async () => {
      const home = tempDir();
      const service = testService();
      const added = await runCli(
        // No provider is reachable from a test: this is about where the key goes, not the key check.
        ['accounts', 'add', '--provider', 'cheapai', '--label', 'main', '--key-stdin', '--no-check', '--json'],
        { env: env(home, service), stdin: 'sk_test_123' },
      );
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const account = JSON.parse(added.stdout) as { id: string; label: string; provider: string };
      expect(account).toMatchObject({ provider: 'cheapai', label: 'main' });
      expect(account.id).toMatch(/^acc_/);
      expect(added.stdout).not.toContain('sk_test_123');

      const listed = await runCli(['accounts', 'list', '--json'], { env: env(home, service) });
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([JSON.parse(added.stdout)]);

      expect(await createKeychain({ service }).get(account.id)).toBe('sk_test_123');
      expect(fs.readdirSync(home)).toContain('burnrate.db');
      expect(findInFiles(home, 'sk_test_123')).toEqual([]);

      const removed = await runCli(['accounts', 'remove', account.id], { env: env(home, service) });
      expect(removed.code).toBe(0);
      expect(await createKeychain({ service }).get(account.id)).toBeNull();
      expect(JSON.parse((await runCli(['accounts', 'list', '--json'], { env: env(home, service) })).stdout)).toEqual(
        [],
      );
    });

    it('passes provider options with --set and a loopback base URL', async () => {
      const home = tempDir();
      const added = await runCli(
        [
          ...'accounts add --provider newapi --label relay --base-url http://127.0.0.1:3000/'.split(' '),
          ...'--set userId=42 --set currency=CNY --set dailyCap=50000 --key-stdin --no-check --json'.split(' '),
        ],
        { env: env(home), stdin: 'sk-relay-key\n' },
      );
      expect(added.stderr).toBe('');
      expect(JSON.parse(added.stdout)).toMatchObject({
        baseUrl: 'http://127.0.0.1:3000',
        options: { userId: 42, currency: 'CNY', dailyCap: 50000 },
      });
    });
  },
);

describe('burnrate accounts without a keychain', () => {
  it('exits non-zero with a clear message and creates no account', async () => {
    const home = tempDir();
    const noKeyring = { ...env(home), DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home, 'no-bus')}`, DISPLAY: '' };
    const added = await runCli(
      // No provider is reachable from a test: this is about where the key goes, not the key check.
      ['accounts', 'add', '--provider', 'cheapai', '--label', 'main', '--key-stdin', '--no-check', '--json'],
      { env: noKeyring, stdin: 'sk_test_123' },
    );
    expect(added.code).not.toBe(0);
    expect(added.stdout).toBe('');
    expect(added.stderr.trim().split('\n')).toHaveLength(1);
    expect(added.stderr).toMatch(
      /^burnrate: The OS keychain is not available to store a key: .+; start and unlock a Secret Service keyring/,
    );
    expect(added.stderr).not.toContain('sk_test_123');
    const listed = await runCli(['accounts', 'list', '--json'], { env: noKeyring });
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(findInFiles(home, 'sk_test_123')).toEqual([]);
  });
});

describe('burnrate usage errors', () => {
  it.each([
    [['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--bogus'], /unknown flag '--bogus'/, 2],
    [['accounts', 'add', '--label', 'x'], /needs --provider/, 2],
    [['accounts', 'add', '--provider', 'cheapai'], /needs --label/, 2],
    [['accounts', 'add', '--provider', 'nope', '--label', 'x', '--key-stdin'], /unknown provider "nope"/, 1],
    [
      [
        'accounts',
        'add',
        '--provider',
        'cheapai',
        '--label',
        'x',
        '--base-url',
        'http://api.example.com',
        '--key-stdin',
      ],
      /must use https/,
      1,
    ],
    [['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--key-stdin'], /key read from stdin is empty/, 2],
    [['accounts', 'add', '--provider', 'cheapai', '--label', 'x'], /needs an API key/, 1],
    [
      ['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--set', 'novalue', '--key-stdin'],
      /--set expects name=value/,
      2,
    ],
    [['accounts', 'frobnicate'], /unknown accounts subcommand/, 2],
    [['accounts', 'remove'], /needs an account id/, 2],
    [['accounts', 'remove', 'acc_doesnotexist'], /no account with id/, 1],
    [['frobnicate'], /unknown command "frobnicate"/, 2],
  ])('%j fails with one clear line', async (args, message, code) => {
    const home = tempDir();
    const result = await runCli(args, {
      env: env(home),
      stdin: args.includes('--key-stdin') && !String(message).includes('empty') ? 'sk_x' : '',
    });
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(
      fs.existsSync(path.join(home, 'burnrate.db'))
        ? JSON.parse((await runCli(['accounts', 'list', '--json'], { env: env(home) })).stdout)
        : [],
    ).toEqual([]);
  });
});
