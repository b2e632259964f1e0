import { describe, expect, it } from 'vitest';
import { testApi } from '../helpers/api.ts';
import { INVOKE_CHANNELS } from '../../src/shared/channels.ts';
import { invokeChannels } from '../../src/shared/ipc.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import type { ActiveAlert } from '../../src/shared/alerts.ts';

function setup() {
  return testApi({ version: '0.0.0-test' });
}
const names = (events: Array<{ event: string }>) => events.map((e) => e.event);

describe('the API dispatcher behind IPC', () => {
  it('has a schema for every channel name the preload allows', () => {
    expect(Object.keys(invokeChannels).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('answers in an envelope and announces changes', async () => {
    const { invoke, events } = setup();
    const added = await invoke('accounts:add', { provider: 'cheapai', label: 'main', key: 'sk_abc' });
    expect(added).toMatchObject({ ok: true, value: { provider: 'cheapai', label: 'main' } });
    expect(JSON.stringify(added)).not.toContain('sk_abc');
    expect(names(events)).toEqual(['accounts:changed']);
    const listed = await invoke('accounts:list', undefined);
    expect(listed.ok && (listed.value as unknown[]).length).toBe(1);
    expect(await invoke('app:info', undefined)).toMatchObject({
      ok: true,
      value: { version: '0.0.0-test', demo: false },
    });
  });

  it.each([
    ['unknown channel', 'accounts:drop', {}],
    ['not a string channel', 42, {}],
    ['wrong type', 'accounts:add', { provider: 'cheapai', label: 7, key: 'k' }],
    ['missing field', 'accounts:add', { label: 'x' }],
    ['extra field', 'accounts:add', { provider: 'cheapai', label: 'x', key: 'k', admin: true }],
    [
      '__proto__ key',
      'accounts:add',
      JSON.parse('{"provider":"cheapai","label":"x","key":"k","__proto__":{"polluted":true}}') as unknown,
    ],
    [
      '__proto__ option',
      'accounts:add',
      { provider: 'cheapai', label: 'x', key: 'k', options: JSON.parse('{"__proto__":"x"}') as unknown },
    ],
    ['oversized label', 'accounts:add', { provider: 'cheapai', label: 'x'.repeat(10_000), key: 'k' }],
    ['oversized key', 'accounts:add', { provider: 'cheapai', label: 'x', key: 'k'.repeat(100_000) }],
    ['payload on a no-argument channel', 'accounts:list', { all: true }],
    ['bad id', 'accounts:remove', { id: '../../etc/passwd' }],
    ['array payload', 'accounts:add', ['cheapai', 'x']],
    ['null payload', 'accounts:add', null],
  ])('rejects %s with a validation error and changes nothing', async (_name, channel, payload) => {
    const { invoke, core, events } = setup();
    const result = await invoke(channel, payload);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('validation');
    expect(core.accounts.list()).toEqual([]);
    expect(names(events)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('adds, lists and removes alert channels without ever answering with their URL or secret', async () => {
    const { invoke, core } = setup();
    const url = 'https://hooks.slack.com/services/T000/B000/SLACKSECRETTOKEN01';
    const added = await invoke('channels:add', { kind: 'slack', url, minSeverity: 'critical' });
    expect(added).toMatchObject({
      ok: true,
      value: { kind: 'slack', target: 'https://hooks.slack.com/…', minSeverity: 'critical' },
    });
    const listed = await invoke('channels:list', undefined);
    expect(listed.ok && (listed.value as unknown[]).length).toBe(1);
    const bad = await invoke('channels:add', {
      kind: 'telegram',
      url: 'https://api.telegram.org/bot1:SECRETBOTTOKEN/x',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    for (const reply of [added, listed, bad]) {
      expect(JSON.stringify(reply)).not.toContain('SLACKSECRETTOKEN01');
      expect(JSON.stringify(reply)).not.toContain('SECRETBOTTOKEN');
    }
    const id = added.ok ? (added.value as { id: string }).id : '';
    expect(await invoke('channels:remove', { id })).toEqual({ ok: true, value: { removed: true } });
    expect(core.channels.list()).toEqual([]);
    expect(await invoke('channels:test', { id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('reports engine errors by code without echoing the payload', async () => {
    const { invoke } = setup();
    const result = await invoke('accounts:add', {
      provider: 'cheapai',
      label: 'x',
      key: 'sk_dont_echo',
      baseUrl: 'http://example.com',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(JSON.stringify(result)).not.toContain('sk_dont_echo');
  });

  it('snoozes, dismisses and mutes alerts over IPC, and tells the window each time', async () => {
    const { invoke, core, events } = setup();
    const added = await invoke('accounts:add', { provider: 'cheapai', label: 'main', key: 'sk_abc' });
    const accountId = (added.ok && (added.value as { id: string }).id) as string;
    core.recordReading(
      core.accounts.require(accountId),
      outcome({ state: 'insufficient_balance', httpStatus: 402 }),
      core.now(),
    );
    events.length = 0;
    const active = async () => {
      const r = await invoke('alerts:active', { accountId });
      return r.ok ? (r.value as { alerts: ActiveAlert[] }).alerts : [];
    };
    const [zero] = await active();
    expect(zero).toMatchObject({ kind: 'zero_balance', quiet: null });
    expect(zero!.id).toBeGreaterThan(0);

    const snoozed = await invoke('alerts:snooze', { accountId, kind: 'zero_balance', for: 'episode' });
    expect(snoozed).toMatchObject({ ok: true, value: { for: 'episode', until: null, alerts: 1 } });
    expect((await active())[0]!.quiet).toEqual({ reason: 'snoozed', until: null });
    expect(await invoke('alerts:unsnooze', { accountId })).toEqual({ ok: true, value: { unsnoozed: true } });
    expect((await active())[0]!.quiet).toBeNull();

    expect(await invoke('alerts:dismiss', { id: zero!.id })).toMatchObject({
      ok: true,
      value: { id: zero!.id, episodeActive: true },
    });
    expect(await invoke('alerts:mute', { accountId, kind: 'stale', muted: true })).toMatchObject({
      ok: true,
      value: { mutedKinds: ['stale'] },
    });
    const set = await invoke('alerts:setAccountSettings', {
      accountId,
      patch: { lowBalanceAmount: '5' },
      inherit: ['mutedKinds'],
    });
    expect(set).toMatchObject({
      ok: true,
      value: { accountId, overrides: { lowBalanceAmount: '5' }, effective: { mutedKinds: [] } },
    });
    expect(await invoke('alerts:setAccountSettings', { accountId, patch: { lowBalanceAmount: 'lots' } })).toMatchObject(
      { ok: false, error: { code: 'validation' } },
    );
    expect(names(events)).toEqual(Array(5).fill('alerts:changed'));
    expect(await invoke('alerts:dismiss', { id: 424242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
