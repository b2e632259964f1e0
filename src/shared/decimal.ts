/**
 * Exact amounts. Providers send numbers and decimal strings ("110.00", 17.97, 1e-7);
 * we keep them as integers of micro-units (1 unit = 1,000,000 micros) so sums over years
 * of history stay exact. Floats are only made at the edge, for display and ratios.
 *
 * The largest magnitude we accept is Number.MAX_SAFE_INTEGER micros (about 9.0e9 units):
 * beyond it a JavaScript number can no longer hold every micro exactly.
 */

export const MICROS_PER_UNIT = 1_000_000;
const SCALE_DIGITS = 6;
export const MAX_MICROS = Number.MAX_SAFE_INTEGER;

export class DecimalError extends Error {
  override name = 'DecimalError';
}

const DECIMAL_RE = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal split into sign and digits, the point shifted by its exponent. */
interface DecimalDigits {
  negative: boolean;
  /** Integer digits without leading zeros ("" for zero). */
  intDigits: string;
  fracDigits: string;
  /** For error messages. */
  text: string;
}

function splitDecimal(value: unknown): DecimalDigits {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecimalError(`not a finite number: ${String(value)}`);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new DecimalError(`expected a number or a decimal string, got ${describe(value)}`);
  }
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === ''))) {
    throw new DecimalError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  }
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) {
    throw new DecimalError(`amount out of range: ${JSON.stringify(text.slice(0, 40))}`);
  }
  let intDigits = (m[2] ?? '').replace(/^0+/, '');
  let fracDigits = m[3] ?? '';
  // Shift the decimal point by the exponent.
  if (exponent > 0) {
    const moved = fracDigits.slice(0, exponent).padEnd(exponent, '0');
    intDigits = (intDigits + moved).replace(/^0+/, '');
    fracDigits = fracDigits.slice(exponent);
  } else if (exponent < 0) {
    const shift = -exponent;
    const padded = intDigits.padStart(shift, '0');
    fracDigits = padded.slice(padded.length - shift) + fracDigits;
    intDigits = padded.slice(0, padded.length - shift).replace(/^0+/, '');
  }
  return { negative: m[1] === '-', intDigits, fracDigits, text };
}

/** The micros digits of a split decimal, and whether the dropped digits round it up. */
function microsDigits(d: DecimalDigits): { digits: string; roundUp: boolean } {
  const kept = d.fracDigits.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0');
  return { digits: (d.intDigits || '0') + kept, roundUp: (d.fracDigits.charCodeAt(SCALE_DIGITS) || 48) >= 53 }; // next digit >= '5'
}

const outOfRange = (d: DecimalDigits) =>
  new DecimalError(`amount out of range: ${JSON.stringify(d.text.slice(0, 40))}`);

/**
 * Parse a JSON number or decimal string into integer micros, rounding half away from
 * zero past the sixth decimal. Throws DecimalError for anything that is not a finite
 * decimal within range (NaN, Infinity, 1e308, "", "12abc", booleans, objects).
 */
export function toMicros(value: unknown): number {
  const d = splitDecimal(value);
  if (d.intDigits.length > 16) throw outOfRange(d);
  const { digits, roundUp } = microsDigits(d);
  let micros = Number(digits);
  if (roundUp) micros += 1;
  if (!Number.isSafeInteger(micros) || micros > MAX_MICROS) throw outOfRange(d);
  return d.negative && micros !== 0 ? -micros : micros;
}

/** Up to 10^30 units: far beyond any balance, and a bound on what a reply can make us allocate. */
const MAX_BIG_INT_DIGITS = 30;

/**
 * toMicros without the safe-integer bound, as a BigInt: for a provider unit that is only
 * an input to an exact conversion (AIML API's raw credits, 2,000,000 to the dollar), where
 * the raw figure can exceed what integer micros of it can hold while the converted one cannot.
 */
export function toMicrosBig(value: unknown): bigint {
  const d = splitDecimal(value);
  if (d.intDigits.length > MAX_BIG_INT_DIGITS) throw outOfRange(d);
  const { digits, roundUp } = microsDigits(d);
  const micros = BigInt(digits) + (roundUp ? 1n : 0n);
  return d.negative ? -micros : micros;
}

/** n / d rounded half away from zero, in BigInt. */
export function divRoundBig(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new DecimalError('division by zero');
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  const dAbs = d < 0n ? -d : d;
  if (twice >= dAbs) return q + (n < 0n !== d < 0n ? -1n : 1n);
  return q;
}

/** A BigInt of micros as a number, or DecimalError when a number cannot hold it exactly. */
export function bigToMicros(micros: bigint): number {
  const n = Number(micros);
  if (!Number.isSafeInteger(n)) throw new DecimalError('amount out of range');
  return n;
}

/** Canonical decimal string for integer micros: "12.5", "0", "-0.000001". */
export function fromMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new DecimalError(`micros must be a safe integer, got ${micros}`);
  const negative = micros < 0;
  const abs = Math.abs(micros);
  const int = Math.floor(abs / MICROS_PER_UNIT);
  const frac = String(abs % MICROS_PER_UNIT)
    .padStart(SCALE_DIGITS, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Parse a decimal string into canonical form ("110.00" → "110"); throws DecimalError. */
export function normalizeDecimal(value: unknown): string {
  return fromMicros(toMicros(value));
}

/** A float for display and ratios only; never sum these over a history. */
export function microsToNumber(micros: number): number {
  return micros / MICROS_PER_UNIT;
}

/** Multiply micros by a ratio given as two integers, rounding half away from zero. */
export function mulDivMicros(micros: number, numerator: number, denominator: number): number {
  if (denominator === 0) throw new DecimalError('division by zero');
  return bigToMicros(divRoundBig(BigInt(micros) * BigInt(numerator), BigInt(denominator)));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
