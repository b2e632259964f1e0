import { afterEach, describe, expect, it } from 'vitest';
import { databaseForTests } from '../../src/core/core.ts';
import type { CoreOptions } from '../../src/core/core.ts';
import { testApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Plain http carries the key in the clear, so it may only go to this machine. A name under
 * `.localhost` goes through the ordinary resolver (a hosts entry or a DNS server can point
 * it anywhere), and even `localhost` can be made to resolve elsewhere: the key must never be
 * sent over plain http to an address that is not loopback. Here the "network" is a fetch that
 * records every request, and the resolver says what a hostile hosts file would.
 */

const KEY = 'tok_plain_http_0123456789abcdef';
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function world(options: Partial<CoreOptions> = {}) {
  const sent: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetch = (async (input: string, init: RequestInit) => {
    sent.push({ url: input, headers: (init.headers ?? {}) as Record<string, string> });
    return new Response('{"data":{"balance":5}}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  const secrets = new MemorySecrets();
  const { core, invoke } = testApi({ coreOptions: { secrets, fetch, ...options } });
  return { core, invoke, sent, secrets };
}

const customOptions = { path: '/v1/balance', balancePath: 'data.balance', authHeader: 'X-Token', authScheme: 'none' };

describe('plain http only to this machine', () => {
  it('refuses an account on http://*.localhost, naming why (CLI and window)', async () => {
    const add = await runCli(
      [
        'accounts',
        'add',
        '--provider',
        'custom',
        '--label',
        'evil',
        '--base-url',
        'http://evil.localhost:8787',
        '--set',
        'path=/v1/balance',
        '--set',
        'balancePath=data.balance',
      ],
      { env: { BURNRATE_HOME: tempDir() } },
    );
    expect(add.code).toBe(1);
    expect(add.stderr.trim().split('\n')).toHaveLength(1);
    expect(add.stderr).toMatch(/plain http is only allowed to this machine.*\.localhost is resolved like any other/);

    const { invoke } = world();
    expect(
      await invoke('accounts:add', {
        provider: 'custom',
        label: 'evil',
        baseUrl: 'http://evil.localhost:8787',
        options: customOptions,
        key: KEY,
      }),
    ).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/\.localhost/) } });
  });

  it('an http://*.localhost account from an older database is never sent its key', async () => {
    const { core, invoke, sent, secrets } = world();
    const added = await invoke('accounts:add', {
      provider: 'custom',
      label: 'old',
      baseUrl: 'http://127.0.0.1:8787',
      options: customOptions,
      key: KEY,
    });
    const id = (added as { value: { id: string } }).value.id;
    // As an older Burnrate stored it: the base URL was accepted then.
    databaseForTests(core)
      .prepare('UPDATE accounts SET base_url = ? WHERE id = ?')
      .run('http://evil.localhost:8787', id);
    expect(secrets.entries.get(id)).toBe(KEY);
    const tested = await invoke('accounts:test', { id });
    expect(tested).toMatchObject({
      ok: true,
      value: {
        state: 'bad_response',
        message: expect.stringMatching(/does not send requests to http:\/\/evil\.localhost/),
      },
    });
    expect(sent).toEqual([]);
  });

  it('localhost resolved off this machine: nothing is sent, and the reason is stored', async () => {
    const { invoke, sent } = world({ lookup: async () => ['198.51.100.7'] });
    const added = await invoke('accounts:add', {
      provider: 'custom',
      label: 'gateway',
      baseUrl: 'http://localhost:8787',
      options: customOptions,
      key: KEY,
    });
    const id = (added as { value: { id: string } }).value.id;
    const tested = await invoke('accounts:test', { id });
    expect(tested).toMatchObject({
      ok: true,
      value: { state: 'bad_response', message: expect.stringMatching(/localhost resolves to 198\.51\.100\.7/) },
    });
    expect(sent).toEqual([]);
  });

  it('localhost resolved to this machine: the key goes to the loopback address that was checked', async () => {
    const { invoke, sent } = world({ lookup: async () => ['127.0.0.1'] });
    const added = await invoke('accounts:add', {
      provider: 'custom',
      label: 'gateway',
      baseUrl: 'http://localhost:8787',
      options: customOptions,
      key: KEY,
    });
    const id = (added as { value: { id: string } }).value.id;
    expect(await invoke('accounts:test', { id })).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect(sent.map((r) => r.url)).toEqual(['http://127.0.0.1:8787/v1/balance']);
    expect(sent[0]!.headers['x-token']).toBe(KEY);
  });
});
