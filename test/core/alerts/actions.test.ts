import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.ts';
import { snoozeEnd } from '../../../src/core/alerts/snooze-time.ts';
import { AlertHarness, DAY, HOUR, T0 } from './harness.ts';

/**
 * Alerts you can act on, in core: snooze for an hour, until tomorrow or until the episode
 * ends; dismiss one alert; mute a kind for one account. Each one is checked against what
 * it must hold back (notifications, the active list's `quiet`) and what it must not (the
 * next episode, a higher level, other accounts' or kinds' alerts).
 */
let h: AlertHarness | null = null;
afterEach(() => {
  h?.close();
  h = null;
});

const withCap = (x: AlertHarness, used: number) => {
  x.status = {
    ...x.status,
    cap: {
      limit: '50000',
      used: String(used),
      fraction: used / 50000,
      resetAt: new Date(x.clock + 3 * HOUR).toISOString(),
    },
  };
  x.ok('100000');
};
const broke = (x: AlertHarness) => x.record({ state: 'insufficient_balance', httpStatus: 402 });
const funded = (x: AlertHarness) => x.ok('1000000');
const active = (x: AlertHarness, kind: string) =>
  x.core.alerts.active({ accountId: x.account.id }).find((a) => a.kind === kind);

describe('when a snooze ends', () => {
  it('an hour from now; 09:00 tomorrow in the zone; no time for "until it ends"', () => {
    expect(snoozeEnd('1h', T0)).toBe(T0 + HOUR);
    expect(snoozeEnd('episode', T0)).toBeNull();
    // T0 is Tuesday 12:00 UTC.
    expect(new Date(snoozeEnd('until-tomorrow', T0, 'UTC')!).toISOString()).toBe('2026-05-13T09:00:00.000Z');
    // 12:00 UTC is 08:00 in New York (EDT, UTC-4): tomorrow 09:00 there is 13:00 UTC.
    expect(new Date(snoozeEnd('until-tomorrow', T0, 'America/New_York')!).toISOString()).toBe(
      '2026-05-13T13:00:00.000Z',
    );
    // 12:00 UTC is 21:00 in Tokyo: tomorrow is the 13th there too, 09:00 JST = 00:00 UTC.
    expect(new Date(snoozeEnd('until-tomorrow', T0, 'Asia/Tokyo')!).toISOString()).toBe('2026-05-13T00:00:00.000Z');
    // Late at night it is still the next calendar day, not 33 hours later.
    const lateBerlin = Date.parse('2026-05-12T21:50:00Z'); // 23:50 CEST
    expect(new Date(snoozeEnd('until-tomorrow', lateBerlin, 'Europe/Berlin')!).toISOString()).toBe(
      '2026-05-13T07:00:00.000Z',
    );
    // Across the spring-forward night (Berlin, 29 March 2026): 09:00 CEST = 07:00 UTC.
    const beforeDst = Date.parse('2026-03-28T20:00:00Z');
    expect(new Date(snoozeEnd('until-tomorrow', beforeDst, 'Europe/Berlin')!).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });
});

describe('snooze', () => {
  it('for an hour: the alert is listed, held, not notified; after the hour a new episode notifies', async () => {
    h = await AlertHarness.create();
    broke(h);
    expect(h.history('zero_balance').map((e) => e.silenced)).toEqual([null]);
    const r = h.core.alerts.snoozeFor({ accountId: h.account.id, kind: 'zero_balance', for: '1h' });
    expect(r).toEqual({
      accountId: h.account.id,
      kind: 'zero_balance',
      for: '1h',
      until: new Date(h.clock + HOUR).toISOString(),
      alerts: 1,
    });
    expect(active(h, 'zero_balance')?.quiet).toEqual({ reason: 'snoozed', until: r.until });
    // Another kind of the same account is not touched.
    h.status = { ...h.status, balance: { amount: '100', unit: 'credits' } };
    h.record({ state: 'invalid_key', httpStatus: 401 });
    expect(active(h, 'key_invalid')?.quiet).toBeNull();

    funded(h);
    broke(h);
    expect(h.history('zero_balance').map((e) => e.silenced)).toEqual([null, 'snoozed']);
    h.advance(HOUR);
    funded(h);
    broke(h);
    expect(h.history('zero_balance').map((e) => e.silenced)).toEqual([null, 'snoozed', null]);
    expect(active(h, 'zero_balance')?.quiet).toBeNull();
  });

  it('the whole account until tomorrow: every kind, until 09:00 the next day', async () => {
    h = await AlertHarness.create();
    const r = h.core.alerts.snoozeFor({ accountId: h.account.id, for: 'until-tomorrow' });
    expect(r.kind).toBeNull();
    expect(r.until).toBe(new Date(snoozeEnd('until-tomorrow', h.clock)!).toISOString());
    broke(h);
    h.record({ state: 'invalid_key', httpStatus: 401 });
    expect(h.history().map((e) => e.silenced)).toEqual(['snoozed', 'snoozed']);
    expect(h.core.alerts.active({ accountId: h.account.id }).every((a) => a.quiet?.reason === 'snoozed')).toBe(true);
  });

  it('until the episode ends: held at every level while it lasts, and the next episode notifies', async () => {
    h = await AlertHarness.create();
    withCap(h, 41_000); // 82 %
    expect(h.history('cap_approaching')).toHaveLength(1);
    const r = h.core.alerts.snoozeFor({ accountId: h.account.id, kind: 'cap_approaching', for: 'episode' });
    expect(r).toMatchObject({ for: 'episode', until: null, alerts: 1 });
    expect(active(h, 'cap_approaching')?.quiet).toEqual({ reason: 'snoozed', until: null });

    withCap(h, 48_000); // 96 %: a higher level, the same episode
    expect(h.history('cap_approaching').map((e) => e.silenced)).toEqual([null, 'snoozed']);
    // Days later the episode still holds: no clock ends this snooze.
    h.advance(5 * DAY);
    expect(active(h, 'cap_approaching')?.quiet?.reason).toBe('snoozed');

    withCap(h, 1_000); // the cap reset: the episode ends
    expect(active(h, 'cap_approaching')).toBeUndefined();
    withCap(h, 41_000);
    expect(h.history('cap_approaching').map((e) => e.silenced)).toEqual([null, 'snoozed', null]);
    expect(active(h, 'cap_approaching')?.quiet).toBeNull();
  });

  it('"until it ends" needs an active alert, and survives a restart', async () => {
    h = await AlertHarness.create();
    expect(() => h!.core.alerts.snoozeFor({ accountId: h!.account.id, for: 'episode' })).toThrow(
      /has no active alert to snooze until it ends/,
    );
    broke(h);
    h.core.alerts.snoozeFor({ accountId: h.account.id, for: 'episode' });
    h.restart();
    expect(active(h, 'zero_balance')?.quiet).toEqual({ reason: 'snoozed', until: null });
    h.core.alerts.unsnooze(h.account.id);
    expect(active(h, 'zero_balance')?.quiet).toBeNull();
    // Unsnoozing the account lifts a kind's timed snooze too, and leaves a dismissal.
    h.core.alerts.snoozeFor({ accountId: h.account.id, kind: 'zero_balance', for: '1h' });
    h.record({ state: 'invalid_key', httpStatus: 401 });
    h.core.alerts.dismiss({ id: h.history('key_invalid')[0]!.id });
    h.core.alerts.unsnooze(h.account.id);
    expect(active(h, 'zero_balance')?.quiet).toBeNull();
    expect(active(h, 'key_invalid')?.quiet?.reason).toBe('dismissed');
  });

  it('refuses bad requests by name and changes nothing', async () => {
    h = await AlertHarness.create();
    const bad: Array<[unknown, RegExp]> = [
      [{ accountId: h.account.id, for: '2h' }, /snooze: for: /],
      [{ accountId: h.account.id, kind: 'nonsense', for: '1h' }, /snooze: kind: /],
      [{ accountId: h.account.id }, /snooze: for: /],
      [{ accountId: 'acc_nothere123', for: '1h' }, /no account/],
    ];
    for (const [input, message] of bad) {
      expect(() => h!.core.alerts.snoozeFor(input)).toThrow(message);
      expect(() => h!.core.alerts.snoozeFor(input)).toThrow(UserError);
    }
    expect(h.core.alerts.getAccountSettings(h.account.id).overrides).toEqual({});
  });
});

describe('dismiss', () => {
  it('holds the episode at the level it saw; a higher level or a new episode comes back', async () => {
    h = await AlertHarness.create();
    withCap(h, 41_000);
    const first = h.history('cap_approaching')[0]!;
    expect(active(h, 'cap_approaching')?.id).toBe(first.id);

    const r = h.core.alerts.dismiss({ id: first.id });
    expect(r).toEqual({
      id: first.id,
      accountId: h.account.id,
      kind: 'cap_approaching',
      dismissedAt: new Date(h.clock).toISOString(),
      episodeActive: true,
    });
    expect(active(h, 'cap_approaching')?.quiet).toEqual({ reason: 'dismissed', until: null });
    expect(h.history('cap_approaching')[0]!.dismissedAt).toBe(r.dismissedAt);

    // Still 82 %: nothing new, still dismissed.
    withCap(h, 42_000);
    expect(active(h, 'cap_approaching')?.quiet?.reason).toBe('dismissed');
    // 96 % is news: notified, and no longer held.
    withCap(h, 48_000);
    const events = h.history('cap_approaching');
    expect(events.map((e) => e.silenced)).toEqual([null, null]);
    expect(active(h, 'cap_approaching')?.quiet).toBeNull();
    expect(active(h, 'cap_approaching')?.id).toBe(events[1]!.id);
  });

  it('an alert whose episode is over is only marked; an unknown id is a named error', async () => {
    h = await AlertHarness.create();
    broke(h);
    const old = h.history('zero_balance')[0]!;
    funded(h);
    broke(h);
    const r = h.core.alerts.dismiss({ id: old.id });
    expect(r.episodeActive).toBe(false);
    // The new episode is not held by dismissing the old one.
    expect(active(h, 'zero_balance')?.quiet).toBeNull();
    expect(() => h!.core.alerts.dismiss({ id: 999_999 })).toThrow(/no alert with id 999999/);
    expect(() => h!.core.alerts.dismiss({ id: 'one' })).toThrow(/dismiss: id: /);
  });
});

describe('mute a kind for one account', () => {
  it('still fires and lists, never notifies, and is held; unmuting restores it', async () => {
    h = await AlertHarness.create();
    const other = await h.core.accounts.add({ provider: 'cheapai', label: 'other', key: 'sk_2' });
    const r = h.core.alerts.mute({ accountId: h.account.id, kind: 'zero_balance', muted: true });
    expect(r).toEqual({ accountId: h.account.id, kind: 'zero_balance', muted: true, mutedKinds: ['zero_balance'] });
    broke(h);
    expect(h.history('zero_balance').map((e) => e.silenced)).toEqual(['muted']);
    expect(active(h, 'zero_balance')?.quiet).toEqual({ reason: 'muted', until: null });
    expect(h.core.alerts.pendingNotifications(0)).toEqual([]);
    // Only this account: the other one's settings are untouched.
    expect(h.core.alerts.getAccountSettings(other.id).effective.mutedKinds).toEqual([]);
    // Muting twice keeps one entry; unmuting removes it.
    expect(h.core.alerts.mute({ accountId: h.account.id, kind: 'zero_balance', muted: true }).mutedKinds).toEqual([
      'zero_balance',
    ]);
    expect(h.core.alerts.mute({ accountId: h.account.id, kind: 'zero_balance', muted: false }).mutedKinds).toEqual([]);
    expect(active(h, 'zero_balance')?.quiet).toBeNull();
    expect(() => h!.core.alerts.mute({ accountId: h!.account.id, kind: 'zero_balance' })).toThrow(/mute: muted: /);
  });
});
