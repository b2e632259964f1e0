/**
 * Exact fractions for prices. A token costs $0.000000525 and a new-api ratio can be
 * 0.13698630136986303: neither fits the store's micro-units, and a float would make
 * "how many does the balance buy" wrong at the boundary. Every price is a decimal, so it
 * parses into an exact fraction of BigInts; products and quotients stay exact, and only
 * the final figures are rounded (counts down to whole units, amounts to a stated scale).
 */

export class PriceError extends Error {
  override name = 'PriceError';
}

/** n / d, reduced, d > 0. */
export interface Exact {
  readonly n: bigint;
  readonly d: bigint;
}

const DECIMAL_RE = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Far beyond any price or balance; bounds what a reply can make us allocate. */
const MAX_DIGITS = 60;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function exact(n: bigint, d: bigint = 1n): Exact {
  if (d === 0n) throw new PriceError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ONE = exact(1n);

/**
 * A JSON number or a decimal string ("0.525", "1e-7", 0.13698630136986303) as an exact
 * fraction. A number is taken as the shortest decimal that prints it, which is what the
 * provider wrote. Throws PriceError for anything else (NaN, "", "1/3", objects).
 */
export function parseExact(value: unknown): Exact {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PriceError(`not a finite number: ${String(value)}`);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new PriceError(`expected a number, got ${value === null ? 'null' : typeof value}`);
  }
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === '')))
    throw new PriceError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_DIGITS || int.length + frac.length > MAX_DIGITS)
    throw new PriceError(`number out of range: ${JSON.stringify(text.slice(0, 40))}`);
  const digits = BigInt(`${int}${frac}` || '0');
  const scale = frac.length - exponent;
  const value10 = scale >= 0 ? exact(digits, 10n ** BigInt(scale)) : exact(digits * 10n ** BigInt(-scale));
  return m[1] === '-' ? exact(-value10.n, value10.d) : value10;
}

export const mul = (a: Exact, b: Exact): Exact => exact(a.n * b.n, a.d * b.d);
export const div = (a: Exact, b: Exact): Exact => {
  if (b.n === 0n) throw new PriceError('division by zero');
  return exact(a.n * b.d, a.d * b.n);
};
export const add = (a: Exact, b: Exact): Exact => exact(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Exact, b: Exact): Exact => exact(a.n * b.d - b.n * a.d, a.d * b.d);
export const cmp = (a: Exact, b: Exact): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const isPositive = (a: Exact): boolean => a.n > 0n;
export const product = (xs: readonly Exact[]): Exact => xs.reduce(mul, ONE);

/** ⌊a⌋ (towards −∞). */
export function floor(a: Exact): bigint {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}

/** How many whole `each` fit in `total` (0 when none, or when `each` is not positive). */
export function wholeTimes(total: Exact, each: Exact): bigint {
  if (!isPositive(each) || !isPositive(total)) return 0n;
  return floor(div(total, each));
}

/**
 * A decimal string: exact when the fraction ends within `maxDecimals` digits, otherwise
 * rounded half away from zero to that many ("0.000000525", "1.333333333333").
 */
export function toDecimal(a: Exact, maxDecimals = 12): string {
  const negative = a.n < 0n;
  const abs = negative ? -a.n : a.n;
  const scale = 10n ** BigInt(maxDecimals);
  const scaled = abs * scale;
  let q = scaled / a.d;
  if ((scaled % a.d) * 2n >= a.d) q += 1n;
  const int = q / scale;
  const frac = (q % scale).toString().padStart(maxDecimals, '0').replace(/0+$/, '');
  const text = `${int}${frac ? `.${frac}` : ''}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** A float, for display-only figures (per-day rates); never for money that is summed. */
export function toNumber(a: Exact): number {
  return Number(a.n) / Number(a.d);
}
