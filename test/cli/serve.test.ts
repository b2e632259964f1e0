import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { testService } from '../helpers/keyring.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { eventually, startServe } from '../helpers/serve.ts';
import { startOtlpReceiver } from '../helpers/otlp-receiver.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { openCore } from '../../src/core/core.ts';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

const KEY = 'sk_serve_file_0123456789abcdef';
const KEYCHAIN_KEY = 'sk_serve_keychain_0123456789';
const TOKEN = 'token_0123456789abcdef0123456789abcdef';

/**
 * A data home with two accounts, as a desktop export imported on a server would give: `main`
 * whose key will come from a key file, and `other` whose key is in a keychain this host does
 * not have. Keys are kept in memory while adding, never on disk.
 */
async function serverHome() {
  const home = tempDir();
  fake.setAccount('cheapai', { key: KEY, balance: '1000', scenario: 'ok', stepPerRequest: '-10' });
  const core = openCore({ home, secrets: new MemorySecrets() });
  const main = await core.accounts.add({
    provider: 'cheapai',
    label: 'main',
    key: KEY,
    baseUrl: fake.baseUrl('cheapai'),
  });
  const other = await core.accounts.add({
    provider: 'cheapai',
    label: 'other',
    key: KEYCHAIN_KEY,
    baseUrl: fake.baseUrl('cheapai'),
  });
  core.close();
  const dir = tempDir();
  const keyFile = path.join(dir, 'main.key');
  fs.writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
  return { home, main, other, keyFile, tokenFile, dir };
}

/** No Secret Service here: the keychain fails fast, as on a server without one. */
const env = (home: string) => ({
  BURNRATE_HOME: home,
  BURNRATE_KEYCHAIN_SERVICE: testService(),
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/burnrate-test-bus',
  BURNRATE_KEYCHAIN_TIMEOUT_MS: '3000',
  BURNRATE_MIN_INTERVAL_SECONDS: '1',
});

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
};

