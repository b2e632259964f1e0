import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { testApi } from '../helpers/api.ts';
import type { Invoke } from '../../src/core/api.ts';
import { createPoller } from '../../src/core/poller/index.ts';
import { runCli } from '../helpers/cli.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { hostileServer, json, redirect, sawKey } from './support/hostile-server.ts';
import type { HostileServer } from './support/hostile-server.ts';

/**
 * A hostile relay (127.0.0.1, one port) answers a custom account's request with a redirect
 * to another origin it also controls (127.0.0.1, another port). Whatever header the account
 * sends its key in, the second origin must never see the key in any form. Script in the
 * window tries the same by reshaping an account (path, auth header) and asking for a test.
 */

const servers: HostileServer[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof hostileServer>[0]): Promise<HostileServer> {
  const s = await hostileServer(handler);
  servers.push(s);
  return s;
}

const newKey = () => `tok${crypto.randomBytes(15).toString('base64url').replace(/[-_]/g, 'q')}`;

/** A thief on one origin and a relay on another that sends every request to the thief. */
async function relayAndThief() {
  const thief = await server((_req, res) => json(res, 401, { error: 'who are you' }));
  const relay = await server((req, res) => {
    if (req.url.startsWith('/balance')) return json(res, 200, { data: { balance: 12.5 } });
    redirect(res, `${thief.origin}${req.url}`);
  });
  return { thief, relay };
}

function dispatcher(): { core: Core; invoke: Invoke; secrets: MemorySecrets } {
  const secrets = new MemorySecrets();
  const core = openCore({ home: tempDir(), secrets });
  const poller = createPoller(core, { reloadIntervalMs: null, timeoutMs: 3000 });
  const { invoke } = testApi({ core, poller });
  return { core, invoke, secrets };
}

describe('a key never follows a redirect to another origin', () => {
  it.each([
    ['X-Token', 'none'],
    ['X-Token', 'Bearer'],
    ['X-Goog-Api-Key', 'none'],
    ['Api-Token', 'Token'],
    ['X-Auth', 'Basic'],
  ])(
    'custom endpoint with auth header %s (scheme %s): the other origin gets nothing',
    async (authHeader, authScheme) => {
      const key = newKey();
      const { thief, relay } = await relayAndThief();
      const { invoke } = dispatcher();
      const added = await invoke('accounts:add', {
        provider: 'custom',
        label: 'relay',
        baseUrl: relay.origin,
        options: { path: '/v1/credits', balancePath: 'data.balance', authHeader, authScheme },
        key,
      });
      expect(added.ok).toBe(true);
      const id = (added as { value: { id: string } }).value.id;

      const tested = await invoke('accounts:test', { id });
      expect(tested).toMatchObject({ ok: true, value: { state: 'invalid_key', httpStatus: 401 } });
      expect((tested as { value: { message: string } }).value.message).toContain('the key was not sent there');
      await invoke('poller:refresh', { accountId: id });

      expect(sawKey(relay.seen, key)).toBe(true); // sent where it was given…
      expect(thief.seen.length).toBeGreaterThanOrEqual(2); // …the redirect was followed…
      expect(sawKey(thief.seen, key)).toBe(false); // …without it
      for (const req of thief.seen) expect(Object.keys(req.headers)).not.toContain(authHeader.toLowerCase());
    },
  );

  it('refuses a redirect that would carry the key to another origin in its URL', async () => {
    const key = newKey();
    const thief = await server((_req, res) => json(res, 200, { data: { balance: 1 } }));
    const relay = await server((_req, res) => redirect(res, `${thief.origin}/collect?k=${encodeURIComponent(key)}`));
    const { invoke } = dispatcher();
    const added = await invoke('accounts:add', {
      provider: 'custom',
      label: 'relay',
      baseUrl: relay.origin,
      options: { path: '/v1/credits', balancePath: 'data.balance', authHeader: 'X-Token' },
      key,
    });
    const id = (added as { value: { id: string } }).value.id;
    const tested = await invoke('accounts:test', { id });
    expect(tested).toMatchObject({
      ok: true,
      value: { state: 'bad_response', message: expect.stringMatching(/will not follow.*key would travel/) },
    });
    expect(thief.seen).toHaveLength(0);
  });
});

