import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../helpers/api.ts';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import { run } from '../../src/cli/run.ts';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { filesUnder, tempDir } from '../helpers/tmp.ts';
import { hostileServer, json } from './support/hostile-server.ts';
import type { HostileServer } from './support/hostile-server.ts';

/**
 * A hostile provider knows the key it was sent and tries to get it, encoded so a plain
 * search misses it, into Burnrate's history, exports and output; and tries to drive the
 * terminal of whoever reads its messages. Every form is served by a real HTTP server on
 * 127.0.0.1 and read back through the dispatcher, the database file, `poll`, `export`,
 * `history` and `tasks check`.
 */

const key = `tk${crypto.randomBytes(18).toString('base64url').replace(/[-_]/g, 'z')}`;
const bytes = Buffer.from(key);
const rev = [...key].reverse().join('');
const pieces = (size: number) => key.match(new RegExp(`.{1,${size}}`, 'g'))!;

/** What the relay echoes, by name: each a way to smuggle the key past a plain search. */
const ECHOES: Record<string, string> = {
  plain: key,
  upper: key.toUpperCase(),
  lower: key.toLowerCase(),
  reversed: rev,
  base64: bytes.toString('base64'),
  base64url: bytes.toString('base64url'),
  hex: bytes.toString('hex'),
  urlencoded: [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  entities: [...key].map((c) => `&#${c.charCodeAt(0)};`).join(''),
  jsonEscaped: [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  nineCharPieces: pieces(9).join(' '),
  escapeSplit: [...key].join('\u001b[0m'),
};

/** The strings whose presence anywhere means the key got through. */
function needles(): string[] {
  return [
    ...Object.entries(ECHOES)
      .filter(([name]) => name !== 'nineCharPieces' && name !== 'escapeSplit' && name !== 'jsonEscaped')
      .map(([, form]) => form),
    ...pieces(9).filter((p) => p.length >= 6),
    // What a terminal would show for the escape-split form once escapes are dropped.
    key,
  ];
}

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return needles().filter((n) => lower.includes(n.toLowerCase()));
}

/** OSC 52 (write the clipboard), OSC 0 (window title), SGR 8 (hidden text), CR overwrite. */
const TERMINAL_ATTACK =
  '\u001b]52;c;cm0gLXJmIH4=\u0007\u001b]0;owned\u0007\u001b[8mhidden\u001b[28m\rfake line\u009b2J';
// eslint-disable-next-line no-control-regex -- looking for control characters
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

let relay: HostileServer;
let echo = 'plain';
let taskReply: Record<string, unknown> = {};
beforeAll(async () => {
  relay = await hostileServer((req, res) => {
    if (req.url.startsWith('/api/ai/tasks/')) return json(res, 200, taskReply);
    if (echo === 'terminal') return json(res, 401, { error: `denied ${TERMINAL_ATTACK} try later` });
    json(res, 401, { error: { message: `invalid api key: ${ECHOES[echo]} (rotate it)` } });
  });
});
afterAll(() => relay.close());

async function inProcessCli(argv: string[], home: string, secrets: MemorySecrets, tty = false) {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  // NO_COLOR: the CLI's own colours are escape sequences too; without them any escape in the
  // output could only have come from the provider.
  const env = { BURNRATE_HOME: home, NO_COLOR: '1' };
  const code = await run(argv, { stdout, stderr, stdin: new PassThrough(), env }, secrets);
  return { code, stdout: out, stderr: err };
}

describe('a relay that echoes the key back encoded', () => {
  // One data folder for the whole block (tempDir's are emptied after each test).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-echo-'));
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
  const secrets = new MemorySecrets();
  let id = '';
  const said: string[] = [];

  it.each(Object.keys(ECHOES))('%s: nothing of the key is stored, replied or printed', async (name) => {
    echo = name;
    const { core, invoke } = testApi({ coreOptions: { home, secrets } });
    try {
      if (!id) {
        const added = await invoke('accounts:add', {
          provider: 'custom',
          label: 'relay',
          baseUrl: relay.origin,
          options: { path: '/v1/balance', balancePath: 'data.balance', authHeader: 'X-Token', authScheme: 'none' },
          key,
        });
        id = (added as { value: { id: string } }).value.id;
      }
      const tested = await invoke('accounts:test', { id });
      expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true, value: { state: 'invalid_key' } });
      said.push(JSON.stringify(tested));
      said.push(JSON.stringify(await invoke('poller:refresh', { accountId: id })));
      said.push(JSON.stringify(await invoke('account:detail', { id })));
    } finally {
      await invoke.close();
      core.close();
    }
    const poll = await inProcessCli(['poll', '--json'], home, secrets);
    const human = await inProcessCli(['poll'], home, secrets);
    said.push(poll.stdout, poll.stderr, human.stdout, human.stderr);
    expect(leaks(said.join('\n'))).toEqual([]);
    expect(JSON.parse(poll.stdout)[0].message).toMatch(/^invalid api key: .*\[redacted\]/);
  });

  it('the database, the exports and the history hold none of it either', async () => {
    const csv = await runCli(['export', '--format', 'csv'], { env: { BURNRATE_HOME: home } });
    const jsonExport = await runCli(['export', '--format', 'json'], { env: { BURNRATE_HOME: home } });
    const history = await runCli(['history', '--account', id, '--format', 'csv'], { env: { BURNRATE_HOME: home } });
    expect(csv.code).toBe(0);
    expect(jsonExport.code).toBe(0);
    expect(history.stdout).toMatch(/\[redacted\]/);
    const files = filesUnder(home).map((f) => fs.readFileSync(f).toString('latin1'));
    expect(leaks([csv.stdout, jsonExport.stdout, history.stdout, ...files].join('\n'))).toEqual([]);
  });

  it('a short key is redacted too', async () => {
    const short = 'Qz7';
    const server = await hostileServer((_req, res) =>
      json(res, 401, {
        error: `bad key "${short}" / ${Buffer.from(short).toString('base64')} / ${short.toLowerCase()}`,
      }),
    );
    try {
      const { core, invoke } = testApi();
      const added = await invoke('accounts:add', {
        provider: 'custom',
        label: 'short',
        baseUrl: server.origin,
        options: { path: '/b', balancePath: 'b' },
        key: short,
      });
      const tested = await invoke('accounts:test', { id: (added as { value: { id: string } }).value.id });
      expect((tested as { value: { message: string } }).value.message).toBe(
        'bad key "[redacted]" / [redacted] / [redacted]',
      );
      await invoke.close();
      core.close();
    } finally {
      await server.close();
    }
  });
});

