import { describe, expect, it } from 'vitest';
import {
  DecimalError,
  fromMicros,
  mulDivMicros,
  normalizeDecimal,
  toMicros,
  MAX_MICROS,
} from '../../src/shared/decimal.ts';

describe('toMicros', () => {
  it.each([
    ['110.00', 110_000_000],
    [17.97, 17_970_000],
    ['0.03', 30_000],
    [123456, 123_456_000_000],
    ['-3.5', -3_500_000],
    [0.0011025, 1103], // rounds half away from zero past six decimals
    [1e-7, 0],
    ['1.5e3', 1_500_000_000],
    ['  42 ', 42_000_000],
    ['.5', 500_000],
    ['7.', 7_000_000],
    [49.58894, 49_588_940],
    ['-0.0000004', 0],
  ])('%j → %d micros', (input, micros) => {
    expect(toMicros(input)).toBe(micros);
  });

  it.each([
    NaN,
    Infinity,
    -Infinity,
    1e308,
    '1e308',
    '',
    'abc',
    '12abc',
    '1,000',
    '--1',
    true,
    null,
    {},
    [],
    '0x10',
    '9007199254.740993',
  ])('rejects %j', (input) => {
    expect(() => toMicros(input)).toThrow(DecimalError);
  });

  it('accepts the largest exact amount and no more', () => {
    expect(toMicros(fromMicros(MAX_MICROS))).toBe(MAX_MICROS);
    expect(fromMicros(MAX_MICROS)).toBe('9007199254.740991');
    expect(() => toMicros('9007199254.740992')).toThrow(DecimalError);
    expect(() => toMicros('9007199254.7409915')).toThrow(DecimalError); // rounds up past the limit
  });
});

describe('fromMicros', () => {
  it.each([
    [0, '0'],
    [12_500_000, '12.5'],
    [-1, '-0.000001'],
    [110_000_000, '110'],
    [30_000, '0.03'],
  ])('%d → %s', (micros, text) => {
    expect(fromMicros(micros)).toBe(text);
  });

  it('round-trips through toMicros', () => {
    for (const text of ['0.000001', '987654.321', '-17.97', '5000000000'])
      expect(fromMicros(toMicros(text))).toBe(text);
  });

  it('refuses non-integers', () => {
    expect(() => fromMicros(1.5)).toThrow(DecimalError);
  });
});

describe('normalizeDecimal and mulDivMicros', () => {
  it('normalises decimal strings', () => {
    expect(normalizeDecimal('110.00')).toBe('110');
    expect(normalizeDecimal(1e21 / 1e12)).toBe('1000000000');
  });

  it('multiplies by a ratio exactly, rounding half away from zero', () => {
    expect(mulDivMicros(1_000_000, 1, 3)).toBe(333_333);
    expect(mulDivMicros(2_000_000, 1, 3)).toBe(666_667);
    expect(mulDivMicros(-2_000_000, 1, 3)).toBe(-666_667);
    expect(mulDivMicros(24_997_909_000_000, 1, 500_000)).toBe(49_995_818);
    expect(() => mulDivMicros(1, 1, 0)).toThrow(DecimalError);
  });
});
