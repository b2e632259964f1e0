import { describe, expect, it } from 'vitest';
import { ALERT_SETTING_NAMES, alertSettingText, parseAlertSettingText } from '../../../src/core/alerts/setting-text.ts';
import { alertSettingsSchema, DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts.ts';
import type { AlertSettingsPatch } from '../../../src/shared/alerts.ts';
import { UserError } from '../../../src/core/errors.ts';

describe('alert settings as name=value text', () => {
  it('names every rule setting but the snooze (which has its own command)', () => {
    const all = Object.keys(alertSettingsSchema.shape).filter((k) => k !== 'snoozedUntil');
    expect([...ALERT_SETTING_NAMES].sort()).toEqual(all.sort());
  });

  it.each([
    ['lowBalanceRunwayDays', '2.5', { lowBalanceRunwayDays: 2.5 }],
    ['lowBalanceAmount', '5', { lowBalanceAmount: '5' }],
    ['lowBalanceAmount', 'off', { lowBalanceAmount: null }],
    ['capApproachingPercents', '50, 90%', { capApproachingPercents: [50, 90] }],
    ['capApproachingPercents', 'off', { capApproachingPercents: [] }],
    ['keyExpiringDays', '14', { keyExpiringDays: 14 }],
    ['staleIntervals', '4', { staleIntervals: 4 }],
    ['disabledKinds', 'top_up,stale', { disabledKinds: ['top_up', 'stale'] }],
    ['mutedKinds', 'none', { mutedKinds: [] }],
    ['notify', 'off', { notify: false }],
    ['notify', 'Yes', { notify: true }],
    ['quietHours', '22:00-7:00', { quietHours: { start: '22:00', end: '07:00' } }],
    [
      'quietHours',
      '22:00-07:00@Europe/Berlin',
      { quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' } },
    ],
    ['quietHours', 'off', { quietHours: null }],
  ] as const)('%s=%s', (name, text, patch) => {
    expect(parseAlertSettingText(name, text)).toEqual({ patch });
    // What `settings get` prints reads back to the same value.
    const effective = { ...DEFAULT_ALERT_SETTINGS, ...(patch as AlertSettingsPatch) };
    expect(parseAlertSettingText(name, alertSettingText(effective, name))).toEqual({ patch });
  });

  it('an empty value goes back to the default', () => {
    expect(parseAlertSettingText('staleHours', ' ')).toEqual({ inherit: 'staleHours' });
  });

  it.each([
    ['surprise', '1', /unknown alert setting "surprise" \(known: lowBalanceRunwayDays, /],
    ['staleHours', 'six', /staleHours must be a number such as 3/],
    ['capApproachingPercents', '80,ninety', /capApproachingPercents must be a number/],
    ['mutedKinds', 'stale,everything', /mutedKinds must be alert kinds from low_balance, /],
    ['notify', 'maybe', /notify must be on or off/],
    ['quietHours', '10pm-7am', /quietHours must be HH:MM-HH:MM/],
  ])('refuses %s=%s by name', (name, text, message) => {
    expect(() => parseAlertSettingText(name, text)).toThrow(message);
    expect(() => parseAlertSettingText(name, text)).toThrow(UserError);
  });
});
