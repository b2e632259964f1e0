import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { recordManualBalance, resolveAccount } from '../../src/core/manual.ts';
import { checkTask, ledgerKey } from '../../src/core/task-reconcile.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeTask } from '../../src/core/providers/fake/gptimage2.ts';
import { UserError } from '../../src/core/errors.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { FakeClock } from '../helpers/clock.ts';

const KEY = 'sk_live_reconcile_0123456789';
let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

/** Each test starts at 10:00 UTC on the same day. */
const T0 = Date.parse('2026-11-21T10:00:00Z');
const clock = new FakeClock(T0);
const open: Core[] = [];
beforeEach(() => {
  clock.now = T0;
});
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function tasks(t: Record<string, FakeTask>) {
  fake.setAccount('gptimage2', { key: KEY, balance: '0', scenario: 'ok', fields: { tasks: t } });
}

async function setup(home = tempDir(), secrets = new MemorySecrets()) {
  const core = openCore({ home, secrets, now: () => clock.now });
  open.push(core);
  const added = await core.accounts.add({
    provider: 'gptimage2',
    label: 'images',
    baseUrl: fake.baseUrl('gptimage2'),
    key: KEY,
  });
  return { core, home, secrets, account: core.accounts.require(added.id) };
}

const balances = (core: Core, pk: number) =>
  core.repos.readings.range(pk, 0, Number.MAX_SAFE_INTEGER).map((r) => [r.balance! / 1e6, r.message]);
const tick = (ms = 60_000) => (clock.now += ms);

describe('hand-entered balances', () => {
  it('are ordinary readings in the provider unit, found by id or label', async () => {
    const { core, account } = await setup();
    expect(resolveAccount(core, 'images').id).toBe(account.id);
    expect(resolveAccount(core, account.id).pk).toBe(account.pk);
    const record = recordManualBalance(core, account, '500.5', clock.now);
    expect(record).toMatchObject({
      state: 'ok',
      balance: 500_500_000,
      unit: 'credits',
      message: 'recorded by hand',
      ts: clock.now,
      httpStatus: null,
    });
    expect(core.repos.readings.latestWithBalance(account.pk)).toMatchObject({ balance: 500_500_000 });
  });

  it('are refused for unknown accounts, bad amounts, a taken instant and polled providers', async () => {
    const { core, account } = await setup();
    expect(() => resolveAccount(core, 'nobody')).toThrow(UserError);
    expect(() => recordManualBalance(core, account, 'lots', clock.now)).toThrow(/must be a number/);
    expect(() => recordManualBalance(core, account, '-1', clock.now)).toThrow(/negative/);
    recordManualBalance(core, account, '1', clock.now);
    expect(() => recordManualBalance(core, account, '2', clock.now)).toThrow(/already has a reading/);
    const polled = await core.accounts.add({ provider: 'cheapai', label: 'polled', key: 'sk_x' });
    expect(() => recordManualBalance(core, core.accounts.require(polled.id), '5', clock.now)).toThrow(
      /balance endpoint/,
    );
  });
});

