/**
 * The one scrubber for text that leaves the engine: `scrubSecrets`. Poll messages and task
 * fields go through it with the account's key before anyone stores or shows them; every
 * message on its way into the database (imported ones too), and CLI and IPC error messages,
 * go through it without; the CLI's output goes through `stripControls`. It removes
 *
 * - control and invisible formatting characters (escape sequences, carriage returns, bidi
 *   overrides, zero-width characters), first, so they cannot be used to split a key; and
 * - every trace of the secrets it is given: the key, and any run of `FRAGMENT_LENGTH` or more
 *   of its characters (that holds a digit or mixes letter cases: not a plain word the key
 *   happens to contain; from 12 characters on, any run), forwards or reversed, in any letter case, as written or
 *   URL-encoded (`%73%6b`), HTML-entity-encoded (`&#115;&#x6b;`), JSON/JS-escaped (`\u0073`,
 *   `\x73`), hex, base64 or base64url — each piece becomes `[redacted]`. A key shorter than
 *   `FRAGMENT_LENGTH` is matched whole (and, under 4 characters, only where it stands alone,
 *   so a 2-character key does not blank out every word holding those letters); and
 * - anything shaped like a key even when the key is not known (`sk-…`, `Bearer …`).
 */

export const REDACTED = '[redacted]';

/** A run of this many of the key's characters (in any of the forms above) counts as part of it. */
export const FRAGMENT_LENGTH = 6;

/**
 * A run this long of the key's characters counts even when it is only words: a relay that
 * quotes the start of a hand-made key back ("You passed sk_team_billing_key_…") gives it away,
 * and no message holds 12 characters of a key by chance.
 */
const PLAIN_FRAGMENT_LENGTH = 12;

/** Keys shorter than this are matched only where they stand alone. */
const SHORT_KEY = 4;

/**
 * Terminal escape sequences, whole: CSI (`ESC [ … m`, and the 8-bit CSI), OSC (`ESC ] … BEL`
 * or `… ESC \\`: window titles, the clipboard), DCS/APC/PM/SOS strings, and two-character
 * escapes. Removed whole, so `ESC[0m` between the characters of a key leaves no `[0m` behind
 * (a terminal would show that text as the bare key).
 */
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]/g;

/** C0/C1 controls except tab and newline, and invisible formatting characters (Cf: bidi, zero-width, BOM). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}]/gu;

/** Text without escape sequences, control characters or invisible formatting: what a terminal or a log may show. */
export function stripControls(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/**
 * Remove control characters, every form of the given secrets, and anything shaped like a
 * key. Pass the account's key (and any part of it the provider might echo on its own) when
 * it is known; with no secrets, control characters and key-shaped tokens are still removed.
 */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = stripControls(text);
  const keys = usableSecrets(secrets);
  if (keys.length > 0) out = cut(out, markSecrets(out, keys));
  return out
    .replace(/\b(sk|pk|rk)[-_](?:[A-Za-z0-9]+[-_])*[A-Za-z0-9]{12,}\b/g, REDACTED)
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/gi, `Bearer ${REDACTED}`);
}

/**
 * Whether text carries any of the secrets in a form `scrubSecrets` would remove. With
 * `whole`, only the whole secret counts (in any of those forms): what a request may not
 * carry to another origin, where a piece of a key is of no use and a URL can hold a word
 * the key holds too.
 */
export function containsSecret(
  text: string,
  secrets: ReadonlyArray<string | null | undefined>,
  options: { whole?: boolean } = {},
): boolean {
  const keys = usableSecrets(secrets);
  if (keys.length === 0) return false;
  return markSecrets(stripControls(text), keys, options.whole ?? false).some(Boolean);
}

function usableSecrets(secrets: ReadonlyArray<string | null | undefined>): string[] {
  const out: string[] = [];
  for (const secret of secrets) {
    if (typeof secret !== 'string') continue;
    const clean = stripControls(secret).trim();
    if (clean) out.push(clean);
  }
  return out;
}

/* ------------------------------------------------------------------ matching */

interface Grams {
  length: number;
  set: Set<string>;
  /** A key shorter than SHORT_KEY: a match must not touch letters or digits on either side. */
  standalone: boolean;
}

/**
 * A piece of a key that could only have come from the key: it holds a digit or mixes upper-
 * and lower-case letters. Keys often hold words too (`sk-proj-`, a provider's name, a
 * hand-made token), and a piece like `redire` must not blank out "redirected" in a message;
 * in a random key almost every 6-character piece qualifies.
 */
