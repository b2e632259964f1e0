import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../helpers/cli-inproc.ts';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { isGroup } from '../../src/cli/command.ts';
import type { CommandSpec, Flags } from '../../src/cli/command.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** Every runnable command: [path, spec], e.g. ["accounts add", …]. */
async function everyCommand(): Promise<Array<[string, CommandSpec<Flags>]>> {
  const out: Array<[string, CommandSpec<Flags>]> = [];
  for (const entry of COMMANDS) {
    const spec = await entry.load();
    if (isGroup(spec)) for (const c of spec.commands) out.push([`${entry.name} ${c.name}`, c]);
    else out.push([entry.name, spec]);
  }
  return out;
}

describe('burnrate --help and help <command>', () => {
  it('lists every command with its one line, the flags, the environment and examples', async () => {
    const r = await cliInProcess(['--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^burnrate ${version.replace(/\./g, '\\.')} — `));
    for (const c of COMMANDS)
      expect(r.stdout).toMatch(new RegExp(`^  ${c.name} +${escape(c.summary.slice(0, 20))}`, 'm'));
    for (const part of ['Usage', 'Flags', 'Environment', 'Examples', 'BURNRATE_HOME', 'NO_COLOR', '--version'])
      expect(r.stdout).toContain(part);
    expect((await cliInProcess(['-h'])).stdout).toBe(r.stdout);
    expect((await cliInProcess(['help'])).stdout).toBe(r.stdout);
  });

  it('with no command at all, prints the same overview on stderr and exits 2', async () => {
    const r = await cliInProcess([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe((await cliInProcess(['--help'])).stdout);
  });

  it('every command describes itself: summary, usage, each flag with its value, default and choices, examples', async () => {
    for (const [name, spec] of await everyCommand()) {
      expect(spec.summary, name).toMatch(/\S/);
      expect(spec.examples.length, `${name} has an example`).toBeGreaterThan(0);
      for (const e of spec.examples) expect(e.run.startsWith(name.split(' ')[0]!), `${name}: ${e.run}`).toBe(true);
      const r = await cliInProcess([...name.split(' '), '--help']);
      expect(r, name).toMatchObject({ code: 0, stderr: '' });
      const flat = r.stdout.replace(/\s+/g, ' ');
      expect(flat).toContain(`burnrate ${name} — ${spec.summary}`);
      expect(r.stdout).toMatch(new RegExp(`Usage\\n  burnrate ${name}`));
      for (const [flag, f] of Object.entries(spec.flags)) {
        if (f.hidden) {
          expect(r.stdout, `${name} hides --${flag}`).not.toContain(`--${flag}`);
          continue;
        }
        expect(f.help, `${name} --${flag}`).toMatch(/\S/);
        expect(r.stdout, `${name} --${flag}`).toContain(`--${flag}`);
        if (f.default !== undefined) expect(flat).toContain(`default: ${f.default}`);
        if (f.choices && f.value) expect(flat).toContain(`one of ${f.choices.join(', ')}`);
        if (f.required) expect(r.stdout).toMatch(new RegExp(`^  burnrate ${name}.*--${flag}`, 'm'));
      }
      for (const e of spec.examples) expect(r.stdout).toContain(`$ burnrate ${e.run}`);
      // The same text three ways.
      expect((await cliInProcess(['help', ...name.split(' ')])).stdout, name).toBe(r.stdout);
      expect((await cliInProcess([...name.split(' '), '-h'])).stdout, name).toBe(r.stdout);
    }
  });

  it('--help wins over anything else on the line, even an unknown flag, and runs nothing', async () => {
    const home = tempDir();
    const r = await cliInProcess(['accounts', 'add', '--provider', 'nope', '--bogus', '--help'], { home });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('burnrate accounts add — ');
    expect(fs.existsSync(path.join(home, 'burnrate.db'))).toBe(false);
    // After `--`, "--help" is an argument, not a request for help.
    expect((await cliInProcess(['import', '--', '--help'], { home })).stderr).toMatch(/cannot read --help/);
  });

  it('a group lists its subcommands; without one it says which it takes', async () => {
    const r = await cliInProcess(['accounts', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Subcommands\n {2}add +add an account to watch\n {2}list /);
    expect((await cliInProcess(['help', 'accounts'])).stdout).toBe(r.stdout);
    const bare = await cliInProcess(['accounts']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe(
      'burnrate: accounts needs a subcommand: add, list, remove, site, link or unlink (burnrate accounts --help)\n',
    );
  });

  it('help text fits the terminal: no line wider than the columns it was given', async () => {
    for (const columns of [60, 80]) {
      for (const args of [['--help'], ['accounts', 'add', '--help'], ['packs', 'add', '--help']]) {
        const r = await cliInProcess(args, { tty: { columns }, env: { NO_COLOR: '1' } });
        const wide = r.stdout.split('\n').filter((l) => l.length > columns && !l.includes('$ burnrate'));
        expect(wide, `${args.join(' ')} at ${columns}`).toEqual([]);
      }
    }
  });
});

describe('burnrate --version', () => {
  it('prints the version from package.json, as -V too', async () => {
    expect(await cliInProcess(['--version'])).toEqual({ code: 0, stdout: `burnrate ${version}\n`, stderr: '' });
    expect((await cliInProcess(['-V'])).stdout).toBe(`burnrate ${version}\n`);
  });

  it('starts without loading the engine (a real process, as a user runs it)', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `burnrate ${version}\n`, stderr: '' });
  });
});

describe('did you mean', () => {
  it.each([
    [['stauts'], 'unknown command "stauts" (did you mean status?)'],
    [['acount', 'list'], 'unknown command "acount" (did you mean accounts?)'],
    [['frobnicate'], 'unknown command "frobnicate" (try: burnrate --help)'],
    [['accounts', 'lst'], 'unknown accounts subcommand "lst" (did you mean list?)'],
    [['accounts', 'frob'], 'unknown accounts subcommand "frob" (add, list, remove, site, link, unlink)'],
    [['help', 'stauts'], 'unknown command "stauts" (did you mean status?)'],
    [['status', '--jsn'], "unknown flag '--jsn' for status (did you mean --json?)"],
    [['status', '--xyzzy'], "unknown flag '--xyzzy' for status (burnrate status --help lists them)"],
    [['accounts', 'add', '--lable', 'x'], "unknown flag '--lable' for accounts add (did you mean --label?)"],
    [['history', '--account', 'a', '--format', 'cvs'], '--format: unknown format "cvs" (did you mean csv?)'],
    [['channels', 'add', '--kind', 'slak'], '--kind: unknown channel kind "slak" (did you mean slack?)'],
    [
      ['channels', 'add', '--kind', 'pager'],
      '--kind: unknown channel kind "pager" (one of webhook, ntfy, gotify, bark, telegram, slack or discord)',
    ],
    [['completion', 'zhs'], 'unknown shell "zhs" (did you mean zsh?)'],
    [['settings', 'get', 'cnyPerUSD'], 'unknown setting "cnyPerUSD" (did you mean cnyPerUsd?)'],
    [['--json'], "unknown flag '--json': flags go after the command (burnrate --help)"],
  ])('%j → one line with a suggestion', async (args, message) => {
    const r = await cliInProcess(args, { home: tempDir() });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `burnrate: ${message}\n` });
  });

  it('provider ids: another case is named, a typo gets the nearest ids (exit 1, nothing added)', async () => {
    const home = tempDir();
    const upper = await cliInProcess(['accounts', 'add', '--provider', 'CheapAI', '--label', 'x', '--key-stdin'], {
      home,
      stdin: 'sk_x',
    });
    expect(upper).toEqual({
      code: 1,
      stdout: '',
      stderr: 'burnrate: unknown provider "CheapAI" (did you mean cheapai?)\n',
    });
    const typo = await cliInProcess(['accounts', 'add', '--provider', 'openroter', '--label', 'x', '--key-stdin'], {
      home,
      stdin: 'sk_x',
    });
    expect(typo.stderr).toBe('burnrate: unknown provider "openroter" (did you mean openrouter?)\n');
    const far = await cliInProcess(['accounts', 'add', '--provider', 'nope', '--label', 'x', '--key-stdin'], { home });
    expect(far.stderr).toBe('burnrate: unknown provider "nope" (see: burnrate providers)\n');
    expect(JSON.parse((await cliInProcess(['accounts', 'list', '--json'], { home })).stdout)).toEqual([]);
  });
});

describe('a key on the command line', () => {
  it.each([
    [['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--key', 'sk_live_SECRET123']],
    [['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--key=sk_live_SECRET123']],
    [['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--api-key=sk_live_SECRET123']],
  ])('%j points to --key-stdin and the prompt, and never repeats the key', async (args) => {
    const home = tempDir();
    const r = await cliInProcess(args, { home });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^burnrate: unknown flag '--(api-)?key': keys are read from stdin: pipe it to --key-stdin, or run without it in a terminal to be prompted/,
    );
    expect(r.stderr).not.toContain('SECRET123');
    expect(fs.existsSync(path.join(home, 'burnrate.db'))).toBe(false);
  });

  it('without --key-stdin and without a terminal, a missing key names the flag (exit 1, nothing added)', async () => {
    const home = tempDir();
    const r = await cliInProcess(['accounts', 'add', '--provider', 'openrouter', '--label', 'x'], { home });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'burnrate: OpenRouter needs an API key: pipe it to --key-stdin, or run in a terminal to be prompted\n',
    });
    const empty = await cliInProcess(['accounts', 'add', '--provider', 'openrouter', '--label', 'x', '--key-stdin'], {
      home,
      stdin: '\n',
    });
    expect(empty.stderr).toBe('burnrate: the key read from stdin is empty (--key-stdin reads one line from stdin)\n');
    expect(JSON.parse((await cliInProcess(['accounts', 'list', '--json'], { home })).stdout)).toEqual([]);
  });
});
