import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import { UserError } from '../../src/core/errors.ts';
import { getAccountAlertOverrides, setAccountAlertOverrides } from '../../src/core/alerts/settings.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';

function setup() {
  const secrets = new MemorySecrets();
  const home = tempDir();
  const core = openCore({ home, secrets, now: () => Date.parse('2026-11-21T08:00:00Z') });
  return { core, secrets, home };
}

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('AccountService.add', () => {
  it('stores the key in the keychain and the account in the database', async () => {
    const { core, secrets } = setup();
    const account = await core.accounts.add({
      provider: 'cheapai',
      label: ' main ',
      key: 'sk_test_123\n',
      options: { dailyCap: '50000' },
    });
    expect(account).toMatchObject({
      provider: 'cheapai',
      label: 'main',
      options: { dailyCap: 50000 },
      keyUpdatedAt: '2026-11-21T08:00:00.000Z',
    });
    expect(account.id).toMatch(/^acc_[a-z2-7]{12}$/);
    expect(secrets.entries.get(account.id)).toBe('sk_test_123');
    expect(core.accounts.list()).toEqual([account]);
    expect(JSON.stringify(account)).not.toContain('sk_test_123');
    expect(await core.accounts.key(account.id)).toBe('sk_test_123');
  });

  it.each([
    [{ provider: 'nope', label: 'x', key: 'k' }, 'validation', /unknown provider/],
    [{ provider: 'cheapai', label: '   ', key: 'k' }, 'validation', /label is empty/],
    [{ provider: 'cheapai', label: 'x'.repeat(81), key: 'k' }, 'validation', /longer than 80/],
    [{ provider: 'cheapai', label: 'x' }, 'validation', /needs an API key/],
    [{ provider: 'cheapai', label: 'x', key: '  ' }, 'validation', /key is empty/],
    [{ provider: 'cheapai', label: 'x', key: 'sk one' }, 'validation', /spaces/],
    [{ provider: 'cheapai', label: 'x', key: 'k', baseUrl: 'http://api.example.com' }, 'validation', /https/],
    [{ provider: 'cheapai', label: 'x', key: 'k', baseUrl: 'ftp://127.0.0.1' }, 'validation', /https/],
    [
      { provider: 'cheapai', label: 'x', key: 'k', baseUrl: 'https://user:pw@api.example.com' },
      'validation',
      /user name or password/,
    ],
    [{ provider: 'cheapai', label: 'x', key: 'k', baseUrl: 'not a url' }, 'validation', /not a valid URL/],
    [
      { provider: 'cheapai', label: 'x', key: 'k', options: { colour: 'red' } },
      'validation',
      /unknown option "colour"/,
    ],
    [{ provider: 'cheapai', label: 'x', key: 'k', options: { dailyCap: 'lots' } }, 'validation', /dailyCap.*number/],
    [{ provider: 'cheapai', label: 'x', key: 'k', options: { dailyCap: '-5' } }, 'validation', /negative/],
    [{ provider: 'newapi', label: 'x', key: 'k' }, 'validation', /needs a base URL/],
    [
      { provider: 'newapi', label: 'x', key: 'k', baseUrl: 'https://relay.example', options: { auth: 'password' } },
      'validation',
      /auth.*one of key, access_token/,
    ],
    [{ provider: 'custom', label: 'x', baseUrl: 'https://relay.example' }, 'validation', /needs option "path"/],
    [{ provider: 'cheapai', label: 'x', key: 'k', pollIntervalSeconds: 10 }, 'validation', /from 30 to 604800/],
  ])('rejects %j', async (input, code, message) => {
    const { core, secrets } = setup();
    const error = await rejection(core.accounts.add(input));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(core.accounts.list()).toEqual([]);
    expect(secrets.entries.size).toBe(0);
  });

  it('allows http only to this machine', async () => {
    const { core } = setup();
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:3000/v1', 'http://[::1]:9000']) {
      const account = await core.accounts.add({ provider: 'cheapai', label: url, key: 'k', baseUrl: url });
      expect(account.baseUrl).toBe(url.replace(/\/$/, ''));
    }
  });

  it('refuses a second account with the same label', async () => {
    const { core } = setup();
    await core.accounts.add({ provider: 'cheapai', label: 'main', key: 'k' });
    expect((await rejection(core.accounts.add({ provider: 'deepseek', label: 'main', key: 'k' }))).code).toBe(
      'conflict',
    );
  });

  it('creates nothing when the keychain is unavailable', async () => {
    const { core, secrets } = setup();
    secrets.available = false;
    const error = await rejection(core.accounts.add({ provider: 'cheapai', label: 'main', key: 'sk_test_123' }));
    expect(error.code).toBe('keychain_unavailable');
    expect(core.accounts.list()).toEqual([]);
  });

  it('lets a manual account exist without a key', async () => {
    const { core, secrets } = setup();
    const account = await core.accounts.add({ provider: 'gptimage2', label: 'images' });
    expect(account.keyUpdatedAt).toBeNull();
    expect(secrets.entries.size).toBe(0);
  });
});

