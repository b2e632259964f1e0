import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { testApi } from '../helpers/api.ts';
import { createPoller } from '../../src/core/poller/index.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { INVOKE_CHANNELS } from '../../src/shared/channels.ts';
import type { InvokeChannel } from '../../src/shared/channels.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { filesUnder, tempDir } from '../helpers/tmp.ts';

/**
 * The renderer is untrusted, so every IPC channel is fed payloads a compromised page could
 * send (Electron's structured clone carries NaN, Infinity, Dates, Maps, typed arrays, sparse
 * and huge arrays, and own `__proto__` keys): wrong types, oversized strings, prototype keys,
 * deep nesting, huge arrays, NaN/Infinity, negative and malformed ids, unknown fields. Each
 * must be refused with a validation error before anything runs: no table, keychain entry,
 * file, event, dialog or browser window changes, and the dispatcher keeps answering.
 */

const T0 = Date.parse('2026-03-01T00:00:00Z');

async function seeded() {
  const home = tempDir();
  const secrets = new MemorySecrets();
  const core = openCore({ home, secrets, now: () => T0 + 40 * 3_600_000 });
  const a = await core.accounts.add({
    provider: 'cheapai',
    label: 'main',
    baseUrl: 'http://127.0.0.1:1',
    key: 'sk-fuzz-seeded-key-0123456789',
  });
  const b = await core.accounts.add({ provider: 'gptimage2', label: 'images' });
  const stored = core.accounts.require(a.id);
  for (let i = 0; i < 30; i++) {
    core.recordReading(
      stored,
      outcome(
        i % 5 === 4
          ? { state: 'rate_limited', httpStatus: 429, retryAfterSeconds: 30 }
          : { state: 'ok', httpStatus: 200, balance: { micros: (900 - i) * 1_000_000, unit: 'credits' } },
      ),
      T0 + i * 3_600_000,
    );
  }
  const sideEffects: string[] = [];
  const poller = createPoller(core, { reloadIntervalMs: null });
  const { invoke, events } = testApi({
    core,
    poller,
    dialogs: {
      chooseExportPath: async () => (sideEffects.push('export dialog'), path.join(home, 'x.csv')),
      chooseImportPath: async () => (sideEffects.push('import dialog'), null),
    },
    openExternal: (url) => void sideEffects.push(`opened ${url}`),
    setLaunchAtLogin: (on) => void sideEffects.push(`login item ${on}`),
  });
  return { home, core, secrets, invoke, events, sideEffects, ids: { a: a.id, b: b.id } };
}

/** Every row of every table, every keychain entry and every file: what "nothing changed" means. */
function snapshot(core: Core, secrets: MemorySecrets, home: string) {
  const tables = databaseForTests(core)
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return {
    tables: Object.fromEntries(tables.map((t) => [t, databaseForTests(core).prepare(`SELECT * FROM "${t}"`).all()])),
    keychain: [...secrets.entries.entries()].sort(),
    files: filesUnder(home)
      .filter((f) => !/burnrate\.db(-wal|-shm)?$/.test(f))
      .sort(),
  };
}

