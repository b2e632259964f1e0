import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts.ts';
import { UserError } from '../../../src/core/errors.ts';
import { AlertHarness } from './harness.ts';

let h: AlertHarness | null = null;
afterEach(() => {
  h?.close();
  h = null;
});

describe('alert settings', () => {
  it('defaults, global changes, per-account overrides and going back to the defaults', async () => {
    h = await AlertHarness.create();
    const alerts = h.core.alerts;
    expect(alerts.getDefaults()).toEqual(DEFAULT_ALERT_SETTINGS);
    expect(alerts.setDefaults({ lowBalanceRunwayDays: 5, quietHours: { start: '22:00', end: '07:00' } })).toMatchObject(
      { lowBalanceRunwayDays: 5, capApproachingPercents: [80, 95] },
    );

    alerts.setAccountSettings(h.account.id, { capApproachingPercents: [50, 90], lowBalanceAmount: '1000' });
    expect(alerts.getAccountSettings(h.account.id)).toEqual({
      overrides: { capApproachingPercents: [50, 90], lowBalanceAmount: '1000' },
      effective: {
        ...DEFAULT_ALERT_SETTINGS,
        lowBalanceRunwayDays: 5,
        quietHours: { start: '22:00', end: '07:00' },
        capApproachingPercents: [50, 90],
        lowBalanceAmount: '1000',
      },
    });
    // A later change of the defaults still reaches what the account does not override.
    alerts.setDefaults({ lowBalanceRunwayDays: 2 });
    expect(alerts.getAccountSettings(h.account.id).effective.lowBalanceRunwayDays).toBe(2);

    alerts.setAccountSettings(h.account.id, {}, ['capApproachingPercents']);
    expect(alerts.getAccountSettings(h.account.id).overrides).toEqual({ lowBalanceAmount: '1000' });

    // Stored in SQLite: a new process sees the same.
    h.restart();
    expect(h.core.alerts.getAccountSettings(h.account.id).overrides).toEqual({ lowBalanceAmount: '1000' });
    expect(h.core.alerts.getDefaults().lowBalanceRunwayDays).toBe(2);
  });

  it('refuses bad values with a message naming the field, and changes nothing', async () => {
    h = await AlertHarness.create();
    const alerts = h.core.alerts;
    const bad: Array<[unknown, RegExp]> = [
      [{ capApproachingPercents: [95, 80] }, /capApproachingPercents: percent levels must be increasing/],
      [{ quietHours: { start: '25:00', end: '07:00' } }, /quietHours\.start: expected HH:MM/],
      [
        { quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } },
        /quietHours\.timeZone: not a known time zone/,
      ],
      [{ lowBalanceAmount: '12abc' }, /lowBalanceAmount: expected a decimal number/],
      [{ disabledKinds: ['nonsense'] }, /disabledKinds\.0/],
      [{ surprise: true }, /Unrecognized key/],
      ['not an object', /alert settings: /],
    ];
    for (const [patch, message] of bad) {
      expect(() => alerts.setDefaults(patch)).toThrow(message);
      expect(() => alerts.setAccountSettings(h!.account.id, patch)).toThrow(UserError);
    }
    expect(alerts.getDefaults()).toEqual(DEFAULT_ALERT_SETTINGS);
    expect(alerts.getAccountSettings(h.account.id).overrides).toEqual({});
    expect(() => alerts.getAccountSettings('acc_nothere123')).toThrow(/no account/);
  });

  it('a damaged stored value falls back to the defaults instead of breaking alerts', async () => {
    h = await AlertHarness.create();
    h.core.repos.settings.set('alerts.defaults', { lowBalanceRunwayDays: 'three' });
    expect(h.core.alerts.getDefaults()).toEqual(DEFAULT_ALERT_SETTINGS);
  });

  it('snoozing a whole account silences every kind until the later of its own and the global snooze', async () => {
    h = await AlertHarness.create();
    const soon = new Date(h.clock + 3600_000).toISOString();
    const later = new Date(h.clock + 7200_000).toISOString();
    h.core.alerts.snooze({ accountId: h.account.id, until: soon });
    h.core.alerts.setDefaults({ snoozedUntil: later });
    expect(h.core.alerts.getAccountSettings(h.account.id).effective.snoozedUntil).toBe(later);
    h.record({ state: 'invalid_key', httpStatus: 401 });
    h.advance(5400_000);
    h.record({ state: 'insufficient_balance', httpStatus: 402 }); // past the account's snooze, inside the global one
    expect(h.history().map((e) => [e.kind, e.silenced])).toEqual([
      ['key_invalid', 'snoozed'],
      ['zero_balance', 'snoozed'],
    ]);
    h.core.alerts.setDefaults({ snoozedUntil: null });
    h.core.alerts.unsnooze(h.account.id);
    h.advance(60_000);
    h.ok('100');
    h.record({ state: 'expired_key', httpStatus: 401 });
    expect(h.history().at(-1)).toMatchObject({ kind: 'key_invalid', silenced: null });
    expect(() => h!.core.alerts.snooze({ accountId: h!.account.id, until: 'tomorrow' })).toThrow(UserError);
  });

  it('notifications off for an account keeps its alerts in the list, marked muted', async () => {
    h = await AlertHarness.create();
    h.core.alerts.setAccountSettings(h.account.id, { notify: false });
    h.record({ state: 'invalid_key', httpStatus: 401 });
    expect(h.history().map((e) => e.silenced)).toEqual(['muted']);
  });
});
