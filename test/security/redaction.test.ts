import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/providers/classify.ts';

/** What providers quote back from a key, and what is left of it once redacted. */
describe('redactSecrets on keys quoted back by providers', () => {
  const key = 'falid9Qm2:Xv7LpR4tZ8wBn3Kd6Hs1';

  it('removes the whole key, a key cut short, and any run of 10+ of its characters', () => {
    expect(redactSecrets(`bad key ${key}`, [key])).toBe('bad key [redacted]');
    expect(redactSecrets(`You passed ${key.slice(0, -4)}…`, [key])).toBe('You passed [redacted]…');
    expect(redactSecrets(`secret part ${key.slice(10, 24)} rejected`, [key])).toBe('secret part [redacted] rejected');
    expect(redactSecrets(`token=${key}&again=${key.slice(3, 20)}`, [key])).toBe('token=[redacted]&again=[redacted]');
  });

  it('leaves short coincidences and the rest of the message alone', () => {
    // Nine characters in common is not the key; nor is ordinary wording.
    expect(redactSecrets(`key ${key.slice(0, 9)} unknown`, [key])).toBe(`key ${key.slice(0, 9)} unknown`);
    expect(redactSecrets('HTTP 401: Incorrect API key provided', [key])).toBe('HTTP 401: Incorrect API key provided');
    expect(redactSecrets('quota exhausted', [null, undefined, ''])).toBe('quota exhausted');
  });
});
