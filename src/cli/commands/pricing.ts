/**
 * What the pricing commands share: `buys` (buys.ts), `estimate` (estimate.ts) and the
 * `prices` group (prices.ts) print provider text through `plain` and read `--param k=v`.
 */
import { UsageError } from '../context.ts';

/** Control characters from a provider's list must not reach a terminal. */
export const plain = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]/gu, '?');
export const paramsText = (p: Record<string, string>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** `--param k=v` pairs (repeatable) into an object; malformed or repeated names are usage errors. */
export function parseParams(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects name=value, got ${JSON.stringify(pair.slice(0, 60))}`);
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!/^[A-Za-z][A-Za-z0-9_]{0,30}$/.test(name))
      throw new UsageError(`--param: bad parameter name ${JSON.stringify(name.slice(0, 40))}`);
    if (!value) throw new UsageError(`--param ${name} has no value`);
    if (Object.hasOwn(out, name)) throw new UsageError(`--param ${name} is given twice`);
    out[name] = value;
  }
  return out;
}

export const OFFLINE_FLAG = { type: 'boolean', help: 'use cached and catalog prices only; ask no provider' } as const;

export const PARAM_FLAG = {
  type: 'string',
  value: '<name=value>',
  multiple: true,
  help: "a variant's parameter, such as size=1024x1024 or quality=high",
} as const;
