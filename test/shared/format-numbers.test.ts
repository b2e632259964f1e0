import { describe, expect, it } from 'vitest';
import {
  formatAmountOfText,
  formatAmountText,
  formatDateText,
  formatDateTimeText,
  formatMoneyText,
  formatNumberText,
  formatPercentText,
  formatTimeText,
  unitName,
} from '../../src/shared/format/numbers.ts';

const en = { locale: 'en-US' };

describe('amounts by unit (the window, the tray, notifications, alert messages and the CLI)', () => {
  it.each([
    ['128387.2', 'credits', '128,387 credits'],
    ['1607185.77', 'credits', '1,607,186 credits'],
    ['1000', 'quota', '1,000 quota'],
    ['999.5', 'characters', '999.5 characters'],
    ['87.25', 'credits', '87.25 credits'],
    ['12.345', 'credits', '12.35 credits'],
    ['0.0125', 'credits', '0.0125 credits'],
    ['0.123456', 'credits', '0.1235 credits'],
    ['0', 'credits', '0 credits'],
    ['-2500.4', 'credits', '-2,500 credits'],
    ['41.2', 'USD', '$41.20'],
    ['25000', 'USD', '$25,000.00'],
    ['0.0123', 'USD', '$0.0123'],
    // The currency's minor digits from one unit up: what History and the card both show.
    ['26.0576', 'USD', '$26.06'],
    // Four significant digits below one unit, never more than are stored.
    ['0.041234', 'USD', '$0.04123'],
    ['0.5', 'USD', '$0.50'],
    ['0.000012', 'USD', '$0.000012'],
    ['-0.041234', 'USD', '-$0.04123'],
    ['0', 'USD', '$0.00'],
    ['300', 'CNY', 'CN¥300.00'],
  ] as const)('%s %s → %s', (amount, unit, text) => {
    expect(formatAmountText(amount, unit, en)).toBe(text);
  });

  it('formats from the decimal string, so digits beyond a float survive', () => {
    expect(formatNumberText('9007199254740993', undefined, 'en-US')).toBe('9,007,199,254,740,993');
    expect(formatMoneyText('4503599627.370497', 'USD', { ...en, exact: true })).toBe('$4,503,599,627.370497');
  });

  it('says the unit once for a part of a whole', () => {
    expect(formatAmountOfText('128387.2', '147000', 'credits', en)).toBe('128,387 of 147,000 credits');
    expect(formatAmountOfText('17.5', '20', 'USD', en)).toBe('$17.50 of $20.00');
  });

  it('names units for labels', () => {
    expect(unitName('credits')).toBe('credits');
    expect(unitName('CNY')).toBe('CNY');
  });

  it('follows the locale for grouping and the decimal sign', () => {
    expect(formatAmountText('128387.2', 'credits', { locale: 'de-DE' })).toBe('128.387 credits');
    expect(formatMoneyText('26.0576', 'USD', { locale: 'de-DE' })).toBe('26,06\u00a0$');
  });
});

describe('percentages, one way', () => {
  it('is a whole number, a space and %: rounded, or floored for alert levels', () => {
    expect(formatPercentText(0.974)).toBe('97 %');
    expect(formatPercentText(0.975)).toBe('98 %');
    expect(formatPercentText(0.9499999, { floor: true })).toBe('94 %');
    expect(formatPercentText(0.95, { floor: true })).toBe('95 %');
    expect(formatPercentText(12.5, { locale: 'en-US' })).toBe('1,250 %');
  });
});

describe('dates and times by the locale', () => {
  const at = Date.parse('2026-05-12T14:32:05Z');
  it('in the locale and zone given', () => {
    expect(formatDateTimeText(at, { locale: 'en-US', timeZone: 'UTC' })).toBe('May 12, 2026, 2:32 PM');
    expect(formatDateTimeText(at, { locale: 'en-GB', timeZone: 'UTC', seconds: true })).toBe('12 May 2026, 14:32:05');
    expect(formatDateText(at, { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toBe('12.05.2026');
    expect(formatTimeText(at, { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toBe('16:32');
  });
});
