import { describe, expect, it } from 'vitest';
import {
  containsSecret,
  FRAGMENT_LENGTH,
  REDACTED,
  scrubSecrets,
  stripControls,
} from '../../src/core/secrets/scrub.ts';

/**
 * What a hostile provider can do to get the key it was sent back into Burnrate's history,
 * exports and output, and what is left once scrubbed. Every form here is one a relay can
 * produce with a line of code; none may survive.
 */
const key = 'falid9Qm2:Xv7LpR4tZ8wBn3Kd6Hs1';
const bytes = Buffer.from(key);
const reversed = [...key].reverse().join('');

const encodings: Array<[string, string]> = [
  ['as typed', key],
  ['upper case', key.toUpperCase()],
  ['lower case', key.toLowerCase()],
  ['reversed', reversed],
  ['reversed upper case', reversed.toUpperCase()],
  ['base64', bytes.toString('base64')],
  ['base64 of the key without its first character', Buffer.from(key.slice(1)).toString('base64')],
  ['base64 of the key without its first two characters', Buffer.from(key.slice(2)).toString('base64')],
  ['base64url', bytes.toString('base64url')],
  ['hex', bytes.toString('hex')],
  ['upper-case hex', bytes.toString('hex').toUpperCase()],
  ['hex with \\x', [...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')],
  ['URL-encoded', encodeURIComponent(key)],
  ['every byte URL-encoded', [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')],
  ['decimal HTML entities', [...key].map((c) => `&#${c.charCodeAt(0)};`).join('')],
  ['hex HTML entities', [...key].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('')],
  ['mixed HTML entities', [...key].map((c, i) => (i % 2 ? c : `&#${c.charCodeAt(0)};`)).join('')],
  ['JSON \\u escapes', [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
  ['JSON-stringified', JSON.stringify(key).slice(1, -1)],
  ['split by escape sequences', [...key].join('\u001b[0m')],
  ['split by zero-width spaces', [...key].join('\u200b')],
  ['split by bidi overrides', `\u202e${key}\u202c`],
];

describe('scrubSecrets: a key echoed back in any form', () => {
  it.each(encodings)('removes the key %s', (_name, form) => {
    const text = `invalid token ${form} (check your settings)`;
    const out = scrubSecrets(text, [key]);
    expect(out).toContain(REDACTED);
    expect(out.startsWith('invalid token ')).toBe(true);
    expect(out.endsWith(' (check your settings)')).toBe(true);
    expect(containsSecret(out, [key])).toBe(false);
    expect(containsSecret(text, [key])).toBe(true);
  });

  it(`removes the key cut into ${FRAGMENT_LENGTH}-, 9- and 10-character pieces, in any order`, () => {
    for (const size of [FRAGMENT_LENGTH, 9, 10]) {
      const pieces: string[] = [];
      for (let i = 0; i < key.length; i += size) pieces.push(key.slice(i, i + size));
      const tail = pieces.at(-1)!;
      const whole = pieces.filter((p) => p.length >= FRAGMENT_LENGTH);
      const out = scrubSecrets(`pieces: ${[...whole].reverse().join(' / ')}`, [key]);
      for (const piece of whole) expect(out).not.toContain(piece);
      if (tail.length < FRAGMENT_LENGTH) expect(whole).not.toContain(tail);
    }
  });

  it('removes base64 and hex pieces of the key, not only the whole key encoded', () => {
    const middle = key.slice(7, 19);
    for (const form of [
      Buffer.from(middle).toString('base64'),
      Buffer.from(middle).toString('hex'),
      encodeURIComponent(middle),
    ]) {
      expect(scrubSecrets(`echo ${form}.`, [key])).toBe(`echo ${REDACTED}.`);
    }
  });

  it('removes short keys too: whole, in any case and encoding, where they stand alone', () => {
    for (const short of ['ab1', 'Zq', 'k7Xp', 'q9Zt2']) {
      for (const form of [
        short,
        short.toUpperCase(),
        Buffer.from(short).toString('base64'),
        Buffer.from(short).toString('hex'),
        [...short].reverse().join(''),
      ]) {
        const out = scrubSecrets(`bad key "${form}" given`, [short]);
        expect(out, `${short} as ${form}`).toBe(`bad key "${REDACTED}" given`);
      }
    }
    // …but a 2-character key does not blank out every word that holds its letters.
    expect(scrubSecrets('Zqualified request', ['Zq'])).toBe('Zqualified request');
  });

  it('leaves ordinary wording, short coincidences and other keys alone', () => {
    expect(scrubSecrets(`key ${key.slice(0, FRAGMENT_LENGTH - 1)} unknown`, [key])).toBe(
      `key ${key.slice(0, FRAGMENT_LENGTH - 1)} unknown`,
    );
    for (const text of [
      'HTTP 401: Incorrect API key provided',
      'insufficient_user_quota: 余额不足',
      'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.',
      'https://platform.example.com/account/api-keys',
    ])
      expect(scrubSecrets(text, [key])).toBe(text);
    expect(scrubSecrets('quota exhausted', [null, undefined, ''])).toBe('quota exhausted');
  });

  it('a key that holds words does not take those words out of messages', () => {
    const wordy = 'sk-redirect-cheapai-Ab12Cd34Ef56';
    for (const text of [
      'redirected to http://127.0.0.1:8080/cheapai/v1 (the key was not sent there)',
      'Cheapai says: redirect',
    ])
      expect(scrubSecrets(text, [wordy])).toBe(text);
    expect(scrubSecrets(`echo ${wordy.slice(20)}`, [wordy])).toBe(`echo ${REDACTED}`);
    expect(scrubSecrets(`echo ${wordy.slice(12)}`, [wordy])).not.toContain('Ab12Cd34Ef56');
    expect(scrubSecrets(`echo ${wordy}`, [wordy])).toBe(`echo ${REDACTED}`);
    // A key made only of letters is still found whole, in every form.
    const letters = 'abcdefghijklmnopqrst';
    expect(scrubSecrets(`k=${Buffer.from(letters).toString('base64')}`, [letters])).toBe(`k=${REDACTED}`);
    // …and a long run of it, words or not, is never a chance match: a relay quoting back the
    // start of a hand-made key gives that much of it away.
    const handMade = 'sk_cheapai_price_check_key_0001';
    expect(scrubSecrets('You passed sk_cheapai_price_check_key_…', [handMade])).toBe(`You passed ${REDACTED}…`);
    expect(scrubSecrets('price check failed', [handMade])).toBe('price check failed');
  });

  it('containsSecret with whole: only the whole key counts, in any form', () => {
    const k = 'tok_Ab12Cd34Ef56Gh78';
    expect(containsSecret(`https://x.example/?k=${encodeURIComponent(k)}`, [k], { whole: true })).toBe(true);
    expect(containsSecret(`https://x.example/?k=${Buffer.from(k).toString('base64url')}`, [k], { whole: true })).toBe(
      true,
    );
    expect(containsSecret(`https://x.example/${k.slice(0, 12)}`, [k], { whole: true })).toBe(false);
    expect(containsSecret(`https://x.example/${k.slice(0, 12)}`, [k])).toBe(true);
  });

  it('removes anything shaped like a key even when the key is not known', () => {
    expect(scrubSecrets('bad key sk-or-v1-0123456789abcdef')).toBe(`bad key ${REDACTED}`);
    expect(scrubSecrets('got Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x')).toBe(
      `got Authorization: Bearer ${REDACTED}`,
    );
  });

  it('several secrets at once (a fal key and its halves)', () => {
    const [id, secret] = key.split(':') as [string, string];
    const out = scrubSecrets(`id ${id} secret ${secret.split('').reverse().join('')}`, [key, id, secret]);
    expect(out).toBe(`id ${REDACTED} secret ${REDACTED}`);
  });
});

describe('stripControls: provider text cannot drive a terminal', () => {
  it.each([
    ['window title (OSC 0)', '\u001b]0;pwned\u0007'],
    ['clipboard write (OSC 52)', '\u001b]52;c;ZXZpbA==\u0007'],
    ['hidden text (SGR 8)', '\u001b[8msecret\u001b[28m'],
    ['cursor movement and line erase', '\u001b[2K\u001b[1A'],
    ['8-bit CSI', '\u009b31m'],
    ['carriage return overwrite', 'ok\rHIDDEN'],
    ['bidi override', '\u202eevil\u202c'],
    ['backspaces', 'abc\b\b\b'],
  ])('removes %s', (_name, attack) => {
    const out = stripControls(`balance ok ${attack} end`);
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(scrubSecrets(`balance ok ${attack} end`)).toBe(out);
  });

  it('keeps tabs, newlines and every printable script', () => {
    const text = 'a\tb\nc — 余额不足 — ¥12.50 — Ünïcödé ✓';
    expect(stripControls(text)).toBe(text);
  });
});