/** A valid payload for each channel, the starting point of the field-by-field mutations. */
function validPayloads(ids: { a: string; b: string }): Record<InvokeChannel, unknown> {
  return {
    'app:info': undefined,
    'providers:list': undefined,
    'accounts:list': undefined,
    'accounts:add': {
      provider: 'cheapai',
      label: 'new',
      baseUrl: 'https://api.example.com',
      options: { dailyCap: 100 },
      key: 'sk-valid',
      pollIntervalSeconds: 300,
    },
    'accounts:update': {
      id: ids.a,
      label: 'renamed',
      baseUrl: 'https://api.example.com',
      options: {},
      pollIntervalSeconds: 600,
      enabled: false,
    },
    'accounts:remove': { id: ids.a, purge: true },
    'accounts:setKey': { id: ids.a, key: 'sk-new' },
    'accounts:test': { id: ids.a },
    'accounts:recordBalance': { id: ids.b, amount: '12' },
    'status:get': undefined,
    'overview:get': undefined,
    'account:detail': { id: ids.a },
    'series:balance': { accountId: ids.a, from: T0, to: T0 + 86_400_000, maxPoints: 100 },
    'series:dailySpend': { accountId: ids.a, from: T0, to: T0 + 86_400_000 },
    'series:states': { accountId: ids.a, from: T0, to: T0 + 86_400_000 },
    'history:range': { accountIds: [ids.a], states: ['ok'], from: T0, to: T0 + 86_400_000, limit: 10, offset: 0 },
    'export:run': { format: 'csv', accountIds: [ids.a], from: T0, to: T0 + 86_400_000 },
    'import:run': undefined,
    'packs:list': { accountId: ids.a },
    'packs:add': {
      accountId: ids.a,
      credits: '1000',
      price: '10',
      currency: 'USD',
      purchasedAt: '2026-03-01',
      validity: '90d',
      note: 'n',
    },
    'packs:remove': { id: 'pack_abcdef12' },
    'alerts:list': { accountId: ids.a, limit: 10 },
    'alerts:active': { accountId: ids.a },
    'alerts:snooze': { accountId: ids.a, kind: 'low_balance', for: '1h' },
    'alerts:unsnooze': { accountId: ids.a, kind: 'low_balance' },
    'alerts:dismiss': { id: 1 },
    'alerts:mute': { accountId: ids.a, kind: 'stale', muted: true },
    'alerts:accountSettings': { accountId: ids.a },
    'alerts:setAccountSettings': {
      accountId: ids.a,
      patch: { lowBalanceAmount: '5', mutedKinds: ['stale'] },
      inherit: ['staleHours'],
    },
    'settings:get': undefined,
    'settings:set': {
      displayCurrency: 'USD',
      cnyPerUsd: '7.2',
      defaultPollIntervalSeconds: 300,
      launchAtLogin: true,
      retentionDays: 365,
      alerts: { staleHours: 6 },
    },
    'poller:refresh': { accountId: ids.a },
    'poller:status': undefined,
    'demo:start': undefined,
    'demo:stop': undefined,
    'app:openDocs': { provider: 'openrouter' },
    'app:openBilling': { provider: 'openrouter' },
    'pricing:buys': { id: ids.a },
    'pricing:estimate': { accountId: ids.b, model: 'veo3', params: { n: '1' }, count: 2 },
    'prices:set': {
      accountId: ids.b,
      forProvider: false,
      model: 'gpt-image-2',
      params: { resolution: '2K' },
      rule: { kind: 'flat', cost: '3' },
      unit: 'credits',
      note: 'n',
    },
    'prices:remove': { id: 1 },
    'packs:catalog': { accountId: ids.a },
    'channels:list': undefined,
    'channels:add': { kind: 'webhook', url: 'https://hooks.example.com/h', secret: 'whsec_x', minSeverity: 'warning' },
    'channels:remove': { id: 'chn_aaaaaaaaaaaa' },
    'channels:test': { id: 'chn_aaaaaaaaaaaa' },
    'jobs:cancel': { id: 'job_0123456789ab' },
    'app:openLogFolder': undefined,
  };
}

const HUGE = 'x'.repeat(1_000_000);

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** Whole payloads that no channel accepts (for channels without a payload, anything at all). */
function wholePayloads(channelTakesObject: boolean): Array<[string, unknown]> {
  const list: Array<[string, unknown]> = [
    ['null', null],
    ['zero', 0],
    ['-1', -1],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['true', true],
    ['a 1 MB string', HUGE],
    ['an empty array', []],
    ['a 200,000-element array', new Array(200_000).fill(0)],
    ['a sparse array of length 2^32-1', Object.assign([], { length: 2 ** 32 - 1 })],
    ['a Date', new Date(T0)],
    ['a Map', new Map([['id', 'acc_aaaaaaaa']])],
    ['a Uint8Array', new Uint8Array(16)],
    ['own __proto__ key', JSON.parse('{"__proto__":{"polluted":true}}')],
    ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
    ['prototype key', { prototype: { polluted: true } }],
    ['nested 10,000 deep', deep(10_000)],
    ['20,000 keys', Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))],
  ];
  if (!channelTakesObject) list.push(['an empty object', {}], ['an object', { id: 'acc_aaaaaaaa' }]);
  return list;
}

/** Field by field: each mutation of a valid payload that must be refused. */
function fieldMutations(valid: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [
    ['an unknown field', { ...valid, extra: 1 }],
    ['an own __proto__ field', { ...valid, ...JSON.parse('{"__proto__":{"isAdmin":true}}') }],
    ['a constructor field', { ...valid, constructor: { prototype: { isAdmin: true } } }],
    ['nested 20 deep', { ...valid, extra: deep(20) }],
  ];
  for (const [field, value] of Object.entries(valid)) {
    const variants: Array<[string, unknown]> = [
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['a Date', new Date(T0)],
    ];
    if (typeof value !== 'object' || value === null) variants.push(['{}', {}], ['[]', []]);
    if (typeof value === 'string')
      variants.push(['a number', 12345], ['-1', -1], ['a 1 MB string', HUGE], ['true', true]);
    if (typeof value === 'number')
      variants.push(['a string', '10'], ['-1', -1], ['1e308', 1e308], ['0.5', 0.5], ['-Infinity', -Infinity]);
    if (typeof value === 'boolean') variants.push(['a string', 'true'], ['1', 1]);
    if (Array.isArray(value)) {
      variants.push(
        ['501 entries', new Array(501).fill(value[0])],
        ['a string', String(value[0])],
        ['[NaN]', [NaN]],
        ['[-1]', [-1]],
        ['{}', {}],
      );
      variants.push(
        ['a sparse array of length 2^32-1', Object.assign([], { length: 2 ** 32 - 1 })],
        ['a typed array', new Uint8Array(4)],
      );
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      variants.push(
        ['a string', 'x'],
        ['[]', []],
        ['a Map', new Map()],
        ['__proto__ inside', JSON.parse('{"__proto__":{"polluted":true}}')],
        ['41 entries', Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`o${i}`, 1]))],
      );
    }
    // Ids that look like ids but are not: negative, traversal, another kind, SQL.
    if (/id$/i.test(field))
      variants.push(
        ['"acc_-1"', 'acc_-1'],
        ['"pack_-1"', 'pack_-1'],
        ['"../../etc"', '../../etc'],
        ['"1 OR 1=1"', "acc_a' OR '1'='1"],
        ['an empty id', ''],
      );
    for (const [what, bad] of variants) {
      // null is a real value for nullable fields (baseUrl, note, retentionDays), so it is not among these.
      if (Object.is(bad, value)) continue;
      out.push([`${field}: ${what}`, { ...valid, [field]: bad }]);
    }
  }
  return out;
}

