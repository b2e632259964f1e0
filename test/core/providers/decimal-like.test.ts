import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decimalLike } from '../../../src/core/providers/respond.ts';

describe('decimalLike (a schema for amounts that must convert to micros)', () => {
  it.each([17.97, '110.00', '-3.00001', 0, '1e-7', 1e9])('accepts %j', (value) => {
    expect(decimalLike.safeParse(value).success).toBe(true);
  });

  it.each([
    ['lots', /not a decimal number/],
    ['', /not a decimal number/],
    ['1e400', /out of range/],
    [1e30, /out of range/],
    [Number.NaN, /./],
    [true, /./],
    [{ amount: 1 }, /./],
  ])('refuses %j with a reason', (value, reason) => {
    const parsed = z.object({ balance: decimalLike }).safeParse({ balance: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['balance']);
    expect(parsed.error!.issues[0]!.message).toMatch(reason);
  });
});