function distinctive(piece: string): boolean {
  return /\d/.test(piece) || (/[a-z]/.test(piece) && /[A-Z]/.test(piece));
}

/**
 * Every run of the key's characters that counts, forwards and reversed, lower-cased: the
 * whole key, its distinctive pieces of FRAGMENT_LENGTH and every piece of
 * PLAIN_FRAGMENT_LENGTH (with `wholeOnly`, the whole key).
 */
function gramsOf(keys: string[], wholeOnly: boolean): Grams[] {
  const byLength = new Map<string, Grams>();
  const grams = (length: number, standalone: boolean): Grams => {
    const id = `${length}:${standalone}`;
    let found = byLength.get(id);
    if (!found) byLength.set(id, (found = { length, set: new Set(), standalone }));
    return found;
  };
  for (const key of keys) {
    const reversed = [...key].reverse().join('');
    grams(key.length, key.length < SHORT_KEY)
      .set.add(key.toLowerCase())
      .add(reversed.toLowerCase());
    if (wholeOnly || key.length <= FRAGMENT_LENGTH) continue;
    const pieces = grams(FRAGMENT_LENGTH, false);
    const long = key.length > PLAIN_FRAGMENT_LENGTH ? grams(PLAIN_FRAGMENT_LENGTH, false) : null;
    for (const form of [key, reversed]) {
      for (let i = 0; i + FRAGMENT_LENGTH <= form.length; i++) {
        const piece = form.slice(i, i + FRAGMENT_LENGTH);
        if (distinctive(piece)) pieces.set.add(piece.toLowerCase());
      }
      if (long)
        for (let i = 0; i + PLAIN_FRAGMENT_LENGTH <= form.length; i++)
          long.set.add(form.slice(i, i + PLAIN_FRAGMENT_LENGTH).toLowerCase());
    }
  }
  return [...byLength.values()];
}

/**
 * A reading of the text: its characters after one kind of decoding (lower-cased, one UTF-16
 * unit each), each with the span of the original text it came from. Segments that were not
 * decoded together are separated by a NUL, which never matches (secrets have no controls).
 */
interface View {
  chars: string[];
  start: number[];
  end: number[];
}

function newView(): View {
  return { chars: [], start: [], end: [] };
}

function push(view: View, ch: string, start: number, end: number): void {
  const lower = ch.toLowerCase();
  view.chars.push(ch.length !== 1 ? BREAK : lower.length === 1 ? lower : ch);
  view.start.push(start);
  view.end.push(end);
}

const BREAK = '\u0000';

function markSecrets(text: string, keys: string[], wholeOnly = false): boolean[] {
  const marked = new Array<boolean>(text.length).fill(false);
  const gramSets = gramsOf(keys, wholeOnly);
  const shortest = Math.min(...gramSets.map((g) => g.length));
  for (const view of views(text, shortest)) {
    const chars = view.chars.join('');
    for (const grams of gramSets) {
      for (let i = 0; i + grams.length <= chars.length; i++) {
        const gram = chars.substr(i, grams.length);
        if (!grams.set.has(gram)) continue;
        const from = view.start[i]!;
        const to = view.end[i + grams.length - 1]!;
        if (grams.standalone && (isWordChar(text[from - 1]) || isWordChar(text[to]))) continue;
        for (let j = from; j < to; j++) marked[j] = true;
      }
    }
  }
  return marked;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9]/.test(ch);
}

/** Replace each run of marked characters with one REDACTED. */
function cut(text: string, marked: boolean[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!marked[i]) out += text[i];
    else if (i === 0 || !marked[i - 1]) out += REDACTED;
  }
  return out;
}

/* ------------------------------------------------------------------ decodings */

/** Every reading worth making: a decoding is skipped when the text has nothing it would decode. */
function views(text: string, shortestGram: number): View[] {
  return [
    plain(text),
    ...(text.includes('%') ? [percentDecoded(text)] : []),
    ...(text.includes('&') ? [entityDecoded(text)] : []),
    ...(text.includes('\\') ? [escapeDecoded(text)] : []),
    ...hexDecoded(text, shortestGram * 2),
    ...base64Decoded(text, Math.ceil((shortestGram * 4) / 3)),
  ];
}

function plain(text: string): View {
  const view = newView();
  for (let i = 0; i < text.length; i++) push(view, text[i]!, i, i + 1);
  return view;
}

