import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import { createDesktop } from '../../../src/core/desktop/desktop.ts';
import type { Desktop } from '../../../src/core/desktop/desktop.ts';
import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { FakeNotification, FakePoller, FakeTray } from './desktop-fakes.ts';

/**
 * The app's background life with fakes for every Electron object: a real core (SQLite,
 * analytics, alerts) on a fake clock, a recording poller, tray, notifications and power.
 */
const T0 = Date.parse('2026-05-12T12:00:00Z');
const HOUR = 3600_000;

interface World {
  core: Core;
  account: StoredAccount;
  desktop: Desktop;
  timers: FakeClock;
  poller: FakePoller;
  tray: FakeTray;
  notes: FakeNotification[];
  power: EventEmitter;
  shown: Array<string | undefined>;
  quits: number;
  online: boolean;
  record(o: Partial<PollOutcome> & Pick<PollOutcome, 'state'>): void;
}

let world: World | null = null;
afterEach(async () => {
  await world?.desktop.stop();
  world?.core.close();
  world = null;
});

async function setup(options: { online?: boolean; platform?: string; home?: string } = {}): Promise<World> {
  const timers = new FakeClock(T0);
  const home = options.home ?? tempDir();
  const core = openCore({ home, secrets: new MemorySecrets(), now: () => timers.now });
  const added = await core.accounts.add({ provider: 'cheapai', label: 'main', key: 'sk_x' });
  const account = core.accounts.require(added.id);
  const poller = new FakePoller();
  const power = new EventEmitter();
  const w: World = {
    core,
    account,
    timers,
    poller,
    tray: null as unknown as FakeTray,
    notes: [],
    power,
    shown: [],
    quits: 0,
    online: options.online ?? true,
    desktop: null as unknown as Desktop,
    record(o) {
      timers.advanceSync(1000);
      core.recordReading(account, outcome(o), timers.now);
    },
  };
  w.desktop = createDesktop({
    core,
    poller,
    platform: options.platform ?? 'linux',
    createTray: (icon) => (w.tray = new FakeTray(icon)),
    iconFile: (name) => `/res/tray/${name}`,
    notifications: {
      isSupported: () => true,
      create: (o) => {
        const n = new FakeNotification(o);
        w.notes.push(n);
        return n;
      },
    },
    power: { on: (e, l) => power.on(e, l), removeListener: (e, l) => power.removeListener(e, l) },
    isOnline: () => w.online,
    showWindow: (id) => w.shown.push(id),
    quit: () => w.quits++,
    timers,
    now: () => timers.now,
    random: () => 0.5,
    onError: (e) => {
      throw e;
    },
  });
  world = w;
  return w;
}

