import type { ArgSpec, CommandSpec, Example, FlagSpec, Flags, GroupSpec } from './command.ts';
import type { CommandEntry } from './commands/index.ts';
import { SECTIONS } from './commands/index.ts';
import type { Paint, Terminal } from './ui/terminal.ts';
import { displayWidth, pad, wrap } from './ui/text.ts';

/**
 * Help, rendered from the commands' own descriptions: usage, arguments, flags with their
 * defaults and choices, and examples, wrapped to the terminal (at most 100 columns, easier
 * to read than a full-width paragraph).
 */
const MAX_WIDTH = 100;

interface HelpOptions {
  term: Terminal;
  paint: Paint;
  version: string;
}

export function topHelp(commands: readonly CommandEntry[], o: HelpOptions): string {
  const width = Math.min(o.term.width, MAX_WIDTH);
  const h = (text: string) => o.paint('bold', text);
  const out: string[] = [
    ...wrap(
      `burnrate ${o.version} — watch what your prepaid AI API accounts cost: balances, burn, runway, expiring packs and caps`,
      width,
    ),
    '',
    h('Usage'),
    '  burnrate <command> [subcommand] [flags]',
  ];
  const nameWidth = Math.max(...commands.map((c) => c.name.length)) + 3;
  for (const [section, title] of Object.entries(SECTIONS)) {
    const inSection = commands.filter((c) => c.section === section);
    if (inSection.length === 0) continue;
    out.push('', h(title));
    for (const c of inSection) out.push(...twoColumns(`  ${c.name}`, c.summary, nameWidth, width));
  }
  out.push('', h('Flags'));
  out.push(...flagRows([HELP_ROW, VERSION_ROW], width));
  out.push('', h('Environment'));
  const envWidth = Math.max(...ENVIRONMENT.map(([name]) => name.length)) + 3;
  for (const [name, text] of ENVIRONMENT) out.push(...twoColumns(`  ${name}`, text, envWidth, width));
  out.push('', h('Examples'));
  out.push(...examples(TOP_EXAMPLES, o, width));
  out.push(
    '',
    ...wrap(
      "Run 'burnrate help <command>' or 'burnrate <command> --help' for a command's flags and examples. Keys live in the OS keychain, never in files or the command line.",
      width,
    ),
  );
  return out.join('\n');
}

export function groupHelp(spec: GroupSpec, o: HelpOptions): string {
  const width = Math.min(o.term.width, MAX_WIDTH);
  const h = (text: string) => o.paint('bold', text);
  const out = wrap(`burnrate ${spec.name} — ${spec.summary}`, width);
  if (spec.description) out.push('', ...wrap(spec.description, width));
  out.push('', h('Usage'), `  burnrate ${spec.name} <subcommand> [flags]`);
  if (spec.default !== undefined)
    out.push(`  burnrate ${spec.name} [flags]   (the same as ${spec.name} ${spec.default})`);
  out.push('', h('Subcommands'));
  const nameWidth = Math.max(...spec.commands.map((c) => c.name.length)) + 3;
  for (const c of spec.commands) out.push(...twoColumns(`  ${c.name}`, c.summary, nameWidth, width));
  out.push('', h('Examples'), ...examples(spec.examples, o, width));
  out.push('', `Run 'burnrate help ${spec.name} <subcommand>' for its flags and examples.`);
  return out.join('\n');
}

export function commandHelp(path: string, spec: CommandSpec<Flags>, o: HelpOptions): string {
  const width = Math.min(o.term.width, MAX_WIDTH);
  const h = (text: string) => o.paint('bold', text);
  const out = wrap(`burnrate ${path} — ${spec.summary}`, width);
  if (spec.description) out.push('', ...wrap(spec.description, width));
  out.push('', h('Usage'), ...wrap(usageLine(path, spec), width - 2).map((l) => `  ${l}`));
  const args = spec.args ?? [];
  if (args.length) {
    out.push('', h('Arguments'));
    const w = Math.max(...args.map((a) => argName(a).length)) + 2;
    for (const a of args) out.push(...twoColumns(`  ${argName(a)}`, a.help, w, width));
  }
  out.push('', h('Flags'));
  const rows = Object.entries(spec.flags)
    .filter(([, f]) => !f.hidden)
    .map(([name, f]) => ({ left: flagLeft(name, f), right: flagRight(f) }));
  out.push(...flagRows([...rows, HELP_ROW], width));
  if (spec.examples.length) out.push('', h('Examples'), ...examples(spec.examples, o, width));
  return out.join('\n');
}