describe('every IPC channel refuses invalid payloads', () => {
  it('with a validation error, changing nothing, for every channel', { timeout: 60_000 }, async () => {
    const { home, core, secrets, invoke, events, sideEffects, ids } = await seeded();
    const valid = validPayloads(ids);
    expect(Object.keys(valid).sort()).toEqual([...INVOKE_CHANNELS].sort());
    const before = snapshot(core, secrets, home);
    const problems: string[] = [];
    let tried = 0;

    for (const channel of INVOKE_CHANNELS) {
      const base = valid[channel];
      const takesObject = base !== undefined;
      const cases = [
        ...wholePayloads(takesObject),
        ...(takesObject ? fieldMutations(base as Record<string, unknown>) : []),
      ];
      for (const [what, payload] of cases) {
        tried++;
        let reply: unknown;
        try {
          reply = await invoke(channel, payload);
        } catch (error) {
          problems.push(`${channel} / ${what}: threw ${String(error)}`);
          continue;
        }
        const r = reply as { ok: boolean; error?: { code: string; message: string } };
        if (
          r.ok ||
          r.error?.code !== 'validation' ||
          typeof r.error.message !== 'string' ||
          r.error.message.length > 500
        ) {
          problems.push(`${channel} / ${what}: ${JSON.stringify(reply).slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(1200);
    // Nothing ran: no row, keychain entry or file changed, nothing was announced or opened.
    expect(snapshot(core, secrets, home)).toEqual(before);
    expect(events).toEqual([]);
    expect(sideEffects).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // And the dispatcher still answers.
    expect(await invoke('accounts:list', undefined)).toMatchObject({ ok: true, value: [{ id: ids.a }, { id: ids.b }] });
    await invoke.close();
    core.close();
  });

  it('refuses unknown and prototype channel names', async () => {
    const { core, invoke } = await seeded();
    for (const channel of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'accounts:LIST',
      'accounts:list ',
      '',
      null,
      42,
      ['accounts:list'],
      { toString: () => 'accounts:list' },
    ]) {
      expect(await invoke(channel, undefined)).toEqual({
        ok: false,
        error: { code: 'validation', message: 'unknown channel' },
      });
    }
    await invoke.close();
    core.close();
  });

  it('a malformed CSV picked for import imports nothing and names the bad line', async () => {
    const { home, core, secrets, invoke, events, ids } = await seeded();
    const file = path.join(home, 'bad.csv');
    fs.writeFileSync(
      file,
      [
        'timestamp,account,balance,unit',
        `2026-03-05T00:00:00Z,${ids.a},800,credits`,
        `2026-03-05T01:00:00Z,${ids.a},799,credits`,
        `2026-03-05T02:00:00Z,${ids.a},NaN,credits`,
        `2026-03-05T03:00:00Z,${ids.a},797,credits`,
      ].join('\n'),
    );
    const before = snapshot(core, secrets, home);
    const dialog = testApi({
      core,
      dialogs: { chooseExportPath: async () => null, chooseImportPath: async () => file },
    });
    const reply = await dialog.invoke('import:run', undefined);
    expect(reply).toMatchObject({
      ok: true,
      value: {
        status: 'rejected',
        rejection: { file, problems: [{ where: 'line 4', message: expect.stringMatching(/NaN/) }] },
      },
    });
    expect(snapshot(core, secrets, home)).toEqual(before);
    // Only the import's own progress, ending in failure: nothing told the window data changed.
    expect(events).toEqual([]);
    expect(dialog.events.filter((x) => x.event !== 'jobs:progress')).toEqual([]);
    expect(dialog.events.at(-1)).toMatchObject({
      event: 'jobs:progress',
      payload: { kind: 'import', state: 'failed' },
    });
    await dialog.close();
    await invoke.close();
    core.close();
  });
});
