import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { createKeychain } from '../../src/core/secrets/index.ts';

/**
 * The hidden key prompt, in a real pseudo-terminal (Python's pty module drives it, as a
 * person at a terminal would type): nothing typed is drawn, the key reaches the keychain
 * and nowhere else, and Ctrl-C or Ctrl-D store nothing.
 */
const python = spawnSync('python3', ['-c', 'import pty']).status === 0;
const DRIVER = path.join(REPO_ROOT, 'test/helpers/pty-run.py');

interface PtyResult {
  output: string;
  code: number;
  timedOut: boolean;
}

function inTerminal(args: string[], env: NodeJS.ProcessEnv, typed?: { waitFor: string; send: string }): PtyResult {
  const spec = {
    argv: [process.execPath, path.join(REPO_ROOT, 'src/cli/main.ts'), ...args],
    env,
    cwd: REPO_ROOT,
    timeout: 30,
    ...typed,
  };
  return JSON.parse(execFileSync('python3', [DRIVER, JSON.stringify(spec)], { encoding: 'utf8' })) as PtyResult;
}

const run = !python ? 'python3 with its pty module is not installed' : !keyringAvailable ? SKIP_REASON : null;

describe.skipIf(run !== null)(`the key prompt in a terminal (${run ?? 'a real pseudo-terminal'})`, () => {
  const PROMPT = 'OpenRouter API key for "main" (typing is hidden): ';
  const KEY = 'sk-or-v1-typed0123456789abcdef';

  function setup() {
    const home = tempDir();
    const service = testService();
    return { home, service, env: { BURNRATE_HOME: home, BURNRATE_KEYCHAIN_SERVICE: service } };
  }
  const list = (env: NodeJS.ProcessEnv) =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'accounts', 'list', '--json'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      }),
    ) as Array<{ id: string; label: string }>;

  it('asks without echo, stores the typed key in the keychain only', async () => {
    const { home, service, env } = setup();
    const r = inTerminal(['accounts', 'add', '--provider', 'openrouter', '--label', 'main'], env, {
      waitFor: '(typing is hidden): ',
      send: `${KEY}\r`,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(r.output).toContain(PROMPT);
    expect(r.output).not.toContain('typed0123');
    expect(r.output).not.toContain('*');
    expect(r.output).toMatch(/added acc_\w+ \(openrouter · main\)/);
    const [account] = list(env);
    expect(await createKeychain({ service }).get(account!.id)).toBe(KEY);
    expect(findInFiles(home, 'typed0123')).toEqual([]);
  });

  it('--key-stdin at a terminal asks the same way instead of showing the key as it is typed', async () => {
    const { service, env } = setup();
    const r = inTerminal(['accounts', 'add', '--provider', 'openrouter', '--label', 'main', '--key-stdin'], env, {
      waitFor: '(typing is hidden): ',
      send: `${KEY}\r`,
    });
    expect(r.code).toBe(0);
    expect(r.output).not.toContain('typed0123');
    const [account] = list(env);
    expect(await createKeychain({ service }).get(account!.id)).toBe(KEY);
  });

  it.each([
    ['Ctrl-C', '\u0003', 'cancelled: no key was entered, nothing was stored'],
    ['Ctrl-D', '\u0004', 'no key was entered (end of input), nothing was stored'],
    ['an empty line', '\r', 'no key was entered, nothing was stored'],
  ])('%s stores nothing and says so', (_what, send, message) => {
    const { env } = setup();
    const r = inTerminal(['accounts', 'add', '--provider', 'openrouter', '--label', 'main'], env, {
      waitFor: '(typing is hidden): ',
      send,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.output).toContain(`burnrate: ${message}`);
    expect(list(env)).toEqual([]);
  });

  it('refuses before asking what it can refuse without the key', () => {
    const { env } = setup();
    const r = inTerminal(['accounts', 'add', '--provider', 'newapi', '--label', 'relay'], env);
    expect(r.code).toBe(1);
    expect(r.output).not.toContain('typing is hidden');
    expect(r.output).toContain('burnrate: new-api / one-api gateway needs a base URL (--base-url <url>)');
  });
});
