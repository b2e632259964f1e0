import { describe, expect, it } from 'vitest';
import {
  formatAmountOfText,
  formatAmountText,
  formatMoneyText,
  formatNumberText,
  unitName,
} from '../../src/shared/amount-format.ts';

const en = { locale: 'en-US' };

describe('amounts by unit (the window, the tray and alert messages)', () => {
  it.each([
    ['128387.2', 'credits', '128,387 credits'],
    ['1607185.77', 'credits', '1,607,186 credits'],
    ['1000', 'quota', '1,000 quota'],
    ['999.5', 'characters', '999.5 characters'],
    ['87.25', 'credits', '87.25 credits'],
    ['12.345', 'credits', '12.35 credits'],
    ['0.0125', 'credits', '0.0125 credits'],
    ['0', 'credits', '0 credits'],
    ['-2500.4', 'credits', '-2,500 credits'],
    ['41.2', 'USD', '$41.20'],
    ['25000', 'USD', '$25,000.00'],
    ['0.0123', 'USD', '$0.0123'],
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
});
