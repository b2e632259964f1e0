import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import { pollAccount } from '../../../src/core/poll-account.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { findInFiles, tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

async function setup(): Promise<{ core: Core; secrets: MemorySecrets; home: string }> {
  const home = tempDir();
  const secrets = new MemorySecrets();
  return { core: openCore({ home, secrets }), secrets, home };
}

describe('pollAccount', () => {
  it('reads the key, polls the account base URL and stores the reading through recordReading', async () => {
    const { core, home } = await setup();
    const key = 'sk_pollaccount_ok_0123456789';
    fake.setAccount('cheapai', { key, balance: '4200', scenario: 'ok' });
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'main',
      key,
      baseUrl: fake.baseUrl('cheapai'),
    });
    const heard: string[] = [];
    core.onReading((a, r) => heard.push(`${a.id}:${r.state}`));
    const result = await pollAccount(core, core.accounts.require(added.id));
    expect(result.kind).toBe('polled');
    if (result.kind !== 'polled') return;
    expect(result.outcome).toMatchObject({
      state: 'ok',
      balance: { micros: 4200_000_000, unit: 'credits' },
      httpStatus: 200,
    });
    expect(result.record).toMatchObject({ state: 'ok', balance: 4200_000_000, unit: 'credits' });
    expect(heard).toEqual([`${added.id}:ok`]);
    expect(core.repos.readings.latest(result.account.pk)).toMatchObject({ state: 'ok', balance: 4200_000_000 });
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/cheapai/v1/credits',
      headers: { authorization: `Bearer ${key}` },
    });
    core.close();
    expect(findInFiles(home, key)).toEqual([]);
  });

  it('stores failed polls too', async () => {
    const { core } = await setup();
    const key = 'sk_pollaccount_402_0123456789';
    fake.setAccount('cheapai', { key, balance: '0', scenario: 'insufficient_balance' });
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'empty',
      key,
      baseUrl: fake.baseUrl('cheapai'),
    });
    const result = await pollAccount(core, core.accounts.require(added.id));
    expect(result).toMatchObject({
      kind: 'polled',
      outcome: { state: 'insufficient_balance', httpStatus: 402, balance: null },
    });
    expect(core.repos.readings.count(core.accounts.require(added.id).pk)).toBe(1);
    core.close();
  });

  it('sends nothing and stores nothing when the keychain is unavailable', async () => {
    const { core, secrets } = await setup();
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'locked',
      key: 'sk_locked_0123456789',
      baseUrl: fake.baseUrl('cheapai'),
    });
    secrets.available = false;
    const before = fake.requests.length;
    const result = await pollAccount(core, core.accounts.require(added.id));
    expect(result).toMatchObject({
      kind: 'keychain_unavailable',
      message: expect.stringMatching(/keychain is not available/),
    });
    expect(fake.requests.length).toBe(before);
    expect(core.repos.readings.count(core.accounts.require(added.id).pk)).toBe(0);
    core.close();
  });

  it('never polls a manual provider and leaves its hand-kept history alone', async () => {
    const { core } = await setup();
    const added = await core.accounts.add({ provider: 'gptimage2', label: 'images' });
    const account = core.accounts.require(added.id);
    core.recordReading(account, outcome({ state: 'ok', balance: { micros: 90_000_000, unit: 'credits' } }), 1000);
    const before = fake.requests.length;
    const result = await pollAccount(core, account);
    expect(result).toMatchObject({ kind: 'not_polled', reason: 'manual' });
    expect(fake.requests.length).toBe(before);
    expect(core.repos.readings.count(account.pk)).toBe(1);
    core.close();
  });

  it('keeps no reading for an account removed while its request was out', async () => {
    const { core } = await setup();
    const key = 'sk_pollaccount_slow_0123456789';
    fake.setAccount('cheapai', { key, balance: '1', scenario: 'slow', delayMs: 300 });
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'going',
      key,
      baseUrl: fake.baseUrl('cheapai'),
    });
    const account = core.accounts.require(added.id);
    const before = fake.requests.length;
    const polling = pollAccount(core, account);
    await waitFor(() => fake.requests.length > before, { what: 'the request to reach the server' });
    await core.accounts.remove(added.id, true);
    expect(await polling).toMatchObject({ kind: 'not_polled', reason: 'removed' });
    core.close();
  });

  it('applies a shorter per-request deadline when asked', async () => {
    const { core } = await setup();
    const key = 'sk_pollaccount_timeout_0123456789';
    fake.setAccount('cheapai', { key, balance: '1', scenario: 'slow', delayMs: 3000 });
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'slow',
      key,
      baseUrl: fake.baseUrl('cheapai'),
    });
    const result = await pollAccount(core, core.accounts.require(added.id), { timeoutMs: 200 });
    expect(result).toMatchObject({
      kind: 'polled',
      outcome: { state: 'timeout', httpStatus: null, message: expect.stringMatching(/0\.2 s/) },
    });
    core.close();
  });
});
