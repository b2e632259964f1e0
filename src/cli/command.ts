import { parseArgs } from 'node:util';
import type { CliContext } from './context.ts';
import { UsageError } from './context.ts';
import { didYouMean } from '../shared/suggest.ts';

/**
 * A command is one self-describing module: what it is for, its arguments and flags (with
 * their values, defaults and choices), examples, and the handler. Help, `help <command>`,
 * shell completion, did-you-mean and the parsing of its arguments all read this one
 * description, so a flag added here is parsed, documented and completed at once.
 *
 * A command with subcommands (`accounts add|list|…`) is a group of such commands.
 */

/** What a shell may complete a flag's value or an argument with. */
export type Completion = 'account' | 'provider' | 'file' | 'channel';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** May be given more than once (`--set a=1 --set b=2`); the values arrive as a list. */
  multiple?: boolean;
  /** One-letter alias (`-n`). */
  short?: string;
  /** The value's name in help and usage: "<id|label>". Defaults to "<value>". */
  value?: string;
  /** One line: what it does. */
  help: string;
  /** The default as help shows it ("300 (5 min)", "the provider's"). */
  default?: string;
  /** The command refuses to run without it ("<command> needs --flag <value>"). */
  required?: boolean;
  /** The values it accepts: checked (with a suggestion), shown in help and completed. */
  choices?: readonly string[];
  /** What a value outside the choices is called in the error: "channel kind" → 'unknown channel kind "x"'. */
  noun?: string;
  /** What a shell completes the value with (choices are completed by themselves). */
  complete?: Completion;
  /** Accepted but left out of help and completion (test-only knobs). */
  hidden?: boolean;
}

export interface ArgSpec {
  name: string;
  /** How an error names it when it is missing: "an account id or label". */
  noun: string;
  help: string;
  required?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
  complete?: Completion;
}

export interface Example {
  /** The command line, without the leading "burnrate". */
  run: string;
  /** What it does, one line. */
  does: string;
}

export type Flags = Record<string, FlagSpec>;

type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? F['multiple'] extends true
    ? boolean[]
    : boolean
  : F['multiple'] extends true
    ? string[]
    : string;

type RequiredKeys<F extends Flags> = { [K in keyof F]: F[K]['required'] extends true ? K : never }[keyof F];

/** Parsed flags: a required flag is always there; the others may be missing. */
export type FlagValues<F extends Flags> = { [K in RequiredKeys<F>]: FlagValue<F[K]> } & {
  [K in Exclude<keyof F, RequiredKeys<F>>]?: FlagValue<F[K]>;
};

export interface Parsed<F extends Flags> {
  values: FlagValues<F>;
  positionals: string[];
}

export interface CommandSpec<F extends Flags = Flags> {
  name: string;
  /** One line, shown in lists: "add an account to watch". */
  summary: string;
  /** More about it, shown in its own help; wrapped to the terminal. */
  description?: string;
  args?: readonly ArgSpec[];
  flags: F;
  examples: readonly Example[];
  /** False for a command that never opens the database: it starts without loading the engine. */
  engine?: boolean;
  run(ctx: CliContext, parsed: Parsed<F>): number | Promise<number>;
}

export interface GroupSpec {
  name: string;
  summary: string;
  description?: string;
  commands: ReadonlyArray<CommandSpec<Flags>>;
  /** The subcommand run when none is named (`alerts` lists, as `alerts list` does). */
  default?: string;
  examples: readonly Example[];
}

export type Spec = CommandSpec<Flags> | GroupSpec;

export const isGroup = (spec: Spec): spec is GroupSpec => 'commands' in spec;

/** Declare a command; the flags' types flow into the handler's `values`. */
export function defineCommand<const F extends Flags>(spec: CommandSpec<F>): CommandSpec<Flags> {
  return spec as unknown as CommandSpec<Flags>;
}

export function defineGroup(spec: GroupSpec): GroupSpec {
  return spec;
}

/** `--json`, the same words on every command. */
export const JSON_FLAG = { type: 'boolean', help: 'print JSON instead of text (fields: docs/design.md)' } as const;

