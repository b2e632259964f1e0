import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import { testApi } from '../helpers/api.ts';
import { createPoller } from '../../src/core/poller/index.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Script that got into the window could otherwise move an account to its own server
 * (accounts:update baseUrl) and ask for a refresh: the poller would send the key there.
 * Moving an account to another origin drops its key, in the same write, so the key only
 * ever goes to a host it was given for.
 */
let home: FakeServer;
let elsewhere: FakeServer;
beforeAll(async () => {
  home = await startFakeServer();
  elsewhere = await startFakeServer();
});
afterAll(async () => {
  await home.close();
  await elsewhere.close();
});

async function setup() {
  const key = `sk-follows-host-${Math.random().toString(36).slice(2, 14)}`;
  home.setAccount('cheapai', { key, balance: '300', scenario: 'ok' });
  const secrets = new MemorySecrets();
  const core = openCore({ home: tempDir(), secrets });
  const poller = createPoller(core, { reloadIntervalMs: null, timeoutMs: 3000 });
  const { invoke } = testApi({ core, poller });
  const account = await core.accounts.add({
    provider: 'cheapai',
    label: 'main',
    baseUrl: home.baseUrl('cheapai'),
    key,
  });
  return { key, secrets, core, poller, invoke, id: account.id };
}

describe('an account moved to another host', () => {
  it('loses its key: the next poll sends none to the new host, and the keychain entry is gone', async () => {
    const { key, secrets, core, poller, invoke, id } = await setup();
    const moved = await invoke('accounts:update', { id, baseUrl: elsewhere.baseUrl('cheapai') });
    expect(moved).toMatchObject({ ok: true, value: { keyUpdatedAt: null, baseUrl: elsewhere.baseUrl('cheapai') } });
    const seen = elsewhere.requests.length;
    poller.start();
    const refreshed = await invoke('poller:refresh', { accountId: id });
    expect(refreshed).toMatchObject({ ok: true, value: [{ state: 'invalid_key' }] });
    const sent = elsewhere.requests.slice(seen);
    expect(sent).toHaveLength(1);
    // CheapAI's adapter always sends the header; without a key it is an empty Bearer.
    expect((sent[0]!.headers.authorization ?? '').trim()).toMatch(/^(Bearer)?$/);
    expect(JSON.stringify(sent)).not.toContain(key);
    await new Promise((r) => setImmediate(r));
    expect(secrets.entries.has(id)).toBe(false);
    await invoke.close();
    await poller.stop();
    core.close();
  });

  it('keeps its key when only the path changes, or the same origin is written differently', async () => {
    const { key, secrets, core, invoke, id } = await setup();
    for (const baseUrl of [`${home.baseUrl('cheapai')}/`, `${home.origin}/cheapai/v2`, home.baseUrl('cheapai')]) {
      expect(await invoke('accounts:update', { id, baseUrl })).toMatchObject({
        ok: true,
        value: { keyUpdatedAt: expect.any(String) },
      });
    }
    expect(await invoke('accounts:update', { id, label: 'renamed', pollIntervalSeconds: 600 })).toMatchObject({
      ok: true,
      value: { keyUpdatedAt: expect.any(String) },
    });
    expect(secrets.entries.get(id)).toBe(key);
    await invoke.close();
    core.close();
  });

  it('takes a key again with accounts:setKey, and then polls the new host with it', async () => {
    const { secrets, core, invoke, id } = await setup();
    await invoke('accounts:update', { id, baseUrl: elsewhere.baseUrl('cheapai') });
    elsewhere.setAccount('cheapai', { key: 'sk-for-the-new-host-01234', balance: '55', scenario: 'ok' });
    expect(await invoke('accounts:setKey', { id, key: 'sk-for-the-new-host-01234' })).toMatchObject({
      ok: true,
      value: { keyUpdatedAt: expect.any(String) },
    });
    expect(await invoke('poller:refresh', { accountId: id })).toMatchObject({
      ok: true,
      value: [{ state: 'ok', balance: { amount: '55' } }],
    });
    expect(secrets.entries.get(id)).toBe('sk-for-the-new-host-01234');
    await invoke.close();
    core.close();
  });
});
