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

/**
 * Parse a JSON number or decimal string into integer micros, rounding half away from
 * zero past the sixth decimal. Throws DecimalError for anything that is not a finite
 * decimal within range (NaN, Infinity, 1e308, "", "12abc", booleans, objects).
 */
export function toMicros(value: unknown): number {
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
  const negative = m[1] === '-';
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
  if (intDigits.length > 16) throw new DecimalError(`amount out of range: ${JSON.stringify(text.slice(0, 40))}`);
  const kept = fracDigits.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0');
  const roundUp = (fracDigits.charCodeAt(SCALE_DIGITS) || 48) >= 53; // next digit >= '5'
  let micros = Number((intDigits || '0') + kept);
  if (roundUp) micros += 1;
  if (!Number.isSafeInteger(micros) || micros > MAX_MICROS) {
    throw new DecimalError(`amount out of range: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return negative && micros !== 0 ? -micros : micros;
}

/** Canonical decimal string for integer micros: "12.5", "0", "-0.000001". */
export function fromMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new DecimalError(`micros must be a safe integer, got ${micros}`);
  const negative = micros < 0;
  const abs = Math.abs(micros);
  const int = Math.floor(abs / MICROS_PER_UNIT);
  const frac = String(abs % MICROS_PER_UNIT).padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
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
  const product = BigInt(micros) * BigInt(numerator);
  const d = BigInt(denominator);
  const q = product / d;
  const r = product % d;
  const twice = (r < 0n ? -r : r) * 2n;
  const dAbs = d < 0n ? -d : d;
  let result = q;
  if (twice >= dAbs) result += (product < 0n) !== (d < 0n) ? -1n : 1n;
  const n = Number(result);
  if (!Number.isSafeInteger(n)) throw new DecimalError('amount out of range');
  return n;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