describe('burnrate serve', () => {
  it('polls with keys from owner-only files, serves /metrics and /healthz, pushes OTLP, and stops cleanly on SIGTERM', async () => {
    const { home, main, other, keyFile } = await serverHome();
    const otlp = await startOtlpReceiver();
    const serve = await startServe(
      [
        '--listen',
        '127.0.0.1:0',
        '--key-file',
        `main=${keyFile}`,
        '--interval-seconds',
        '1',
        '--otlp-endpoint',
        otlp.origin,
        '--otlp-interval-seconds',
        '1',
      ],
      env(home),
    );
    try {
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      await eventually('the OTLP start-up line', async () =>
        serve.stdout().includes(`pushing OTLP metrics to ${otlp.origin}/v1/metrics every 1 s`) ? true : undefined,
      );
      // Polled with the key from the file: the provider saw it, and the balance is in /metrics.
      const text = await eventually('two polls in /metrics', async () => {
        const { text } = await get(serve.url);
        return /burnrate_polls_total\{[^}]*account="acc_[^"]+",label="main"[^}]*result="ok"\} [2-9]/.test(text)
          ? text
          : undefined;
      });
      expect(fake.requests.some((r) => r.headers.authorization?.includes(KEY))).toBe(true);
      expect(text).toMatch(
        new RegExp(
          `^burnrate_balance\\{account="${main.id}",label="main",provider="cheapai",unit="credits"\\} \\d+`,
          'm',
        ),
      );
      expect(text).toContain(`burnrate_key_state{account="${main.id}",label="main",provider="cheapai",state="ok"} 1`);
      // The other account's key is in a keychain this host lacks: counted, said once, nothing sent.
      await eventually('the keychain failure counted', async () =>
        (await get(serve.url)).text.includes(
          `burnrate_polls_total{account="${other.id}",label="other",provider="cheapai",result="keychain_unavailable"}`,
        )
          ? true
          : undefined,
      );
      expect(fake.requests.some((r) => r.headers.authorization?.includes(KEYCHAIN_KEY))).toBe(false);
      // Never a key, never the provider's address.
      const latest = (await get(serve.url)).text;
      for (const secret of [KEY, KEYCHAIN_KEY, fake.origin, fake.origin.replace('http://', '')])
        expect(latest).not.toContain(secret);
      expect(await get(serve.url.replace('/metrics', '/healthz'))).toEqual({ status: 200, text: 'ok\n' });

      // The same metrics went out over OTLP.
      const pushed = await eventually('an OTLP push with the balance', async () =>
        otlp.points().find((p) => p.metric === 'burnrate_balance' && p.attributes.account === main.id),
      );
      expect(pushed.attributes).toEqual({ account: main.id, label: 'main', provider: 'cheapai', unit: 'credits' });
      expect(JSON.stringify(otlp.requests)).not.toContain(KEY);
    } finally {
      expect(await serve.stop()).toBe(0);
      await otlp.close();
    }
    expect(serve.stdout().trim().split('\n').at(-1)).toBe('burnrate serve: stopped');
    // The other account's missing keychain is said once, naming the way out, however often it was tried.
    const warnings = serve.stderr().split('\n').filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^burnrate: "other": The OS keychain is not available.* give --key-file other=<file>/);
    expect(serve.stderr()).not.toContain(KEY);
    // The endpoint is gone, and every poll it reported was stored.
    await expect(fetch(serve.url)).rejects.toThrow();
    const after = openCore({ home, secrets: new MemorySecrets() });
    expect(after.repos.readings.latest(after.accounts.require(main.id).pk)?.state).toBe('ok');
    after.close();
  });

  it('refuses to listen beyond loopback without a token, and wants the token once it has one', async () => {
    const { home, tokenFile } = await serverHome();
    const refused = await runCli(['serve', '--listen', '0.0.0.0:0'], { env: env(home) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to serve metrics on 0\.0\.0\.0:0 without a token/);
    expect(refused.stderr).toContain('--token-file');
    expect(refused.stdout).toBe('');

    const serve = await startServe(['--listen', '0.0.0.0:0', '--token-file', tokenFile], env(home));
    try {
      expect(serve.stdout()).toContain('(bearer token required)');
      const local = serve.url.replace('0.0.0.0', '127.0.0.1');
      expect((await get(local)).status).toBe(401);
      expect((await get(local, { Authorization: `Bearer ${TOKEN.slice(0, -1)}x` })).status).toBe(401);
      const ok = await get(local, { Authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('# TYPE burnrate_balance gauge');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('refuses to start on a bad token file, key file, flag or address, naming the fix', async () => {
    const { home, tokenFile, keyFile, dir } = await serverHome();
    const run = (args: string[]) => runCli(['serve', ...args], { env: env(home) });

    fs.chmodSync(tokenFile, 0o644);
    let res = await run(['--listen', '0.0.0.0:0', '--token-file', tokenFile]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`mode 0644); run: chmod 600 ${tokenFile}`);
    expect(res.stderr).not.toContain(TOKEN);

    const short = path.join(dir, 'short');
    fs.writeFileSync(short, 'abc', { mode: 0o600 });
    res = await run(['--listen', '0.0.0.0:0', '--token-file', short]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/shorter than 16 characters/);

    fs.chmodSync(keyFile, 0o640);
    res = await run(['--listen', '127.0.0.1:0', '--key-file', `main=${keyFile}`]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/the key file of "main" .* can be read or changed by others \(mode 0640\)/);
    expect(res.stderr).not.toContain(KEY);
    fs.chmodSync(keyFile, 0o600);

    res = await run(['--listen', '127.0.0.1:0', '--key-file', `nobody=${keyFile}`]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--key-file: no account with id or label "nobody"/);
    res = await run(['--key-file', KEY]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--key-file expects <account>=<path>/);
    res = await run(['--listen', 'everywhere']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--listen expects host:port/);
    res = await run(['--otlp-endpoint', 'grpc://collector:4317']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--otlp-endpoint must be an http/);
    res = await run(['--key', KEY]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown flag '--key'/);

    // A port someone else holds.
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    res = await run(['--listen', `127.0.0.1:${port}`]);
    holder.close();
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is already in use`);
  });
});
