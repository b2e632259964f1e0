import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../helpers/cli-inproc.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { listProviders } from '../../src/core/providers/registry.ts';

/**
 * The completion scripts run in the real shells: bash and zsh functions are called the way
 * the shell's completion calls them, fish answers `complete -C`. Account names come from
 * `burnrate completion --values account`, which the scripts call by the name `burnrate`:
 * here a stub of that name on PATH runs this checkout's CLI against a test home.
 */
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

async function script(shell: string): Promise<string> {
  const r = await cliInProcess(['completion', shell]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  const file = path.join(tempDir(), `burnrate.${shell}`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** A `burnrate` on PATH answering --values from a prepared list (the real command's output). */
function stubBurnrate(values: string): string {
  const dir = tempDir();
  const list = path.join(dir, 'accounts.txt');
  fs.writeFileSync(list, values);
  fs.writeFileSync(path.join(dir, 'burnrate'), `#!/bin/sh\n[ "$2" = "--values" ] && cat ${JSON.stringify(list)}\n`, {
    mode: 0o755,
  });
  return dir;
}

const providers = listProviders().map((p) => p.id);

describe('burnrate completion --values', () => {
  it('lists account labels and ids, one per line, for the scripts to offer', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const add = (label: string) =>
      cliInProcess(['accounts', 'add', '--provider', 'openrouter', '--label', label, '--key-stdin', '--json'], {
        home,
        secrets,
        stdin: 'sk-or-v1-abc',
      });
    const main = JSON.parse((await add('main')).stdout) as { id: string };
    const team = JSON.parse((await add('team')).stdout) as { id: string };
    const r = await cliInProcess(['completion', '--values', 'account'], { home, secrets });
    expect(r).toEqual({ code: 0, stdout: `main\n${main.id}\nteam\n${team.id}\n`, stderr: '' });
    expect((await cliInProcess(['completion', '--values', 'channel'], { home, secrets })).stdout).toBe('');
  });

  it('needs a shell, and names the ones it knows', async () => {
    expect((await cliInProcess(['completion'])).stderr).toBe(
      'burnrate: completion needs a shell: bash, zsh, fish (burnrate completion bash)\n',
    );
  });
});

describe.skipIf(!has('bash'))('bash completion (bash is not installed)', () => {
  it('completes commands, subcommands, flags, flag values, accounts and files', async () => {
    const file = await script('bash');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'march.csv'), '');
    const bin = stubBurnrate('main\nacc_123\nteam\n');
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _burnrate; printf '%s\\n' "\${COMPREPLY[@]}"`,
          file,
          'burnrate',
          ...words,
        ],
        { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, cwd: dir, encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);
    expect(complete('sta')).toEqual(['status']);
    expect(complete('accounts', '')).toEqual(['add', 'list', 'remove', 'site', 'link', 'unlink']);
    expect(complete('accounts', 'add', '--pro')).toEqual(['--provider']);
    expect(complete('accounts', 'add', '--provider', '')).toEqual(providers);
    expect(complete('accounts', 'add', '--provider', 'ch')).toEqual(['cheapai', 'cheapa']);
    expect(complete('channels', 'add', '--kind', 's')).toEqual(['slack']);
    expect(complete('status', '--')).toEqual(['--now', '--json', '--help']);
    expect(complete('accounts', 'remove', '')).toEqual(['main', 'acc_123', 'team']);
    expect(complete('poll', '--account', 't')).toEqual(['team']);
    expect(complete('import', 'mar')).toEqual(['march.csv']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('help', 'acc')).toEqual(['accounts']);
  });
});

describe.skipIf(!has('zsh'))('zsh completion (zsh is not installed)', () => {
  it('offers commands and flags with what they do, and values like bash', async () => {
    const file = await script('zsh');
    expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
    const bin = stubBurnrate('main\nteam\n');
    // The completion system's builtins, recorded instead of drawn: what _burnrate offers.
    const harness = `
      compdef() { :; }
      compadd() { [[ $1 == -- ]] && shift; print -r -- "values: $*"; }
      _describe() { local arr=\${@[-1]}; print -rl -- "\${(@P)arr}"; }
      _files() { print -r -- files; }
      source "$1"; shift
      words=("$@"); CURRENT=\${#words}; _burnrate`;
    const complete = (...words: string[]) =>
      execFileSync('zsh', ['-c', harness, 'zsh', file, 'burnrate', ...words], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean);
    expect(complete('')).toContain('status:health, balance, burn, runway, cap and packs of every account (or one)');
    expect(complete('accounts', '')).toContain('add:add an account to watch');
    expect(complete('status', '--')).toEqual([
      '--now:the figures as of this time',
      '--json:the report as JSON (fields: docs/design.md); with an account, the report of that one',
      '--help:show this help',
    ]);
    expect(complete('accounts', 'add', '--provider', '')).toEqual([`values: ${providers.join(' ')}`]);
    expect(complete('history', '--account', '')).toEqual(['values: main team']);
    expect(complete('import', '')).toEqual(['files']);
  });
});

describe.skipIf(!has('fish'))('fish completion (fish is not installed)', () => {
  it('completes with descriptions, and never offers files where a name is wanted', async () => {
    const file = await script('fish');
    const bin = stubBurnrate('main\nteam\n');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'march.csv'), '');
    const complete = (line: string) =>
      execFileSync('fish', ['-c', `source ${JSON.stringify(file)}; complete -C${JSON.stringify(line)}`], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        cwd: dir,
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean);
    expect(complete('burnrate sta')).toEqual([
      'status\thealth, balance, burn, runway, cap and packs of every account (or one)',
    ]);
    expect(complete('burnrate accounts ').map((l) => l.split('\t')[0])).toEqual([
      'add',
      'link',
      'list',
      'remove',
      'site',
      'unlink',
    ]);
    expect(complete('burnrate accounts add --pro')).toEqual([
      '--provider\twhose account it is (burnrate providers lists the ids)',
    ]);
    expect(complete('burnrate accounts add --provider ch').map((l) => l.split('\t')[0])).toEqual(['cheapa', 'cheapai']);
    expect(complete('burnrate poll --account ').map((l) => l.split('\t')[0])).toEqual(['main', 'team']);
    expect(complete('burnrate import mar')).toEqual(['march.csv']);
    expect(complete('burnrate completion ')).toEqual(['bash', 'fish', 'zsh']);
  });
});
