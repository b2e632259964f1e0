import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../helpers/cli-inproc.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

async function homeWith(...labels: string[]) {
  const home = tempDir();
  const secrets = new MemorySecrets();
  const ids: Record<string, string> = {};
  for (const label of labels) {
    const r = await cliInProcess(['accounts', 'add', '--provider', 'gptimage2', '--label', label, '--json'], {
      home,
      secrets,
    });
    expect(r.stderr).toBe('');
    ids[label] = (JSON.parse(r.stdout) as { id: string }).id;
  }
  const cli = (...args: string[]) => cliInProcess(args, { home, secrets });
  return { home, ids, cli };
}

describe('an account is named by its id or its label, everywhere', () => {
  it('accounts remove, alerts, packs, balance, history and poll take the label as well as the id', async () => {
    const { ids, cli } = await homeWith('images', 'spare');
    expect((await cli('balance', 'set', 'images', '1200')).code).toBe(0);
    expect((await cli('balance', 'set', ids.spare!, '50')).code).toBe(0);
    expect((await cli('alerts', '--account', 'images', '--json')).code).toBe(0);
    expect((await cli('packs', 'list', '--account', 'spare', '--json')).code).toBe(0);
    expect((await cli('history', '--account', 'images', '--format', 'json')).code).toBe(0);
    expect((await cli('poll', '--account', 'images', '--json')).code).toBe(0);
    const removed = await cli('accounts', 'remove', 'images', '--json');
    expect(JSON.parse(removed.stdout)).toEqual({ id: ids.images, removed: true, purged: false });
    expect((await cli('accounts', 'remove', 'spare')).stdout).toBe(
      `removed spare (${ids.spare}); its history is kept\n`,
    );
    // Gone from use, its history is still readable by id.
    expect((await cli('alerts', '--account', ids.images!, '--json')).code).toBe(0);
    expect((await cli('accounts', 'remove', 'images')).stderr).toBe('burnrate: no account with id or label "images"\n');
  });

  it('another case of a label is found; when two accounts share it, both are listed and nothing happens', async () => {
    const { ids, cli } = await homeWith('Main', 'main', 'team');
    const ambiguous = await cli('accounts', 'remove', 'MAIN');
    expect(ambiguous).toEqual({
      code: 1,
      stdout: '',
      stderr: `burnrate: 2 accounts are labelled "MAIN": ${ids.Main} (gptimage2), ${ids.main} (gptimage2); name one by its id\n`,
    });
    expect((await cli('balance', 'set', 'MAIN', '5')).stderr).toMatch(/2 accounts are labelled "MAIN"/);
    // An exact label is not ambiguous.
    expect((await cli('balance', 'set', 'main', '5')).code).toBe(0);
    expect((await cli('balance', 'set', 'TEAM', '5')).stdout).toMatch(/^recorded 5 credits for team/);
    const listed = JSON.parse((await cli('accounts', 'list', '--json')).stdout) as unknown[];
    expect(listed).toHaveLength(3);
  });

  it('a name that matches nothing suggests the nearest label', async () => {
    const { cli } = await homeWith('images', 'team');
    expect((await cli('poll', '--account', 'imgaes')).stderr).toBe(
      'burnrate: no account with id or label "imgaes" (did you mean images?)\n',
    );
  });
});

describe('file errors say why', () => {
  it('import: a missing file, a folder, each with the OS reason', async () => {
    const { cli } = await homeWith();
    const missing = path.join(tempDir(), 'nope.csv');
    expect(await cli('import', missing)).toEqual({
      code: 1,
      stdout: '',
      stderr: `burnrate: cannot read ${missing}: no such file or folder (ENOENT)\n`,
    });
    const folder = tempDir();
    expect((await cli('import', folder)).stderr).toBe(`burnrate: ${folder} is a folder; give the file to import\n`);
  });

  it('export --out: a folder that is not there, or a folder as the file', async () => {
    const { cli } = await homeWith();
    const out = path.join(tempDir(), 'no', 'such', 'x.csv');
    expect(await cli('export', '--format', 'csv', '--out', out)).toEqual({
      code: 1,
      stdout: '',
      stderr: `burnrate: cannot write ${out}: no such file or folder (ENOENT)\n`,
    });
    const folder = tempDir();
    expect((await cli('export', '--format', 'csv', '--out', folder)).stderr).toBe(
      `burnrate: ${folder} is a folder; give a file name to write\n`,
    );
  });

  it('import tells JSON apart whatever it looks like: a byte-order mark, JSON lines, a status report', async () => {
    const { cli, home } = await homeWith('images');
    await cli('balance', 'set', 'images', '1200', '--at', '2026-03-01T10:00:00Z');
    const exported = (await cli('export', '--format', 'json')).stdout;
    const dir = tempDir();
    const bom = path.join(dir, 'bom.json');
    fs.writeFileSync(bom, `\uFEFF${exported}`);
    const fresh = await homeWith();
    const imported = await fresh.cli('import', bom, '--json');
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'json', imported: 1 });

    const lines = path.join(dir, 'watch.json');
    fs.writeFileSync(lines, '{"type":"poll","accountId":"acc_1"}\n{"type":"poll","accountId":"acc_2"}\n');
    expect((await cli('import', lines)).stderr).toBe(
      'burnrate: the file: JSON lines (one object per line, as watch --json prints), not a history file: burnrate export --format json writes one; nothing was imported\n',
    );
    const status = path.join(dir, 'status.json');
    fs.writeFileSync(status, (await cli('status', '--json')).stdout);
    expect((await cli('import', status)).stderr).toBe(
      'burnrate: the file: a status report (status --json), not a history file: burnrate export --format json writes one; nothing was imported\n',
    );
    expect(fs.existsSync(path.join(home, 'burnrate.db'))).toBe(true);
  });
});
