// Runs inside its own `scripts/with-keyring.sh` session (private D-Bus, unlocked GNOME
// Keyring) for keychain-unavailable.test.ts: stores keys with the real CLI, polls, then locks
// the keyring over D-Bus (org.freedesktop.Secret.Service.Lock) and records what the CLI and
// the window's dispatcher do. Prints one line, `REPORT <json>`, then exits at once (a keytar
// call stuck on an unanswered unlock prompt must not hold the process).
//
// Two kinds of locked: with no prompter able to show an unlock dialog (a headless session),
// gnome-keyring answers a read with "no such item" and a write with "Cannot create an item
// in a locked collection"; with a prompter that never answers (a dialog nobody sees), the
// read hangs until D-Bus gives up after 25 s, so Burnrate's own keychain timeout must fire.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import { openCore } from '../../../src/core/core.ts';
import { createApi } from '../../../src/core/api.ts';
import { createKeychain } from '../../../src/core/secrets/index.ts';

const home = process.argv[2] ?? '';
if (!home) throw new Error('usage: locked-keyring-driver.ts <home>');
const root = path.resolve(import.meta.dirname, '../../..');
const cliPath = path.join(root, 'src/cli/main.ts');
const service = 'Burnrate-test-locked';
const keys = { cheapai: 'sk-locked-cheapai-Hn4Wq8Zr2Kt6Vb1M', openrouter: 'sk-or-v1-locked0penrouter7Yd3Pf9Jx5Lc2' };

interface Step {
  code: number | null;
  stdout: string;
  stderr: string;
  ms?: number;
}

/** The real CLI; with `until`, killed as soon as stderr matches (a call stuck on a prompt). */
function cli(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv; until?: RegExp } = {}): Promise<Step> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, BURNRATE_HOME: home, BURNRATE_KEYCHAIN_SERVICE: service, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let ms: number | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.until && ms === undefined && options.until.test(stderr)) {
        ms = Date.now() - started;
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(ms === undefined ? {} : { ms }) });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

function gdbus(objectPath: string, method: string, ...args: string[]): string {
  const run = spawnSync(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.secrets',
      '--object-path',
      objectPath,
      '--method',
      method,
      ...args,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`gdbus ${method}: ${run.stderr}`);
  return run.stdout.trim();
}

function readings(): number {
  const db = new BetterSqlite3(path.join(home, 'burnrate.db'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM readings').pluck().get() as number;
  } finally {
    db.close();
  }
}

const fake = await startFakeServer();
fake.setAccount('cheapai', { key: keys.cheapai, balance: '700', scenario: 'ok' });
fake.setAccount('openrouter', { key: keys.openrouter, balance: '42', scenario: 'ok' });
const steps: Record<string, Step> = {};
const counts: Record<string, number> = {};
const api: Record<string, unknown> = {};

for (const provider of ['cheapai', 'openrouter'] as const) {
  const added = await cli(
    [
      'accounts',
      'add',
      '--provider',
      provider,
      '--label',
      provider,
      '--base-url',
      fake.baseUrl(provider),
      '--key-stdin',
      '--json',
    ],
    { stdin: keys[provider] },
  );
  if (added.code !== 0) throw new Error(`accounts add ${provider}: ${added.stderr}`);
}
steps.pollBefore = await cli(['poll', '--json']);
counts.beforeLock = readings();

// Lock the collection keytar writes to (the "default" alias: the login keyring here).
const collection = /objectpath '([^']+)'/.exec(
  gdbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'default'),
)?.[1];
if (!collection || collection === '/') throw new Error('no default collection');
gdbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `['${collection}']`);
const locked =
  gdbus(collection, 'org.freedesktop.DBus.Properties.Get', 'org.freedesktop.Secret.Collection', 'Locked') ===
  '(<true>,)';
// The items are still there, only locked (their secrets cannot be read).
const items = gdbus(
  '/org/freedesktop/secrets',
  'org.freedesktop.Secret.Service.SearchItems',
  `{'service': '${service}'}`,
);
// SearchItems answers (unlocked, locked): none readable, both of ours locked.
const keysInKeyring =
  /^\((@ao )?\[\], \[/.test(items) &&
  (items.match(/'\/org\/freedesktop\/secrets\/collection\/[^']+'/g) ?? []).length === 2;

const requestsBefore = fake.requests.length;
steps.pollLocked = await cli(['poll', '--json']);
const requestsWhileLocked = fake.requests.length - requestsBefore;
counts.afterLockedPoll = readings();
steps.addLocked = await cli(
  [
    'accounts',
    'add',
    '--provider',
    'cheapai',
    '--label',
    'while-locked',
    '--base-url',
    fake.baseUrl('cheapai'),
    '--key-stdin',
    // The fake does not know this key: the keychain, not the key check, is what is tested.
    '--no-check',
    '--json',
  ],
  { stdin: 'sk-added-while-locked-5Tg8' },
);
steps.listLocked = await cli(['accounts', 'list', '--json']);
steps.statusLocked = await cli(['status', '--json']);
steps.historyLocked = await cli(['history', '--account', 'cheapai', '--format', 'csv']);
steps.exportLocked = await cli(['export', '--format', 'csv', '--out', path.join(home, 'while-locked.csv')]);

// The window's dispatcher over the same locked keyring (what the banner is driven by).
const core = openCore({ home, secrets: createKeychain({ service }) });
const invoke = createApi({ core, version: 't', platform: 'linux', demo: false });
api.refresh = await invoke('poller:refresh', {});
api.keychain = ((await invoke('poller:status', undefined)) as { value: { keychain: unknown } }).value.keychain;
api.history = await invoke('history:range', {
  limit: 10,
  offset: 0,
  accountIds: [core.repos.accounts.findByIdOrLabel('cheapai')!.id],
});
await invoke.close();
core.close();

// Now an unlock prompt that never answers: a prompter service that starts and never claims
// its name. dbus-daemon prefers $XDG_RUNTIME_DIR/dbus-1/services over the system's own.
const services = path.join(process.env.XDG_RUNTIME_DIR!, 'dbus-1/services');
fs.mkdirSync(services, { recursive: true });
// It outlives the keychain timeout by far, and lets go of the session's stdio so nothing waits on it.
const prompter = path.join(home, 'silent-prompter.sh');
fs.writeFileSync(prompter, '#!/bin/sh\nexec sleep 15 </dev/null >/dev/null 2>&1\n', { mode: 0o755 });
fs.writeFileSync(
  path.join(services, 'org.gnome.keyring.SystemPrompter.service'),
  `[D-BUS Service]\nName=org.gnome.keyring.SystemPrompter\nExec=${prompter}\n`,
);
spawnSync('gdbus', [
  'call',
  '--session',
  '--dest',
  'org.freedesktop.DBus',
  '--object-path',
  '/org/freedesktop/DBus',
  '--method',
  'org.freedesktop.DBus.ReloadConfig',
]);
steps.pollPrompt = await cli(['poll', '--json'], { env: { BURNRATE_KEYCHAIN_TIMEOUT_MS: '2000' }, until: /\n$/ });
counts.afterPrompt = readings();

await fake.close();
process.stdout.write(
  `REPORT ${JSON.stringify({ locked, keysInKeyring, steps, readings: counts, api, requestsWhileLocked })}\n`,
);
process.exit(0);
