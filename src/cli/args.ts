import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './context.ts';
import type { CliContext } from './context.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing: unknown flags, missing values and stray arguments are usage errors
 * with the offending flag named, never silently ignored.
 */
export function parse<O extends Options>(argv: string[], options: O, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(cleanParseError(error));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`);
  }
  return parsed;
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')[0]!
    .replace(/\. To specify a positional argument.*$/, '')
    .replace(/^Unknown option/, 'unknown flag');
}

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

/** One subcommand's handler: the arguments after its name. */
export type Subcommand = (ctx: CliContext, argv: string[]) => number | Promise<number>;

/**
 * `<command> <subcommand> …`: run the named subcommand with the rest of the arguments. A
 * missing or unknown one is a usage error listing the choices, the same wording everywhere.
 */
export function runSubcommand(
  command: string,
  ctx: CliContext,
  argv: string[],
  subcommands: Record<string, Subcommand>,
): number | Promise<number> {
  const [sub, ...rest] = argv;
  const names = Object.keys(subcommands);
  if (sub === undefined) {
    const choices = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
    throw new UsageError(`${command} needs a subcommand: ${choices}`);
  }
  const run = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (!run) throw new UsageError(`unknown ${command} subcommand ${JSON.stringify(sub)} (${names.join(', ')})`);
  return run(ctx, rest);
}
