import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import { testApi } from '../helpers/api.ts';
import { pollAccount } from '../../src/core/poll-account.ts';
import { EVENT_TOPUP } from '../../src/core/store/rollup-accumulator.ts';
import { runCli } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { hostileServer, json } from '../security/support/hostile-server.ts';
import type { HostileServer } from '../security/support/hostile-server.ts';
import { FakeClock } from '../helpers/clock.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Two processes polling one account at once (the app and `watch`, two `poll`s) used to store
 * the answers in the order they arrived, and a provider that answers the earlier request last
 * turned a spend into a "top-up detected" alert. The relay here holds the first request it
 * gets until a second one arrives (or 4 s pass), answers the second at once with the lower
 * balance, then the first with the higher one: exactly that race.
 */

const homes: string[] = [];
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  while (homes.length) fs.rmSync(homes.pop()!, { recursive: true, force: true });
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-lease-'));
  homes.push(dir);
  return dir;
}

/** Answers balance 101 to a first, lone request (the baseline); then races as described. */
async function racingRelay(): Promise<HostileServer & { balanceRequests: () => number }> {
  let calls = 0;
  let holding: (() => void) | null = null;
  const server = await hostileServer((_req, res) => {
    calls++;
    if (calls === 1) return json(res, 200, { data: { balance: '101' } });
    if (holding === null) {
      const answer = () => json(res, 200, { data: { balance: '100' } });
      const timer = setTimeout(() => {
        holding = null;
        answer();
      }, 4000);
      holding = () => {
        clearTimeout(timer);
        answer();
      };
      return;
    }
    json(res, 200, { data: { balance: '99' } });
    const release = holding;
    holding = null;
    setTimeout(release, 50);
  });
  closers.push(() => server.close());
  return Object.assign(server, { balanceRequests: () => calls });
}

async function setup() {
  const relay = await racingRelay();
  const dir = home();
  const core = openCore({ home: dir, secrets: new MemorySecrets() });
  const account = await core.accounts.add({
    provider: 'custom',
    label: 'relay',
    baseUrl: relay.origin,
    options: { path: '/v1/balance', balancePath: 'data.balance', unit: 'USD' },
  });
  expect(await pollAccount(core, core.accounts.require(account.id))).toMatchObject({ kind: 'polled' });
  core.close();
  return { relay, dir, id: account.id };
}

function topUps(dir: string, id: string) {
  const core = openCore({ home: dir, secrets: new MemorySecrets() });
  try {
    const pk = core.accounts.require(id).pk;
    return {
      events: core.repos.readings.rollups.events(pk, 0, Number.MAX_SAFE_INTEGER).filter((e) => e.kind === EVENT_TOPUP),
      readings: core.repos.readings.range(pk, 0, Number.MAX_SAFE_INTEGER).map((r) => r.balance),
      alerts: core.alerts.history({}).filter((a) => a.kind === 'top_up'),
    };
  } finally {
    core.close();
  }
}