/** An instant `minutes` after the test clock's start, as the provider writes it. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe('task reconciliation', () => {
  it('checking shows the charge without booking it; applying books it once', async () => {
    tasks({ tsk_a: { status: 1, creditsUsed: 12, creditsRefunded: false, createdAt: at(0.5) } });
    const { core, account } = await setup();
    recordManualBalance(core, account, '500', clock.now);
    tick();
    const looked = await checkTask(core, account, 'tsk_a', { apply: false });
    expect(looked).toMatchObject({
      status: 'completed',
      creditsUsed: '12',
      creditsRefunded: '0',
      netCharge: '12',
      alreadyApplied: null,
      delta: '12',
      applied: false,
      balance: null,
      createdAt: at(0.5),
      updatedAt: at(0.5),
      handBalance: { amount: '500', unit: 'credits', at: at(0) },
      debit: { amount: '12', at: at(0.5), booking: 'to_deduct' },
      refund: null,
    });
    expect(core.repos.readings.count(account.pk)).toBe(1);

    const applied = await checkTask(core, account, 'tsk_a', { apply: true });
    expect(applied).toMatchObject({
      applied: true,
      delta: '12',
      balance: { amount: '488', unit: 'credits' },
      at: new Date(clock.now).toISOString(),
      debit: { booking: 'deducted' },
    });
    tick();
    const again = await checkTask(core, account, 'tsk_a', { apply: true });
    expect(again).toMatchObject({
      applied: false,
      alreadyApplied: '12',
      delta: '0',
      balance: null,
      debit: { booking: 'deducted' },
    });
    expect(balances(core, account.pk)).toEqual([
      [500, 'recorded by hand'],
      [488, 'task tsk_a (completed): charged 12 credits'],
    ]);
  });

  it('a task submitted before the hand-recorded balance is already in it: nothing is deducted, ever', async () => {
    tasks({ tsk_old: { status: 1, creditsUsed: 12, creditsRefunded: false, createdAt: at(-30) } });
    const { core, account } = await setup();
    recordManualBalance(core, account, '500', clock.now);
    tick();
    expect(await checkTask(core, account, 'tsk_old', { apply: false })).toMatchObject({
      netCharge: '12',
      delta: '0',
      applied: false,
      debit: { amount: '12', at: at(-30), booking: 'in_balance' },
    });
    const applied = await checkTask(core, account, 'tsk_old', { apply: true });
    expect(applied).toMatchObject({ applied: true, delta: '0', balance: null, debit: { booking: 'in_balance' } });
    tick();
    expect(await checkTask(core, account, 'tsk_old', { apply: true })).toMatchObject({
      applied: false,
      alreadyApplied: '0',
      delta: '0',
    });
    expect(balances(core, account.pk)).toEqual([[500, 'recorded by hand']]);
  });

  it('a refund made after the hand-recorded balance is credited once, even for a task submitted before it', async () => {
    // Submitted (and debited) before the balance was read; it fails, and is refunded later.
    tasks({ tsk_late: { status: 2, creditsUsed: 12, creditsRefunded: false, createdAt: at(-30), updatedAt: at(-29) } });
    const { core, account } = await setup();
    recordManualBalance(core, account, '488', clock.now);
    tick();
    expect(await checkTask(core, account, 'tsk_late', { apply: true })).toMatchObject({
      status: 'failed',
      netCharge: '12',
      applied: true,
      delta: '0',
      balance: null,
      debit: { booking: 'in_balance' },
      refund: null,
    });

    tasks({ tsk_late: { status: 2, creditsUsed: 12, creditsRefunded: true, createdAt: at(-30), updatedAt: at(20) } });
    tick();
    expect(await checkTask(core, account, 'tsk_late', { apply: false })).toMatchObject({
      netCharge: '0',
      alreadyApplied: '0',
      delta: '-12',
      applied: false,
      refund: { amount: '12', at: at(20), booking: 'to_credit' },
    });
    expect(await checkTask(core, account, 'tsk_late', { apply: true })).toMatchObject({
      applied: true,
      delta: '-12',
      balance: { amount: '500' },
      refund: { booking: 'credited' },
    });
    tick();
    expect(await checkTask(core, account, 'tsk_late', { apply: true })).toMatchObject({
      applied: false,
      alreadyApplied: '-12',
      delta: '0',
      refund: { booking: 'credited' },
    });
    expect(balances(core, account.pk)).toEqual([
      [488, 'recorded by hand'],
      [500, 'task tsk_late (failed): refunded 12 credits'],
    ]);
  });

  it('first seen already refunded: credited when the refund came after the balance, not when before', async () => {
    tasks({
      tsk_r_after: { status: 2, creditsUsed: 8, creditsRefunded: true, createdAt: at(-30), updatedAt: at(5) },
      tsk_r_before: { status: 2, creditsUsed: 6, creditsRefunded: true, createdAt: at(-30), updatedAt: at(-20) },
    });
    const { core, account } = await setup();
    recordManualBalance(core, account, '100', clock.now);
    tick(10 * 60_000);
    expect(await checkTask(core, account, 'tsk_r_before', { apply: true })).toMatchObject({
      applied: true,
      delta: '0',
      balance: null,
      debit: { booking: 'in_balance' },
      refund: { booking: 'in_balance' },
    });
    expect(await checkTask(core, account, 'tsk_r_after', { apply: true })).toMatchObject({
      applied: true,
      delta: '-8',
      balance: { amount: '108' },
      debit: { booking: 'in_balance' },
      refund: { booking: 'credited' },
    });
    tick();
    for (const id of ['tsk_r_before', 'tsk_r_after'])
      expect(await checkTask(core, account, id, { apply: true })).toMatchObject({ applied: false, delta: '0' });
    expect(core.repos.readings.latestWithBalance(account.pk)).toMatchObject({ balance: 108_000_000 });
  });

  it('a refund that arrives after the task was applied is credited exactly once', async () => {
    tasks({ tsk_v: { status: 0, creditsUsed: 63, creditsRefunded: false, type: 'video', createdAt: at(0.5) } });
    const { core, account } = await setup();
    recordManualBalance(core, account, '200', clock.now);
    tick();
    expect(await checkTask(core, account, 'tsk_v', { apply: true })).toMatchObject({
      status: 'pending',
      balance: { amount: '137' },
    });
    // The job fails upstream; the provider refunds it automatically.
    tasks({
      tsk_v: { status: 2, creditsUsed: 63, creditsRefunded: true, type: 'video', createdAt: at(0.5), updatedAt: at(3) },
    });
    tick(3 * 60_000);
    expect(await checkTask(core, account, 'tsk_v', { apply: false })).toMatchObject({
      status: 'failed',
      netCharge: '0',
      alreadyApplied: '63',
      delta: '-63',
      applied: false,
      debit: { booking: 'deducted' },
      refund: { booking: 'to_credit' },
    });
    expect(await checkTask(core, account, 'tsk_v', { apply: true })).toMatchObject({
      applied: true,
      delta: '-63',
      balance: { amount: '200' },
    });
    tick();
    expect(await checkTask(core, account, 'tsk_v', { apply: true })).toMatchObject({ applied: false, delta: '0' });
    expect(balances(core, account.pk)).toEqual([
      [200, 'recorded by hand'],
      [137, 'task tsk_v (pending): charged 63 credits'],
      [200, 'task tsk_v (failed): refunded 63 credits'],
    ]);
  });

  it('a task submitted and refunded after the balance books nothing but is remembered', async () => {
    tasks({ tsk_f: { status: 2, creditsUsed: 20, creditsRefunded: true, createdAt: at(0.2), updatedAt: at(0.5) } });
    const { core, account } = await setup();
    recordManualBalance(core, account, '50', clock.now);
    tick();
    expect(await checkTask(core, account, 'tsk_f', { apply: true })).toMatchObject({
      applied: true,
      delta: '0',
      balance: null,
      debit: { booking: 'deducted' },
      refund: { booking: 'credited' },
    });
    expect(await checkTask(core, account, 'tsk_f', { apply: true })).toMatchObject({
      applied: false,
      alreadyApplied: '0',
    });
    expect(core.repos.readings.count(account.pk)).toBe(1);
  });

  it('a newer hand-recorded balance takes in the tasks booked before it', async () => {
    tasks({
      tsk_1: { status: 1, creditsUsed: 10, creditsRefunded: false, createdAt: at(0.5) },
      tsk_2: { status: 1, creditsUsed: 3, creditsRefunded: false, createdAt: at(2.5) },
    });
    const { core, account } = await setup();
    recordManualBalance(core, account, '100', clock.now);
    tick();
    await checkTask(core, account, 'tsk_1', { apply: true });
    tick();
    recordManualBalance(core, account, '1000', clock.now); // topped up; the person re-reads the dashboard
    tick();
    expect(await checkTask(core, account, 'tsk_1', { apply: true })).toMatchObject({
      applied: false,
      alreadyApplied: '0',
      delta: '0',
      debit: { booking: 'in_balance' },
    });
    expect(await checkTask(core, account, 'tsk_2', { apply: true })).toMatchObject({
      applied: true,
      balance: { amount: '997' },
    });
  });

  it('a hand-recorded balance dated before a booked task counts that task against it', async () => {
    tasks({
      tsk_a: { status: 1, creditsUsed: 10, creditsRefunded: false, createdAt: at(10) },
      tsk_b: { status: 1, creditsUsed: 3, creditsRefunded: false, createdAt: at(20) },
    });
    const { core, account } = await setup();
    recordManualBalance(core, account, '100', clock.now);
    tick(15 * 60_000);
    expect(await checkTask(core, account, 'tsk_a', { apply: true })).toMatchObject({ balance: { amount: '90' } });
    // The person finds out the balance at 10:05 was 95 (before tsk_a was submitted).
    recordManualBalance(core, account, '95', T0 + 5 * 60_000);
    tick(10 * 60_000);
    expect(await checkTask(core, account, 'tsk_b', { apply: true })).toMatchObject({
      handBalance: { amount: '95', at: at(5) },
      balance: { amount: '82' }, // 95 − 10 (tsk_a, after it) − 3
    });
  });

  it('tasks remembered before task times were kept are not booked twice', async () => {
    tasks({ tsk_legacy: { status: 1, creditsUsed: 4, creditsRefunded: false, createdAt: at(0.5) } });
    const { core, account } = await setup();
    recordManualBalance(core, account, '40', clock.now);
    tick();
    core.recordReading(account, outcome({ state: 'ok', balance: { micros: 36_000_000, unit: 'credits' } }), clock.now);
    core.repos.settings.set(ledgerKey(account.id), {
      applied: { tsk_legacy: { net: '4', status: 1, at: new Date(clock.now).toISOString() } },
    });
    tick();
    expect(await checkTask(core, account, 'tsk_legacy', { apply: true })).toMatchObject({
      applied: false,
      alreadyApplied: '4',
      delta: '0',
    });
  });

  it('remembers applied tasks and their times in the settings table, across restarts', async () => {
    tasks({ tsk_r: { status: 1, creditsUsed: 4, creditsRefunded: false, createdAt: at(0.5), updatedAt: at(0.75) } });
    const first = await setup();
    recordManualBalance(first.core, first.account, '40', clock.now);
    tick();
    await checkTask(first.core, first.account, 'tsk_r', { apply: true });
    const row = databaseForTests(first.core)
      .prepare('SELECT value FROM settings WHERE key = ?')
      .get(ledgerKey(first.account.id)) as {
      value: string;
    };
    expect(JSON.parse(row.value)).toEqual({
      applied: {
        tsk_r: {
          net: '4',
          status: 1,
          at: new Date(clock.now).toISOString(),
          used: '4',
          refunded: '0',
          createdAt: at(0.5),
          updatedAt: at(0.75),
        },
      },
    });
    first.core.close();
    open.length = 0;

    const core = openCore({ home: first.home, secrets: first.secrets, now: () => clock.now });
    open.push(core);
    tick();
    const account = core.accounts.require(first.account.id);
    expect(await checkTask(core, account, 'tsk_r', { apply: true })).toMatchObject({
      applied: false,
      alreadyApplied: '4',
    });
    expect(core.repos.readings.latestWithBalance(account.pk)).toMatchObject({ balance: 36_000_000 });
  });

  it('books after the balance it is based on, even when that was recorded a moment ahead', async () => {
    tasks({
      tsk_t: { status: 1, creditsUsed: 1, creditsRefunded: false, createdAt: new Date(clock.now + 1).toISOString() },
    });
    const { core, account } = await setup();
    recordManualBalance(core, account, '10', clock.now);
    const applied = await checkTask(core, account, 'tsk_t', { apply: true });
    expect(Date.parse(applied.at!)).toBe(clock.now + 1);
  });

  it('a reply without the task times, or with a time without a zone, is not used', async () => {
    const { core, account } = await setup();
    recordManualBalance(core, account, '10', clock.now);
    tasks({ tsk_nozone: { status: 1, creditsUsed: 1, creditsRefunded: false, createdAt: '2026-11-21 10:00:00' } });
    await expect(checkTask(core, account, 'tsk_nozone', { apply: true })).rejects.toThrow(
      /could not look up task tsk_nozone: bad_response: unexpected reply at createdAt: expected an ISO 8601 time with a zone/,
    );
    expect(core.repos.readings.count(account.pk)).toBe(1);
  });

  it('refuses when it cannot do it right', async () => {
    tasks({ tsk_x: { status: 1, creditsUsed: 5, creditsRefunded: false } });
    const { core, account } = await setup();
    await expect(checkTask(core, account, 'tsk_x', { apply: true })).rejects.toThrow(/record images's balance first/);
    expect(await checkTask(core, account, 'tsk_x', { apply: false })).toMatchObject({ applied: false, delta: '5' });
    await expect(checkTask(core, account, 'tsk_missing', { apply: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(checkTask(core, account, '../x', { apply: false })).rejects.toThrow(/not a task id/);

    const keyless = await core.accounts.add({
      provider: 'gptimage2',
      label: 'no key',
      baseUrl: fake.baseUrl('gptimage2'),
    });
    await expect(checkTask(core, core.accounts.require(keyless.id), 'tsk_x', { apply: false })).rejects.toThrow(
      /need no key's API key/,
    );
    const polled = await core.accounts.add({ provider: 'cheapai', label: 'polled', key: 'sk_y' });
    await expect(checkTask(core, core.accounts.require(polled.id), 'tsk_x', { apply: false })).rejects.toMatchObject({
      code: 'unsupported',
    });

    fake.updateAccount('gptimage2', KEY, { scenario: 'server_error' });
    await expect(checkTask(core, account, 'tsk_x', { apply: false })).rejects.toThrow(
      /could not look up task tsk_x: server_error/,
    );
  });
});