describe('script in the window reshapes a custom account', () => {
  async function setup() {
    const key = newKey();
    const { thief, relay } = await relayAndThief();
    const world = dispatcher();
    const added = await world.invoke('accounts:add', {
      provider: 'custom',
      label: 'relay',
      baseUrl: relay.origin,
      options: { path: '/balance', balancePath: 'data.balance', authHeader: 'X-Api-Key', authScheme: 'none' },
      key,
    });
    const id = (added as { value: { id: string } }).value.id;
    expect(await world.invoke('accounts:test', { id })).toMatchObject({
      ok: true,
      value: { state: 'ok', balance: { amount: '12.5' } },
    });
    return { ...world, key, thief, relay, id };
  }

  it('a new path and auth header drop the key in the same write; the test that follows sends none', async () => {
    const { invoke, secrets, key, thief, relay, id } = await setup();
    const before = relay.seen.length;
    const updated = await invoke('accounts:update', {
      id,
      options: { path: '/steal', balancePath: 'data.balance', authHeader: 'X-Token', authScheme: 'none' },
    });
    expect(updated).toMatchObject({ ok: true, value: { keyUpdatedAt: null } });
    await new Promise((r) => setImmediate(r));
    expect(secrets.entries.has(id)).toBe(false);
    await invoke('accounts:test', { id });
    await invoke('poller:refresh', { accountId: id });
    expect(relay.seen.length).toBeGreaterThan(before);
    expect(sawKey(relay.seen.slice(before), key)).toBe(false);
    expect(sawKey(thief.seen, key)).toBe(false);
  });

  it.each([
    ['path', { path: '/balance2' }],
    ['authHeader', { authHeader: 'X-Other' }],
    ['authScheme', { authScheme: 'Token' }],
    ['balancePath', { balancePath: 'data.other' }],
    ['limitPath', { limitPath: 'data.limit' }],
    ['usedPath', { usedPath: 'data.used' }],
    ['expiryPath', { expiryPath: 'data.expires' }],
  ])('a change of %s drops the key', async (_name, change) => {
    const { invoke, secrets, id } = await setup();
    const options = { path: '/balance', balancePath: 'data.balance', authHeader: 'X-Api-Key', authScheme: 'none' };
    expect(await invoke('accounts:update', { id, options: { ...options, ...change } })).toMatchObject({
      ok: true,
      value: { keyUpdatedAt: null },
    });
    await new Promise((r) => setImmediate(r));
    expect(secrets.entries.has(id)).toBe(false);
  });

  it('a new base-URL path on the same origin drops a custom account key too (it is where the key goes)', async () => {
    const { invoke, relay, id } = await setup();
    expect(await invoke('accounts:update', { id, baseUrl: `${relay.origin}/elsewhere` })).toMatchObject({
      ok: true,
      value: { keyUpdatedAt: null },
    });
  });

  it('keeps the key for changes that do not touch the request: label, interval, unit, divisor, header case', async () => {
    const { invoke, secrets, key, relay, id } = await setup();
    const options = { path: '/balance', balancePath: 'data.balance', authHeader: 'x-api-key', authScheme: 'none' };
    for (const payload of [
      { id, label: 'renamed', pollIntervalSeconds: 900 },
      { id, options: { ...options, unit: 'USD', divisor: 100 } },
      { id, baseUrl: `${relay.origin}/` },
    ]) {
      expect(await invoke('accounts:update', payload)).toMatchObject({
        ok: true,
        value: { keyUpdatedAt: expect.any(String) },
      });
    }
    expect(secrets.entries.get(id)).toBe(key);
  });
});

describe.skipIf(!keyringAvailable)(
  `the real CLI against a redirecting relay (${keyringAvailable ? 'keychain' : SKIP_REASON})`,
  () => {
    it('poll sends an X-Token key to the relay only, never to the origin it redirects to', async () => {
      const key = newKey();
      const { thief, relay } = await relayAndThief();
      const env = { BURNRATE_HOME: tempDir(), BURNRATE_KEYCHAIN_SERVICE: testService() };
      const add = await runCli(
        [
          'accounts',
          'add',
          '--provider',
          'custom',
          '--label',
          'relay',
          '--base-url',
          relay.origin,
          '--set',
          'path=/v1/credits',
          '--set',
          'balancePath=data.balance',
          '--set',
          'authHeader=X-Token',
          '--set',
          'authScheme=none',
          '--key-stdin',
          // The poll is what is tested (the add's key check meets the same redirect and refuses).
          '--no-check',
          '--json',
        ],
        { env, stdin: key },
      );
      expect(add.code, add.stderr).toBe(0);
      const id = (JSON.parse(add.stdout) as { id: string }).id;
      const poll = await runCli(['poll', '--json'], { env });
      expect(poll.stdout).toMatch(/the key was not sent there/);
      expect(sawKey(relay.seen, key)).toBe(true);
      expect(thief.seen.length).toBeGreaterThan(0);
      expect(sawKey(thief.seen, key)).toBe(false);
      expect(poll.stdout + poll.stderr).not.toContain(key);
      await runCli(['accounts', 'remove', id], { env });
    });
  },
);