describe('AccountService.remove and setKey', () => {
  it('removes the key and keeps history unless purged', async () => {
    const { core, secrets } = setup();
    const a = await core.accounts.add({ provider: 'cheapai', label: 'a', key: 'ka' });
    const b = await core.accounts.add({ provider: 'cheapai', label: 'b', key: 'kb' });
    await core.accounts.remove(a.id);
    expect(secrets.entries.has(a.id)).toBe(false);
    expect(core.accounts.list().map((x) => x.id)).toEqual([b.id]);
    expect(core.repos.accounts.get(a.id)?.removedAt).not.toBeNull();
    // the label is free again once the account is removed
    await core.accounts.add({ provider: 'cheapai', label: 'a', key: 'ka2' });
    await core.accounts.remove(b.id, true);
    expect(core.repos.accounts.get(b.id)).toBeNull();
    expect((await rejection(core.accounts.remove(b.id))).code).toBe('not_found');
  });

  it('keeps an account’s alert settings while its history is kept, and deletes them when purged', async () => {
    const { core } = setup();
    const a = await core.accounts.add({ provider: 'cheapai', label: 'a', key: 'ka' });
    const b = await core.accounts.add({ provider: 'cheapai', label: 'b', key: 'kb' });
    setAccountAlertOverrides(core.repos.settings, a.id, { keyExpiringDays: 5 });
    setAccountAlertOverrides(core.repos.settings, b.id, { keyExpiringDays: 9 });
    const stored = () =>
      (
        databaseForTests(core)
          .prepare("SELECT key FROM settings WHERE key LIKE 'alerts.account.%' ORDER BY key")
          .all() as Array<{
          key: string;
        }>
      ).map((r) => r.key);
    expect(stored()).toEqual([`alerts.account.${a.id}`, `alerts.account.${b.id}`].sort());

    await core.accounts.remove(a.id);
    expect(getAccountAlertOverrides(core.repos.settings, a.id)).toEqual({ keyExpiringDays: 5 });

    await core.accounts.remove(a.id, true);
    expect(stored()).toEqual([`alerts.account.${b.id}`]);
    expect(getAccountAlertOverrides(core.repos.settings, a.id)).toEqual({});
    expect(getAccountAlertOverrides(core.repos.settings, b.id)).toEqual({ keyExpiringDays: 9 });
  });

  it('replaces a key and records when', async () => {
    const { core, secrets } = setup();
    const a = await core.accounts.add({ provider: 'gptimage2', label: 'a' });
    const updated = await core.accounts.setKey(a.id, ' sk_live_new ');
    expect(secrets.entries.get(a.id)).toBe('sk_live_new');
    expect(updated.keyUpdatedAt).toBe('2026-11-21T08:00:00.000Z');
    expect((await rejection(core.accounts.setKey(a.id, ''))).code).toBe('validation');
  });

  it('keeps nothing of the key in the database files', async () => {
    const { core, home } = setup();
    await core.accounts.add({ provider: 'cheapai', label: 'main', key: 'sk_secret_marker_42' });
    core.close();
    expect(findInFiles(path.resolve(home), 'sk_secret_marker_42')).toEqual([]);
  });
});