/** "accounts add --provider <id> --label <text> [flags]" */
export function usageLine(path: string, spec: CommandSpec<Flags>): string {
  const parts = [`burnrate ${path}`];
  for (const a of spec.args ?? []) parts.push(a.required ? argName(a) : `[${argName(a)}]`);
  for (const [name, f] of Object.entries(spec.flags)) {
    if (!f.required) continue;
    parts.push(f.type === 'string' ? `--${name} ${valueName(f)}` : `--${name}`);
  }
  if (Object.values(spec.flags).some((f) => !f.required && !f.hidden)) parts.push('[flags]');
  return parts.join(' ');
}

const argName = (a: ArgSpec) => `<${a.name}>${a.variadic ? '...' : ''}`;

const valueName = (f: FlagSpec) => f.value ?? (f.choices ? f.choices.join('|') : '<value>');

function flagLeft(name: string, f: FlagSpec): string {
  const short = f.short ? `-${f.short}, ` : '    ';
  const value = f.type === 'string' ? ` ${valueName(f)}` : '';
  return `  ${short}--${name}${value}`;
}

function flagRight(f: FlagSpec): string {
  const notes: string[] = [];
  if (f.required) notes.push('required');
  if (f.choices && f.value) notes.push(`one of ${f.choices.join(', ')}`);
  if (f.default !== undefined) notes.push(`default: ${f.default}`);
  if (f.multiple) notes.push('may be repeated');
  return notes.length ? `${f.help} (${notes.join('; ')})` : f.help;
}

const HELP_ROW = { left: '  -h, --help', right: 'show this help' };
const VERSION_ROW = { left: '  -V, --version', right: 'print the version' };

const ENVIRONMENT: Array<[string, string]> = [
  ['BURNRATE_HOME', "where the database lives (default: the app's data folder, shared with the app)"],
  ['NO_COLOR', 'set to anything: no colours or symbols'],
  ['COLUMNS', 'the line width when the output is not a terminal (default 120)'],
];

const TOP_EXAMPLES: Example[] = [
  { run: 'accounts add --provider cheapai --label main', does: 'add an account; the key is asked for, hidden' },
  { run: 'poll', does: 'read every balance now' },
  { run: 'status', does: 'where every account stands, most urgent first' },
  { run: 'status --json', does: 'the same for scripts (fields: docs/design.md)' },
];

function flagRows(rows: Array<{ left: string; right: string }>, width: number): string[] {
  // The left column is as wide as its widest entry, but never more than 32 columns.
  const natural = Math.max(...rows.map((r) => displayWidth(r.left))) + 3;
  const leftWidth = Math.min(natural, 32);
  return rows.flatMap((r) => twoColumns(r.left, r.right, leftWidth, width));
}

/** A name and its text, the text wrapped in its own column (or below, when the name is wider). */
function twoColumns(left: string, right: string, leftWidth: number, width: number): string[] {
  const textWidth = Math.max(20, width - leftWidth - 1);
  const lines = wrap(right, textWidth);
  if (displayWidth(left) + 1 > leftWidth) {
    return [left, ...lines.map((l) => ' '.repeat(leftWidth + 1) + l)];
  }
  return lines.map((l, i) => (i === 0 ? `${pad(left, leftWidth)} ${l}` : ' '.repeat(leftWidth + 1) + l).trimEnd());
}

function examples(list: readonly Example[], o: HelpOptions, width: number): string[] {
  const out: string[] = [];
  list.forEach((e, i) => {
    if (i > 0) out.push('');
    for (const line of wrap(`# ${e.does}`, width - 2)) out.push(`  ${o.paint('dim', line)}`);
    out.push(`  $ burnrate ${e.run}`);
  });
  return out;
}
