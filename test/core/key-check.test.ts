import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { addAccountChecked } from '../../src/core/key-check.ts';
import { UserError } from '../../src/core/errors.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Adding an account asks the provider once with its key, before anything is saved: against
 * the fake provider server on 127.0.0.1, for each kind of answer.
 */
let fake: FakeServer;
let core: Core;
let secrets: MemorySecrets;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());
afterEach(() => core?.close());

function open(): Core {
  secrets = new MemorySecrets();
  core = openCore({ home: tempDir(), secrets });
  return core;
}

const add = (key: string, check = true) =>
  addAccountChecked(
    core,
    { provider: 'cheapai', label: 'main', baseUrl: fake.baseUrl('cheapai'), key },
    { check, timeoutMs: 1500 },
  );

describe('adding an account checks its key', () => {
  it('a working key: saved; what the provider said is returned, not stored (a question, not history)', async () => {
    open();
    fake.setAccount('cheapai', { key: 'sk_good_0123456789', balance: '128387.2', scenario: 'ok' });
    const { account, check } = await add('sk_good_0123456789');
    expect(check).toMatchObject({
      verdict: 'accepted',
      state: 'ok',
      balance: { amount: '128387.2', unit: 'credits' },
      summary: 'the key works: balance 128,387 credits',
    });
    expect(core.repos.readings.latest(core.accounts.require(account.id).pk)).toBeNull();
    expect(await secrets.get(account.id)).toBe('sk_good_0123456789');
  });

  it.each(['invalid_key', 'expired_key'] as const)(
    'a %s: nothing is saved, not the account, not the key, and the error says why',
    async (scenario) => {
      open();
      fake.setAccount('cheapai', { key: 'sk_bad_0123456789', balance: '10', scenario });
      const error = await add('sk_bad_0123456789').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('key_rejected');
      expect((error as UserError).message).toMatch(
        /^CheapAI rejected the key \((invalid|expired) key, HTTP 401.*\); nothing was saved\. Check the key, or save without checking\.$/,
      );
      expect((error as UserError).message).not.toContain('sk_bad_0123456789');
      expect(core.accounts.list()).toEqual([]);
      expect(secrets.entries.size).toBe(0);
    },
  );

  it('--no-check saves a rejected key anyway, and asks nothing', async () => {
    open();
    fake.setAccount('cheapai', { key: 'sk_other', balance: '10', scenario: 'ok' });
    const before = fake.requests.length;
    const { account, check } = await add('sk_typo_0123456789', false);
    expect(check).toBeNull();
    expect(fake.requests.length).toBe(before);
    expect(core.accounts.list().map((a) => a.id)).toEqual([account.id]);
  });

  it.each([
    ['server_error', 'provider error, HTTP 500'],
    ['slow', 'timed out'],
  ] as const)(
    'the provider cannot be asked (%s): saved, with a warning that the key may be fine',
    async (scenario, words) => {
      open();
      fake.setAccount('cheapai', { key: 'sk_maybe_0123456789', balance: '10', scenario, delayMs: 5000 });
      const { account, check } = await add('sk_maybe_0123456789');
      expect(check?.verdict).toBe('unchecked');
      expect(check?.summary).toContain(words);
      expect(check?.summary).toMatch(/it was saved anyway and may be fine$/);
      expect(core.accounts.list().map((a) => a.id)).toEqual([account.id]);
    },
  );

  it('out of balance is a working key', async () => {
    open();
    fake.setAccount('cheapai', { key: 'sk_broke_0123456789', balance: '0', scenario: 'insufficient_balance' });
    const { check } = await add('sk_broke_0123456789');
    expect(check).toMatchObject({
      verdict: 'accepted',
      state: 'insufficient_balance',
      summary: 'the key works, but the account is out of balance',
    });
  });

  it('a provider kept by hand has nothing to check', async () => {
    open();
    const { check } = await addAccountChecked(core, { provider: 'gptimage2', label: 'img' }, { check: true });
    expect(check).toBeNull();
  });

  it('a bad base URL is refused before any key is sent', async () => {
    open();
    const before = fake.requests.length;
    await expect(
      addAccountChecked(
        core,
        { provider: 'cheapai', label: 'x', baseUrl: 'http://example.com', key: 'sk_0123456789' },
        { check: true },
      ),
    ).rejects.toThrow(UserError);
    expect(fake.requests.length).toBe(before);
  });
});