/** The `<account>` argument of commands about one account: an id or a label, completed from the stored ones. */
export const ACCOUNT_ARG = {
  name: 'account',
  noun: 'an account id or label',
  help: "the account's id or label",
  required: true,
  complete: 'account',
} as const;

/** `--account <id|label>`, completed from the stored accounts; `help` says what it narrows to. */
export function accountFlag<const H extends string>(help: H) {
  return { type: 'string', value: '<id|label>', complete: 'account', help } as const;
}

/** `--help` and `-h` work on every command, anywhere before `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

const KEY_HINT =
  'keys are read from stdin: pipe it to --key-stdin, or run without it in a terminal to be prompted (a key in the command line would stay in your shell history)';

/**
 * Parse a command's arguments by its spec: unknown flags, missing values, stray arguments
 * and values outside a flag's choices are usage errors naming the flag, with a suggestion
 * when one is close.
 */
export function parseCommand<F extends Flags>(path: string, spec: CommandSpec<F>, argv: string[]): Parsed<F> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, flag] of Object.entries(spec.flags)) {
    options[name] = {
      type: flag.type,
      ...(flag.multiple ? { multiple: true } : {}),
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  // First find unknown flags by name, so the message can suggest one and never quotes a value
  // (`--key=sk_…` must not be echoed back).
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || Object.hasOwn(options, token.name)) continue;
    const flagNames = Object.entries(spec.flags)
      .filter(([, f]) => !f.hidden)
      .map(([n]) => `--${n}`);
    if (token.name === 'key' || token.name === 'api-key')
      throw new UsageError(`unknown flag '--${token.name}': ${KEY_HINT}`);
    const raw = token.rawName.startsWith('--') ? `--${token.name}` : token.rawName;
    throw new UsageError(
      `unknown flag '${raw}' for ${path}${didYouMean(raw, flagNames) || ` (burnrate ${path} --help lists them)`}`,
    );
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(cleanParseError(error));
  }
  const args = spec.args ?? [];
  const max = args.some((a) => a.variadic) ? Infinity : args.length;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max]!;
    throw new UsageError(
      `unexpected argument ${JSON.stringify(extra.slice(0, 60))} for ${path}${max === 0 ? ' (it takes flags only)' : ''}`,
    );
  }
  args.forEach((arg, i) => {
    if (arg.required && parsed.positionals[i] === undefined) {
      const usage = [`burnrate ${path}`, ...args.map((a) => (a.required ? `<${a.name}>` : `[<${a.name}>]`)), '[flags]'];
      throw new UsageError(`${path} needs ${arg.noun} (usage: ${usage.join(' ')})`);
    }
  });
  const values = parsed.values as Record<string, unknown>;
  for (const [name, flag] of Object.entries(spec.flags)) {
    const value = values[name];
    if (flag.required && value === undefined)
      throw new UsageError(`${path} needs --${name}${flag.type === 'string' ? ` ${flag.value ?? '<value>'}` : ''}`);
    if (flag.choices && value !== undefined) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string' && !flag.choices.includes(v))
          throw new UsageError(
            `--${name}: unknown ${flag.noun ?? 'value'} ${JSON.stringify(v.slice(0, 40))}${
              didYouMean(v, flag.choices) || ` (one of ${orList(flag.choices)})`
            }`,
          );
      }
    }
  }
  return { values: values as FlagValues<F>, positionals: parsed.positionals };
}

/** "a, b or c" */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
  const missing = /^Option '(-\S+)(?:, (--\S+))? <value>' argument missing/.exec(first);
  if (missing) return `${missing[2] ?? missing[1]} needs a value`;
  const ambiguous = /^Option '(-\S+)' argument is ambiguous/.exec(first);
  if (ambiguous) return `${ambiguous[1]} needs a value (a value starting with "-" goes as ${ambiguous[1]}=-…)`;
  const noArg = /^Option '(-\S+)' does not take an argument/.exec(first);
  if (noArg) return `${noArg[1]} takes no value`;
  return first.replace(/^Unknown option/, 'unknown flag');
}
