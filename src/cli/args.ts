import { UsageError } from './context.ts';

/** `--set name=value` pairs into an object; rejects malformed pairs and repeats. */
export function parseSetPairs(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects name=value, got ${JSON.stringify(pair)}`);
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--set: bad option name ${JSON.stringify(name)}`);
    if (name in out) throw new UsageError(`--set ${name} is given twice`);
    out[name] = value;
  }
  return { ...out };
}

/** A whole-number flag within [min, max]; anything else (1e21, 99999999999999999999) is a usage error. */
export function parseIntFlag(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} expects a whole number, got ${JSON.stringify(value.slice(0, 40))}`);
  const n = Number(value);
  if (n < min) throw new UsageError(`--${name} must be at least ${min}`);
  if (!Number.isSafeInteger(n) || n > max) throw new UsageError(`--${name} must be at most ${max}`);
  return n;
}
