import { afterEach, describe, expect, it } from 'vitest';
import { testApi } from '../../helpers/api.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import type { AppInfo } from '../../../src/shared/ipc.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';

const KEY = 'sk_window_secret_9f3k';
const servers: FakeServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function setup() {
  const fake = await startFakeServer();
  servers.push(fake);
  fake.setAccount('cheapai', { key: KEY, balance: '4321', scenario: 'ok' });
  const secrets = new MemorySecrets();
  const { core, invoke, events } = testApi({ version: '0.0.0-test', coreOptions: { secrets } });
  const ok = async (channel: string, payload?: unknown) => {
    const reply = await invoke(channel, payload);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  return { fake, core, secrets, invoke, ok, events };
}

describe('the window channels', () => {
  it('never answer with the key, on any channel', async () => {
    const { fake, ok, invoke } = await setup();
    const account = (await ok('accounts:add', {
      provider: 'cheapai',
      label: 'main',
      baseUrl: fake.baseUrl('cheapai'),
      key: KEY,
    })) as { id: string };
    const now = Date.now();
    const replies = [
      await ok('poller:refresh', { accountId: account.id }),
      await ok('app:info'),
      await ok('accounts:list'),
      await ok('accounts:update', { id: account.id, label: 'main account' }),
      await ok('accounts:setKey', { id: account.id, key: KEY }),
      await ok('accounts:test', { id: account.id }),
      await ok('status:get'),
      await ok('overview:get'),
      await ok('account:detail', { id: account.id }),
      await ok('series:balance', { accountId: account.id, from: now - 3600_000, to: now + 60_000, maxPoints: 100 }),
      await ok('series:dailySpend', { accountId: account.id, from: now - 86_400_000, to: now + 60_000 }),
      await ok('series:states', { accountId: account.id, from: now - 3600_000, to: now + 60_000 }),
      await ok('history:range', { limit: 10, offset: 0 }),
      await ok('packs:list', { accountId: account.id }),
      await ok('alerts:list', {}),
      await ok('settings:get'),
      await ok('poller:status'),
      // A key typed into the wrong field must not echo back in the error either.
      await invoke('accounts:update', { id: account.id, baseUrl: KEY }),
      await invoke('accounts:recordBalance', { id: account.id, amount: KEY }),
    ];
    expect(replies[0]).toMatchObject([{ state: 'ok', balance: { amount: '4321', unit: 'credits' } }]);
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(KEY);
  });

  it('records a hand-entered balance only for providers without a balance endpoint', async () => {
    const { ok, invoke, fake } = await setup();
    const manual = (await ok('accounts:add', { provider: 'gptimage2', label: 'images' })) as { id: string };
    const polled = (await ok('accounts:add', {
      provider: 'cheapai',
      label: 'main',
      baseUrl: fake.baseUrl('cheapai'),
      key: KEY,
    })) as { id: string };
    expect(await ok('accounts:recordBalance', { id: manual.id, amount: '1200' })).toMatchObject({
      balance: { amount: '1200', unit: 'credits' },
    });
    expect(await invoke('accounts:recordBalance', { id: polled.id, amount: '5' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    expect(await invoke('accounts:recordBalance', { id: manual.id, amount: '-3' })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('refuses a settings change as a whole when one value is bad', async () => {
    const { ok, invoke } = await setup();
    const before = await ok('settings:get');
    const reply = await invoke('settings:set', { displayCurrency: 'CNY', defaultPollIntervalSeconds: 5 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(!reply.ok && reply.error.message).toMatch(/at least 30 seconds/);
    expect(await ok('settings:get')).toEqual(before);
    expect(await ok('settings:set', { displayCurrency: 'CNY', cnyPerUsd: '7.1' })).toMatchObject({
      displayCurrency: 'CNY',
      cnyPerUsd: '7.1',
    });
  });

  it('switches the window to the demo and back without touching the user data or keychain', async () => {
    const { ok, invoke, core, secrets, events } = await setup();
    const started = (await ok('demo:start')) as AppInfo;
    expect(started.demo).toBe(true);
    expect(started.home).not.toBe(core.home);
    const demoAccounts = (await ok('accounts:list')) as Array<{ label: string }>;
    expect(demoAccounts.length).toBeGreaterThanOrEqual(3);
    expect(demoAccounts.every((a) => a.label.startsWith('Demo · '))).toBe(true);
    // A real-looking key typed while the demo runs is refused, not stored anywhere.
    const refused = await invoke('accounts:add', { provider: 'cheapai', label: 'mine', key: 'sk_real_key_123' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    expect(core.accounts.list()).toEqual([]);
    expect(secrets.entries.size).toBe(0);

    const stopped = (await ok('demo:stop')) as AppInfo;
    expect(stopped).toMatchObject({ demo: false, home: core.home });
    expect(await ok('accounts:list')).toEqual([]);
    expect(events.filter((e) => e.event === 'demo:changed').map((e) => (e.payload as AppInfo).demo)).toEqual([
      true,
      false,
    ]);
  });
});
