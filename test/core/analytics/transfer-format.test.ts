import { describe, expect, it } from 'vitest';
import { checkReading } from '../../../src/core/analytics/transfer-format.ts';
import type { RawReading } from '../../../src/core/analytics/transfer-format.ts';
import { parseIsoTime } from '../../../src/core/analytics/time.ts';
import { toMicros } from '../../../src/shared/decimal.ts';
import { rng } from './fixtures.ts';

const raw = (over: Partial<RawReading>): RawReading => ({
  timestamp: '2026-03-01T00:00:00.000Z',
  balance: '1',
  unit: 'credits',
  state: '',
  httpStatus: '',
  retryAfterSeconds: '',
  message: '',
  capUnit: '',
  capLimit: '',
  capUsed: '',
  capRemaining: '',
  capResetAt: '',
  keyExpiresAt: '',
  ...over,
});

describe('reading fields', () => {
  it('read decimals exactly as the general parser does, on the fast path and off it', () => {
    const random = rng(3);
    const samples = [
      '0',
      '-0',
      '-0.5',
      '12.000001',
      '999999999.999999',
      '1234567890.5',
      '12.1234565',
      '1e3',
      '.5',
      '5.',
      '+7',
      ' 8 ',
      '00012.50',
    ];
    for (let i = 0; i < 2000; i++)
      samples.push(
        (random() < 0.5 ? '-' : '') + (random() * 10 ** Math.floor(random() * 12)).toFixed(Math.floor(random() * 8)),
      );
    for (const text of samples) {
      let expected: number | string;
      try {
        expected = toMicros(text);
      } catch {
        expected = 'error';
      }
      let actual: number | string;
      try {
        actual = checkReading(raw({ balance: text })).balance!;
      } catch {
        actual = 'error';
      }
      expect(actual, text).toBe(expected);
    }
  });

  it('read canonical times digit by digit, refusing impossible ones', () => {
    expect(parseIsoTime('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(parseIsoTime('2026-02-29T00:00:00.000Z')).toBeNull();
    expect(parseIsoTime('2026-04-31T00:00:00.000Z')).toBeNull();
    expect(parseIsoTime('2026-01-01T24:00:00.000Z')).toBeNull();
    expect(parseIsoTime('2026-01-01T10:00:00+02:00')).toBe(Date.parse('2026-01-01T08:00:00Z'));
    expect(parseIsoTime('2026-01-01')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseIsoTime('20x6-01-01T00:00:00.000Z')).toBeNull();
  });

  it('name the field that is wrong', () => {
    expect(() => checkReading(raw({ unit: '' }))).toThrow('a balance needs a unit');
    expect(() => checkReading(raw({ balance: '', unit: '' }))).toThrow('a reading needs a balance or a state');
    expect(() => checkReading(raw({ state: 'fine' }))).toThrow(/state "fine" is not one of ok, invalid_key/);
    expect(() => checkReading(raw({ httpStatus: '2000' }))).toThrow(
      /http_status "2000" is not a whole number from 100 to 999/,
    );
    expect(() => checkReading(raw({ capLimit: '5' }))).toThrow('cap figures need a cap_unit');
    expect(checkReading(raw({ balance: '', unit: '', state: 'timeout', message: 'took too long' }))).toMatchObject({
      balance: null,
      state: 'timeout',
      message: 'took too long',
    });
  });
});