describe('desktop: tray, notifications and polling in the background', () => {
  it('starts polling and draws the tray; an alert notifies, colours the icon, and a click opens its account', async () => {
    const w = await setup();
    w.desktop.start();
    expect(w.poller.calls).toEqual(['start']);
    expect(w.tray.icon).toBe('/res/tray/ok.png');
    expect(w.tray.tooltip).toBe('Burnrate — 1 account');
    expect(w.tray.labels()).toEqual([
      '✓  CheapAI · main — no reading yet',
      'Not updated yet',
      'Refresh now',
      'Pause for 1 hour',
      'Open Burnrate',
      'Quit',
    ]);

    w.record({ state: 'ok', httpStatus: 200, balance: { micros: 46_000e6, unit: 'credits' } });
    w.record({ state: 'insufficient_balance', httpStatus: 402 });
    expect(w.notes.map((n) => [n.options, n.shown])).toEqual([
      [
        {
          title: 'CheapAI · main',
          body: 'Out of balance: the provider refuses requests until you top up',
          urgency: 'critical',
        },
        true,
      ],
    ]);
    w.timers.advanceSync(300);
    expect(w.tray.icon).toBe('/res/tray/critical.png');
    expect(w.tray.labels()).toEqual([
      '✖  CheapAI · main — 46,000 credits — out of balance',
      'Alerts',
      '✖  main: out of balance: the provider refuses requests until you top up ▸',
      'Updated just now',
      'Refresh now',
      'Pause for 1 hour',
      'Open Burnrate',
      'Quit',
    ]);
    expect(w.tray.tooltip).toBe('Burnrate — main: out of balance · 1 needs attention · 1 account');

    w.notes[0]!.click();
    expect(w.shown).toEqual([w.account.id]);
    w.tray.click('✖  CheapAI · main — 46,000 credits — out of balance');
    w.tray.click('Open Burnrate');
    expect(w.shown).toEqual([w.account.id, w.account.id, undefined]);
    w.tray.click('Refresh now');
    w.tray.click('Quit');
    expect(w.poller.calls).toContain('refresh:all');
    expect(w.quits).toBe(1);
    // Notified once: the history knows it was shown.
    expect(w.core.alerts.pendingNotifications(0)).toEqual([]);

    // Snooze 1 h from the tray's alerts section: the alert is held back, the icon calms down.
    w.tray.clickIn('✖  main:', 'Snooze 1 h');
    expect(w.core.alerts.active({ accountId: w.account.id })[0]!.quiet).toEqual({
      reason: 'snoozed',
      until: new Date(w.timers.now + HOUR).toISOString(),
    });
    w.timers.advanceSync(300);
    expect(w.tray.labels()).not.toContain('Alerts');
  });

  it('on macOS and Windows a notification snoozes or dismisses its alert from its buttons', async () => {
    for (const platform of ['darwin', 'win32']) {
      const w = await setup({ platform });
      w.desktop.start();
      w.record({ state: 'insufficient_balance', httpStatus: 402 });
      w.record({ state: 'invalid_key', httpStatus: 401 });
      expect(w.notes.map((n) => n.options.actions)).toEqual([
        ['Snooze 1 h', 'Dismiss'],
        ['Snooze 1 h', 'Dismiss'],
      ]);
      w.notes[0]!.emit('action', 0);
      w.notes[1]!.emit('action', 1);
      const active = w.core.alerts.active({ accountId: w.account.id });
      expect(active.find((a) => a.kind === 'zero_balance')?.quiet).toEqual({
        reason: 'snoozed',
        until: new Date(w.timers.now + HOUR).toISOString(),
      });
      expect(active.find((a) => a.kind === 'key_invalid')?.quiet).toEqual({ reason: 'dismissed', until: null });
      expect(w.shown).toEqual([]);
      await w.desktop.stop();
      w.core.close();
      world = null;
    }
  });

  it('keeps quiet-hours alerts in the list without a notification, but still colours the icon', async () => {
    const w = await setup();
    w.core.alerts.setDefaults({ quietHours: { start: '00:00', end: '23:59', timeZone: 'UTC' } });
    w.desktop.start();
    w.record({ state: 'invalid_key', httpStatus: 401 });
    expect(w.notes).toEqual([]);
    w.timers.advanceSync(300);
    expect(w.tray.icon).toBe('/res/tray/critical.png');
    expect(w.core.alerts.history().map((e) => e.silenced)).toEqual(['quiet_hours']);
  });

  it('pauses for an hour from the menu, resumes on its own or from the menu, and shows it', async () => {
    const w = await setup({ platform: 'darwin' });
    w.desktop.start();
    expect(w.tray.icon).toBe('/res/tray/okTemplate.png');
    w.tray.click('Pause for 1 hour');
    expect(w.poller.calls.at(-1)).toBe('pause:user');
    w.timers.advanceSync(300);
    expect(w.tray.icon).toBe('/res/tray/pausedTemplate.png');
    expect(w.tray.labels()).toContain('Polling paused until 13:00');
    expect(w.tray.labels()).toContain('Resume');
    w.timers.advanceSync(HOUR);
    expect(w.poller.calls.at(-1)).toBe('resume:user');
    w.timers.advanceSync(300);
    expect(w.tray.icon).toBe('/res/tray/okTemplate.png');

    w.tray.click('Pause for 1 hour');
    w.timers.advanceSync(300);
    w.tray.click('Resume');
    expect(w.poller.calls.slice(-2)).toEqual(['pause:user', 'resume:user']);
  });

  it('pauses on sleep and when offline, and resumes with jitter only once both are over', async () => {
    const w = await setup();
    w.desktop.start();
    w.power.emit('suspend');
    expect(w.poller.calls.at(-1)).toBe('pause:suspend');
    w.online = false;
    w.timers.advanceSync(10_000);
    w.power.emit('resume');
    w.timers.advanceSync(60_000);
    expect(w.poller.calls.filter((c) => c.startsWith('resume'))).toEqual([]);
    w.online = true;
    w.timers.advanceSync(10_000); // the network watch notices…
    expect(w.poller.calls.filter((c) => c.startsWith('resume'))).toEqual([]);
    w.timers.advanceSync(7_500); // …and polling resumes after the jitter (random 0.5 of 15 s)
    expect(w.poller.calls.filter((c) => c.startsWith('resume'))).toEqual(['resume:offline']);
    expect(w.poller.calls.filter((c) => c.startsWith('pause'))).toEqual(['pause:suspend']);
  });

  it('starts paused when offline', async () => {
    const w = await setup({ online: false });
    w.desktop.start();
    expect(w.poller.calls).toEqual(['start', 'pause:offline']);
    w.timers.advanceSync(300);
    expect(w.tray.icon).toBe('/res/tray/paused.png');
    expect(w.tray.labels()[0]).toBe('Offline, polling paused');
  });

  it('does not alert on stale data while paused, and gives it one threshold of polling after', async () => {
    const w = await setup();
    w.record({ state: 'ok', httpStatus: 200, balance: { micros: 1e9, unit: 'credits' } });
    w.desktop.start();
    w.power.emit('suspend');
    w.timers.advanceSync(10 * HOUR);
    expect(w.core.alerts.history().map((e) => e.kind)).toEqual([]);
    w.power.emit('resume');
    w.timers.advanceSync(5 * HOUR);
    expect(w.core.alerts.history().map((e) => e.kind)).toEqual([]);
    w.timers.advanceSync(2 * HOUR);
    expect(w.core.alerts.history().map((e) => e.kind)).toEqual(['stale']);
    // 10 h asleep, then 6 h of polling without success after waking.
    expect(w.notes.map((n) => n.options.body)).toEqual(['No successful reading for 16 h']);
  });

  it('notifies, on the minute check, alerts another process raised (a poll from a terminal)', async () => {
    const home = tempDir();
    const w = await setup({ home });
    w.desktop.start();
    const other = openCore({ home, secrets: new MemorySecrets(), now: () => w.timers.now });
    other.recordReading(
      other.accounts.require(w.account.id),
      outcome({ state: 'expired_key', httpStatus: 401 }),
      w.timers.now + 1,
    );
    other.close();
    expect(w.notes).toEqual([]);
    w.timers.advanceSync(60_000);
    expect(w.notes.map((n) => n.options.body)).toEqual(['The API key has expired; replace it to keep polling']);
    w.timers.advanceSync(60_000);
    expect(w.notes).toHaveLength(1);
  });

  it('stops cleanly: poller stopped, tray gone, no timer or listener left', async () => {
    const w = await setup();
    w.desktop.start();
    w.tray.click('Pause for 1 hour');
    await w.desktop.stop();
    expect(w.poller.calls.at(-1)).toBe('stop');
    expect(w.tray.destroyed).toBe(true);
    expect(w.timers.timerCount).toBe(0);
    expect(w.power.listenerCount('suspend') + w.power.listenerCount('resume')).toBe(0);
    world = null;
    w.core.close();
  });
});