describe('provider text cannot drive the terminal', () => {
  it('poll stores and prints a hostile message without escape sequences or control characters', async () => {
    echo = 'terminal';
    const home = tempDir();
    const secrets = new MemorySecrets();
    const core = openCore({ home, secrets });
    await core.accounts.add({
      provider: 'custom',
      label: 'relay',
      baseUrl: relay.origin,
      options: { path: '/v1/balance', balancePath: 'data.balance' },
    });
    core.close();
    const human = await inProcessCli(['poll'], home, secrets, true);
    const asJson = await inProcessCli(['poll', '--json'], home, secrets, true);
    expect(human.stdout).toMatch(/denied .*try later/);
    expect(human.stdout).not.toMatch(ACTIVE);
    expect(asJson.stdout).not.toMatch(ACTIVE);
    const stored = openCore({ home, secrets });
    const [reading] = stored.repos.readings.range(stored.repos.accounts.list()[0]!.pk, 0, Number.MAX_SAFE_INTEGER);
    stored.close();
    expect(reading!.message).toMatch(/denied .*try later/);
    expect(reading!.message).not.toMatch(ACTIVE);
  });

  it('history --format csv to a terminal strips them from what an older version stored; to a file it keeps every byte', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const core = openCore({ home, secrets });
    const account = await core.accounts.add({
      provider: 'custom',
      label: 'relay',
      baseUrl: relay.origin,
      options: { path: '/v1/balance', balancePath: 'data.balance' },
    });
    const pk = core.repos.accounts.get(account.id)!.pk;
    // As an older Burnrate stored it, before messages were scrubbed of control characters.
    databaseForTests(core)
      .prepare('INSERT INTO readings (account_pk, ts, state, http_status, message) VALUES (?, ?, ?, ?, ?)')
      .run(pk, Date.parse('2026-01-05T10:00:00Z'), 3, 401, `denied ${TERMINAL_ATTACK}`);
    core.close();

    // A real terminal: script(1) gives the CLI a pseudo-terminal as stdout.
    const cli = path.join(REPO_ROOT, 'src/cli/main.ts');
    const onTerminal = execFileSync(
      'script',
      ['-qec', `${process.execPath} ${cli} history --account ${account.id} --format csv`, '/dev/null'],
      { env: { ...process.env, BURNRATE_HOME: home }, encoding: 'utf8' },
    );
    expect(onTerminal).toMatch(/denied/);
    // script(1) turns \n into \r\n on the way out; nothing else may be a control character.
    expect(onTerminal.replace(/\r\n/g, '\n')).not.toMatch(ACTIVE);

    const toFile = await runCli(['history', '--account', account.id, '--format', 'csv'], {
      env: { BURNRATE_HOME: home },
    });
    expect(toFile.stdout).toContain('\u001b]52;c;');
  });
});

describe('tasks check against a hostile task reply', () => {
  it('scrubs every provider field (type, model, id, error) of the key and of escape sequences', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const core = openCore({ home, secrets });
    await core.accounts.add({ provider: 'gptimage2', label: 'img', baseUrl: relay.origin, key });
    core.close();
    taskReply = {
      taskId: `task_${key}`,
      type: `image ${key}`,
      model: `${bytes.toString('base64')}${TERMINAL_ATTACK}`,
      status: 2,
      creditsUsed: 12,
      creditsRefunded: false,
      errorMessage: `failed for ${rev}`,
      createdAt: '2026-11-30T10:00:00Z',
      updatedAt: '2026-11-30T10:05:00Z',
    };
    const human = await inProcessCli(['tasks', 'check', 'img', 'task_1'], home, secrets, true);
    const asJson = await inProcessCli(['tasks', 'check', 'img', 'task_1', '--json'], home, secrets, true);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/task task_1: failed \(\[redacted\]/);
    for (const out of [human.stdout, asJson.stdout]) {
      expect(leaks(out)).toEqual([]);
      expect(out).not.toMatch(ACTIVE);
    }
    const parsed = JSON.parse(asJson.stdout) as Record<string, string>;
    expect(parsed.type).toBe('image [redacted]');
    expect(parsed.errorMessage).toBe('failed for [redacted]');
  });
});