describe('two processes never poll one account at once', () => {
  it('two `poll` processes: one asks, the other says the account is busy; no false top-up', async () => {
    const { relay, dir, id } = await setup();
    const env = { BURNRATE_HOME: dir };
    const [a, b] = await Promise.all([
      runCli(['poll', '--json'], { env, timeoutMs: 30_000 }),
      runCli(['poll', '--json'], { env, timeoutMs: 30_000 }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const entries = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)] as Array<{ polled: boolean; error?: string }>;
    expect(entries.filter((e) => e.polled)).toHaveLength(1);
    expect(entries.filter((e) => !e.polled)).toEqual([
      expect.objectContaining({ error: 'busy', message: expect.stringMatching(/another Burnrate process/) }),
    ]);
    expect(relay.balanceRequests()).toBe(2); // the baseline and one poll
    const after = topUps(dir, id);
    expect(after.events).toEqual([]);
    expect(after.alerts).toEqual([]);
  }, 40_000);

  it('the app (the dispatcher) and a `poll` process: the same', async () => {
    const { relay, dir, id } = await setup();
    const { invoke } = testApi({ coreOptions: { home: dir } });
    const [cli, app] = await Promise.all([
      runCli(['poll', '--json'], { env: { BURNRATE_HOME: dir }, timeoutMs: 30_000 }),
      // Once the CLI's request is at the relay (held there), the app refreshes the same account.
      waitFor(() => relay.balanceRequests() >= 2, { timeoutMs: 20_000, what: "the CLI's request" }).then(() =>
        invoke('poller:refresh', { accountId: id }),
      ),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(app).toMatchObject({ ok: true });
    expect(relay.balanceRequests()).toBe(2);
    const after = topUps(dir, id);
    expect(after.readings).toHaveLength(2);
    expect(after.events).toEqual([]);
    expect(after.alerts).toEqual([]);
  }, 40_000);

  it('a lease left by a process that died expires, and the account is polled again', async () => {
    const { dir, id } = await setup();
    const core = openCore({ home: dir, secrets: new MemorySecrets() });
    closers.push(() => core.close());
    const pk = core.accounts.require(id).pk;
    expect(core.repos.pollLeases.take(pk, 'dead-process', Date.now() - 120_000, 60_000)).toBe(true);
    expect(core.repos.pollLeases.take(pk, 'someone-else', Date.now(), 60_000)).toBe(true);
    core.repos.pollLeases.release(pk, 'someone-else');
    expect(core.repos.pollLeases.take(pk, 'live-process', Date.now(), 60_000)).toBe(true);
    expect(await pollAccount(core, core.accounts.require(id))).toMatchObject({ kind: 'busy' });
    core.repos.pollLeases.release(pk, 'live-process');
    expect(await pollAccount(core, core.accounts.require(id))).toMatchObject({ kind: 'polled' });
    expect(core.repos.pollLeases.holder(pk)).toBeNull();
  });
});

describe('readings are timestamped when the request starts', () => {
  it('a slow answer is stored at the instant it was asked for, not when it arrived', async () => {
    let receivedAt = 0;
    const slow = await hostileServer((_req, res) => {
      receivedAt = Date.now();
      setTimeout(() => json(res, 200, { data: { balance: '5' } }), 800);
    });
    closers.push(() => slow.close());
    const core = openCore({ home: home(), secrets: new MemorySecrets() });
    closers.push(() => core.close());
    const account = await core.accounts.add({
      provider: 'custom',
      label: 'slow',
      baseUrl: slow.origin,
      options: { path: '/b', balancePath: 'data.balance' },
    });
    const result = await pollAccount(core, core.accounts.require(account.id));
    expect(result.kind).toBe('polled');
    const at = (result as { at: number }).at;
    expect(at).toBeLessThanOrEqual(receivedAt);
    expect(core.repos.readings.latest(core.accounts.require(account.id).pk)!.ts).toBe(at);
  });

  it('a reading older than the newest stored one is kept in history but never read as a top-up', async () => {
    let balance = '100';
    const server = await hostileServer((_req, res) => json(res, 200, { data: { balance } }));
    closers.push(() => server.close());
    const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
    const core = openCore({ home: home(), secrets: new MemorySecrets(), now: () => clock.now });
    closers.push(() => core.close());
    const added = await core.accounts.add({
      provider: 'custom',
      label: 'late',
      baseUrl: server.origin,
      options: { path: '/b', balancePath: 'data.balance', unit: 'USD' },
    });
    const account = () => core.accounts.require(added.id);
    await pollAccount(core, account()); // 10:00, 100
    clock.now = Date.parse('2026-03-01T10:20:00Z');
    balance = '98';
    await pollAccount(core, account()); // 10:20, 98
    // A poll whose clock reads 10:10 (another process's clock, or one set back) answers 105.
    clock.now = Date.parse('2026-03-01T10:10:00Z');
    balance = '105';
    expect(await pollAccount(core, account())).toMatchObject({ kind: 'polled' });

    const pk = account().pk;
    const history = core.repos.readings.range(pk, 0, Number.MAX_SAFE_INTEGER).map((r) => r.balance);
    expect(history).toEqual([100_000_000, 105_000_000, 98_000_000]);
    const events = () => core.repos.readings.rollups.events(pk, 0, Number.MAX_SAFE_INTEGER);
    expect(events().filter((e) => e.kind === EVENT_TOPUP)).toEqual([]);
    // A full rebuild reads it the same way.
    core.repos.readings.rollups.replayFrom(pk, 0);
    expect(events().filter((e) => e.kind === EVENT_TOPUP)).toEqual([]);
    clock.now = Date.parse('2026-03-01T10:30:00Z');
    expect(core.alerts.history({}).filter((a) => a.kind === 'top_up')).toEqual([]);

    // An ordinary top-up, in order, is still one.
    balance = '150';
    await pollAccount(core, account());
    expect(events().filter((e) => e.kind === EVENT_TOPUP)).toHaveLength(1);
  });
});