/** `%73%6B` → "sk"; other characters as they are. */
function percentDecoded(text: string): View {
  const view = newView();
  for (let i = 0; i < text.length; i++) {
    const m = /^%([0-9a-f]{2})/i.exec(text.slice(i, i + 3));
    if (m) {
      push(view, String.fromCharCode(parseInt(m[1]!, 16)), i, i + 3);
      i += 2;
    } else push(view, text[i]!, i, i + 1);
  }
  return view;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  sol: '/',
  bsol: '\\',
  equals: '=',
  plus: '+',
  colon: ':',
  period: '.',
  lowbar: '_',
  hyphen: '-',
  dash: '-',
  num: '#',
  excl: '!',
  percnt: '%',
  ast: '*',
  tilde: '~',
};

/** `&#115;&#x6B;&lowbar;` → "sk_"; other characters as they are. */
function entityDecoded(text: string): View {
  const view = newView();
  const entity = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));?/iy;
  for (let i = 0; i < text.length; i++) {
    entity.lastIndex = i;
    const m = text[i] === '&' ? entity.exec(text) : null;
    const decoded = m
      ? m[1] !== undefined
        ? safeCodePoint(Number(m[1]))
        : m[2] !== undefined
          ? safeCodePoint(parseInt(m[2], 16))
          : (NAMED_ENTITIES[m[3]!.toLowerCase()] ?? null)
      : null;
    if (m && decoded !== null) {
      push(view, decoded, i, i + m[0].length);
      i += m[0].length - 1;
    } else push(view, text[i]!, i, i + 1);
  }
  return view;
}

/** `\u0073\x6b\/` → "sk/" (JSON and JavaScript escapes); other characters as they are. */
function escapeDecoded(text: string): View {
  const view = newView();
  const escape = /\\(?:u\{([0-9a-f]{1,6})\}|u([0-9a-f]{4})|x([0-9a-f]{2})|(["'\\/]))/iy;
  for (let i = 0; i < text.length; i++) {
    escape.lastIndex = i;
    const m = text[i] === '\\' ? escape.exec(text) : null;
    if (m) {
      const hex = m[1] ?? m[2] ?? m[3];
      push(view, hex !== undefined ? (safeCodePoint(parseInt(hex, 16)) ?? BREAK) : m[4]!, i, i + m[0].length);
      i += m[0].length - 1;
    } else push(view, text[i]!, i, i + 1);
  }
  return view;
}

function safeCodePoint(n: number): string | null {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : null;
}

/** Runs of hex digits (long enough to hold a piece of a key) read as bytes, from both alignments. */
function hexDecoded(text: string, minRun: number): View[] {
  const out = [newView(), newView()];
  for (const run of text.matchAll(/[0-9a-f]{2,}/gi)) {
    if (run[0].length < minRun) continue;
    const at = run.index;
    out.forEach((view, shift) => {
      for (let i = shift; i + 2 <= run[0].length; i += 2)
        push(view, String.fromCharCode(parseInt(run[0].slice(i, i + 2), 16)), at + i, at + i + 2);
      push(view, BREAK, at, at);
    });
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function b64Value(ch: string): number {
  if (ch === '-') return 62;
  if (ch === '_') return 63;
  return B64.indexOf(ch);
}

/**
 * Runs of base64 or base64url characters (padding included, long enough to hold a piece of a
 * key) read as bytes, from all four alignments.
 */
function base64Decoded(text: string, minRun: number): View[] {
  const out = [newView(), newView(), newView(), newView()];
  for (const run of text.matchAll(/[A-Za-z0-9+/_-]{2,}={0,2}/g)) {
    if (run[0].length < minRun) continue;
    const at = run.index;
    const end = at + run[0].length;
    const body = run[0].replace(/=+$/, '');
    out.forEach((view, shift) => {
      let i = shift;
      for (; i + 4 <= body.length; i += 4) {
        const [a, b, c, d] = [...body.slice(i, i + 4)].map(b64Value) as [number, number, number, number];
        const bits = (a << 18) | (b << 12) | (c << 6) | d;
        for (const byte of [(bits >> 16) & 255, (bits >> 8) & 255, bits & 255])
          push(view, String.fromCharCode(byte), at + i, i + 4 === body.length ? end : at + i + 4);
      }
      // A short last group (unpadded, or padded with "="): its one or two whole bytes.
      const rest = body.length - i;
      if (rest >= 2) {
        const vals = [...body.slice(i)].map(b64Value);
        const bits = (vals[0]! << 18) | (vals[1]! << 12) | ((vals[2] ?? 0) << 6);
        push(view, String.fromCharCode((bits >> 16) & 255), at + i, end);
        if (rest === 3) push(view, String.fromCharCode((bits >> 8) & 255), at + i, end);
      }
      push(view, BREAK, at, at);
    });
  }
  return out;
}
