import { readFileSync } from 'node:fs';
import type { CliContext, CliIO } from './context.ts';
import { createContext, Interrupted, UsageError } from './context.ts';
import type { SecretStore } from '../core/secrets/index.ts';
import { UserError } from '../core/errors.ts';
import type { CommandSpec, Flags, Spec } from './command.ts';
import { isGroup, orList, parseCommand, wantsHelp } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { commandHelp, groupHelp, topHelp } from './help.ts';
import { didYouMean } from '../shared/suggest.ts';
import { scrubSecrets } from '../core/secrets/scrub.ts';
import { systemErrorText } from './files.ts';
import { resolveHome } from '../core/paths.ts';
import { log } from '../core/log/log.ts';
import { startProcessLog } from '../core/log/process-log.ts';

/** Commands that write no log: they touch no data (and `logs` only reads it). */
const UNLOGGED = new Set(['providers', 'logs', 'help', 'completion']);

/** Run one CLI invocation; returns the exit code. Errors become one line on stderr. */
export async function run(argv: string[], io: CliIO, secrets?: SecretStore): Promise<number> {
  let ctx: CliContext | null = null;
  const name = argv[0];
  // The data folder's log: opened only if this run has something to say (most have nothing).
  const logFile =
    name !== undefined && !UNLOGGED.has(name) && COMMANDS.some((c) => c.name === name)
      ? startProcessLog(resolveHome(io.env), 'cli')
      : null;
  try {
    ctx = createContext(io, secrets);
    return await dispatch(ctx, argv);
  } catch (error) {
    return report(io, error, name ?? '');
  } finally {
    // Alerts raised by this run go out to the channels before the database closes.
    await ctx?.settle();
    ctx?.close();
    await logFile?.close();
  }
}

async function dispatch(ctx: CliContext, argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Asked for nothing: the overview, on stderr, and a usage exit code (scripts notice).
    ctx.io.stderr.write(`${topHelp(COMMANDS, helpOptions(ctx))}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h') return say(ctx, topHelp(COMMANDS, helpOptions(ctx)));
  if (name === '--version' || name === '-V') return say(ctx, `burnrate ${version()}`);
  if (name === 'help') return help(ctx, rest);
  if (name.startsWith('-'))
    throw new UsageError(`unknown flag '${name.split('=')[0]}': flags go after the command (burnrate --help)`);
  const spec = await load(name);
  if (isGroup(spec)) {
    const [sub, ...subArgs] = rest;
    if (sub === undefined || sub.startsWith('-')) {
      if (wantsHelp(rest)) return say(ctx, groupHelp(spec, helpOptions(ctx)));
      if (spec.default !== undefined) return runCommand(ctx, name, subcommand(name, spec.commands, spec.default), rest);
      const names = spec.commands.map((c) => c.name);
      throw new UsageError(`${name} needs a subcommand: ${orList(names)} (burnrate ${name} --help)`);
    }
    const command = subcommand(spec.name, spec.commands, sub);
    return runCommand(ctx, `${name} ${sub}`, command, subArgs);
  }
  return runCommand(ctx, name, spec, rest);
}

async function runCommand(ctx: CliContext, path: string, spec: CommandSpec<Flags>, argv: string[]): Promise<number> {
  if (wantsHelp(argv)) return say(ctx, commandHelp(path, spec, helpOptions(ctx)));
  const parsed = parseCommand(path, spec, argv);
  if (spec.engine !== false) await ctx.loadEngine();
  return spec.run(ctx, parsed);
}

/** `help`, `help <command>`, `help <command> <subcommand>`. */
async function help(ctx: CliContext, argv: string[]): Promise<number> {
  const [name, sub, extra] = argv.filter((a) => a !== '--help' && a !== '-h');
  if (name === undefined) return say(ctx, topHelp(COMMANDS, helpOptions(ctx)));
  const spec = await load(name);
  if (!isGroup(spec)) {
    if (sub !== undefined) throw new UsageError(`${name} has no subcommands (burnrate help ${name})`);
    return say(ctx, commandHelp(name, spec, helpOptions(ctx)));
  }
  if (sub === undefined) return say(ctx, groupHelp(spec, helpOptions(ctx)));
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra.slice(0, 40))} for help`);
  return say(ctx, commandHelp(`${name} ${sub}`, subcommand(name, spec.commands, sub), helpOptions(ctx)));
}

async function load(name: string): Promise<Spec> {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry)
    throw new UsageError(
      `unknown command ${JSON.stringify(name.slice(0, 40))}${
        didYouMean(
          name,
          COMMANDS.map((c) => c.name),
        ) || ' (try: burnrate --help)'
      }`,
    );
  return entry.load();
}

function subcommand(group: string, commands: ReadonlyArray<CommandSpec<Flags>>, name: string): CommandSpec<Flags> {
  const found = commands.find((c) => c.name === name);
  if (found) return found;
  const names = commands.map((c) => c.name);
  throw new UsageError(
    `unknown ${group} subcommand ${JSON.stringify(name.slice(0, 40))}${didYouMean(name, names) || ` (${names.join(', ')})`}`,
  );
}

function say(ctx: CliContext, text: string): number {
  ctx.io.stdout.write(`${text}\n`);
  return 0;
}

const helpOptions = (ctx: CliContext) => ({ term: ctx.term, paint: ctx.paint, version: version() });

let cachedVersion: string | null = null;
/** The version in package.json (the CLI runs from its checkout). */
export function version(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}

function report(io: CliIO, error: unknown, command: string): number {
  // Errors can quote provider text (a task lookup's reply): scrubbed like every other output.
  const say = (text: string) => io.stderr.write(`burnrate: ${scrubSecrets(text.split('\n')[0] ?? '')}\n`);
  if (error instanceof Interrupted) {
    say('cancelled; nothing was left half-done');
    return 130;
  }
  if (error instanceof UsageError) {
    say(error.message);
    return 2;
  }
  if (error instanceof UserError) {
    say(error.message);
    return 1;
  }
  // The OS refused a file operation (an export to a folder that is not there, not writable,
  // or a folder where a file was meant): the user's to fix, not a bug.
  const system = systemErrorText(error);
  if (system) {
    say(system);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(`${command} failed`, { err: error, command });
  say(`internal error: ${message} (details in \`burnrate logs\`)`);
  return 70;
}
