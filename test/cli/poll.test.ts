import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeAccount } from '../../src/core/providers/fake/types.ts';
import { FAKE_MODULES } from '../../src/core/providers/fake/modules.ts';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { createKeychain } from '../../src/core/secrets/index.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import type { ReadingRecord } from '../../src/core/store/readings-repo.ts';
import { getProvider } from '../../src/core/providers/registry.ts';
import { toMicros } from '../../src/shared/decimal.ts';
import type { Unit } from '../../src/shared/units.ts';

interface Entry {
  accountId: string;
  provider: string;
  state: string | null;
  balance: { amount: string; unit: string } | null;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  message: string | null;
  label: string;
  polled: boolean;
  at: string | null;
  error?: string;
}

const CONTRACT_FIELDS = ['accountId', 'provider', 'state', 'balance', 'httpStatus', 'retryAfterSeconds', 'message'];

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

/** A CheapAI account on the fake server, with its key in the core's keychain. */
const addCheapAi = (core: Core, label: string, key: string) =>
  core.accounts.add({ provider: 'cheapai', label, key, baseUrl: fake.baseUrl('cheapai') });

function env(home: string, service: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { BURNRATE_HOME: home, BURNRATE_KEYCHAIN_SERVICE: service, ...extra };
}

/** The readings stored for an account, read straight from the database the CLI wrote. */
function storedReadings(home: string, service: string, accountId: string): ReadingRecord[] {
  const core = openCore({ home, secrets: createKeychain({ service }) });
  try {
    const account = core.repos.accounts.get(accountId);
    return account ? core.repos.readings.range(account.pk, 0, Number.MAX_SAFE_INTEGER) : [];
  } finally {
    core.close();
  }
}

/** A balance recorded by hand, as the app records one for a manual account: an ordinary ok reading. */
function recordByHand(home: string, service: string, accountId: string, amount: string, unit: Unit, at: number): void {
  const core = openCore({ home, secrets: createKeychain({ service }) });
  try {
    core.recordReading(
      core.accounts.require(accountId),
      outcome({ state: 'ok', balance: { micros: toMicros(amount), unit }, message: 'recorded by hand' }),
      at,
    );
  } finally {
    core.close();
  }
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!keyringAvailable)(
  `burnrate poll with the real keychain (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    describe('every provider the fake server speaks', () => {
      it.each(FAKE_MODULES.map((m) => [m.id, m] as const))(
        '%s: accounts add, then poll --json shows the sample balance, and the reading is stored',
        async (_id, module) => {
          const home = tempDir();
          const service = testService();
          const { account, options, expect: want } = module.sample;
          fake.setAccount(module.id, account);
          const sets = Object.entries(options ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
          const added = await runCli(
            [
              'accounts',
              'add',
              '--provider',
              module.id,
              '--label',
              `${module.id} sample`,
              '--base-url',
              fake.baseUrl(module.id),
              '--key-stdin',
              ...sets,
              '--json',
            ],
            {
              env: env(home, service),
              stdin: account.key,
            },
          );
          expect(added.stderr).toBe('');
          expect(added.code).toBe(0);
          const { id } = JSON.parse(added.stdout) as { id: string };

          // A provider without a balance endpoint is never polled: its sample balance is one a
          // person records by hand, and poll shows that recorded balance without asking anyone.
          const manual = !getProvider(module.id)?.poll;
          expect(manual, 'the sample says manual exactly when the provider has no poll').toBe(
            'manual' in module.sample && module.sample.manual === true,
          );
          const recordedAt = Date.parse('2026-03-01T09:00:00Z');
          if (manual) recordByHand(home, service, id, want.amount, want.unit, recordedAt);
          const requestsBefore = fake.requests.length;

          const polled = await runCli(['poll', '--account', id, '--json'], { env: env(home, service) });
          expect(polled.stderr).toBe('');
          expect(polled.code).toBe(0);
          const entries = JSON.parse(polled.stdout) as Entry[];
          expect(entries).toHaveLength(1);
          expect(entries[0]).toMatchObject({
            accountId: id,
            provider: module.id,
            state: 'ok',
            balance: { amount: want.amount, unit: want.unit },
            polled: !manual,
          });
          for (const field of CONTRACT_FIELDS) expect(entries[0]).toHaveProperty(field);

          const stored = storedReadings(home, service, id);
          expect(stored).toHaveLength(1);
          expect(stored[0]).toMatchObject({ state: 'ok', unit: want.unit });
          expect(Date.parse(entries[0]!.at!)).toBe(stored[0]!.ts);
          if (manual) {
            expect(stored[0]!.ts).toBe(recordedAt);
            expect(fake.requests.length).toBe(requestsBefore);
          }
          expect(polled.stdout).not.toContain(account.key);
          expect(findInFiles(home, account.key)).toEqual([]);
        },
      );
    });

    describe('failures are data: the CheapAI failure matrix through poll --json', () => {
      const TIMEOUT_MS = 1500;
      const cases: Array<{
        name: string;
        fake?: Partial<FakeAccount>;
        refused?: true;
        state: string;
        http: number | null;
        retryAfter?: number | null;
        message: RegExp;
      }> = [
        { name: '401', fake: { scenario: 'invalid_key' }, state: 'invalid_key', http: 401, message: /Invalid API key/ },
        { name: '401 expired', fake: { scenario: 'expired_key' }, state: 'expired_key', http: 401, message: /expired/ },
        {
          name: '402',
          fake: { scenario: 'insufficient_balance' },
          state: 'insufficient_balance',
          http: 402,
          message: /Insufficient/,
        },
        {
          name: '429 Retry-After',
          fake: { scenario: 'rate_limited', retryAfter: '120' },
          state: 'rate_limited',
          http: 429,
          retryAfter: 120,
          message: /Too many requests/,
        },
        {
          name: '429 Retry-After as an HTTP date',
          fake: { scenario: 'rate_limited', retryAfter: new Date(Date.now() + 3600_000).toUTCString() },
          state: 'rate_limited',
          http: 429,
          message: /Too many requests/,
        },
        {
          name: '429 without Retry-After',
          fake: { scenario: 'rate_limited', retryAfter: null },
          state: 'rate_limited',
          http: 429,
          retryAfter: null,
          message: /Too many requests/,
        },
        {
          name: '429 daily cap',
          fake: { scenario: 'daily_cap' },
          state: 'daily_cap_reached',
          http: 429,
          retryAfter: null,
          message: /Daily spend limit/,
        },
        { name: '500', fake: { scenario: 'server_error' }, state: 'server_error', http: 500, message: /HTTP 500/ },
        {
          name: '502 HTML',
          fake: { scenario: 'bad_gateway_html' },
          state: 'server_error',
          http: 502,
          message: /502 Bad Gateway/,
        },
        {
          name: '200 with an error flag',
          fake: { scenario: 'error_in_200' },
          state: 'invalid_key',
          http: 200,
          message: /Invalid API key/,
        },
        {
          name: 'truncated JSON',
          fake: { scenario: 'truncated_json' },
          state: 'bad_response',
          http: 200,
          message: /not valid JSON/,
        },
        {
          name: 'wrong types',
          fake: { scenario: 'wrong_types' },
          state: 'bad_response',
          http: 200,
          message: /credits/,
        },
        {
          name: 'empty body',
          fake: { scenario: 'empty_body' },
          state: 'bad_response',
          http: 200,
          message: /empty reply/,
        },
        {
          name: 'slower than the timeout',
          fake: { scenario: 'slow', delayMs: 8000 },
          state: 'timeout',
          http: null,
          message: /no complete answer within 1\.5 s/,
        },
        {
          name: 'connection reset',
          fake: { scenario: 'connection_reset' },
          state: 'network_error',
          http: null,
          message: /connection|socket|closed/,
        },
        { name: 'refused connection', refused: true, state: 'network_error', http: null, message: /refused/ },
      ];

      it('gives each failure its state, stores a failed reading, never crashes and never shows the key', async () => {
        const home = tempDir();
        const service = testService();
        const port = await closedPort();
        const keys = cases.map((_, i) => `sk_matrix_${i}_${Math.random().toString(36).slice(2)}abcdef`);
        const core = openCore({ home, secrets: createKeychain({ service }) });
        const ids: string[] = [];
        for (const [i, c] of cases.entries()) {
          if (!c.refused) fake.setAccount('cheapai', { key: keys[i]!, balance: '5000', scenario: 'ok', ...c.fake });
          const baseUrl = c.refused ? `http://127.0.0.1:${port}/cheapai` : fake.baseUrl('cheapai');
          ids.push((await core.accounts.add({ provider: 'cheapai', label: c.name, key: keys[i]!, baseUrl })).id);
        }
        core.close();

        const started = Date.now();
        const result = await runCli(['poll', '--json'], {
          env: env(home, service, { BURNRATE_HTTP_TIMEOUT_MS: String(TIMEOUT_MS) }),
          timeoutMs: 30_000,
        });
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        // Four at a time: the slow reply costs one timeout, not the whole run.
        expect(Date.now() - started).toBeLessThan(8000);
        const entries = JSON.parse(result.stdout) as Entry[];
        expect(entries.map((e) => e.accountId)).toEqual(ids);
        for (const [i, c] of cases.entries()) {
          const entry = entries[i]!;
          const why = `${c.name}: ${JSON.stringify(entry)}`;
          expect(entry.state, why).toBe(c.state);
          expect(entry.httpStatus, why).toBe(c.http);
          expect(entry.balance, why).toBeNull();
          expect(entry.message, why).toMatch(c.message);
          if (c.retryAfter !== undefined) expect(entry.retryAfterSeconds, why).toBe(c.retryAfter);
          const stored = storedReadings(home, service, ids[i]!);
          expect(stored, why).toHaveLength(1);
          expect(stored[0], why).toMatchObject({ state: c.state, httpStatus: c.http, balance: null });
        }
        // Retry-After as a date becomes seconds (about an hour).
        expect(entries[4]!.retryAfterSeconds).toBeGreaterThan(3500);
        expect(entries[4]!.retryAfterSeconds).toBeLessThanOrEqual(3600);

        for (const key of keys) {
          expect(result.stdout).not.toContain(key);
          expect(findInFiles(home, key)).toEqual([]);
        }
      });

      it('new-api 403 insufficient_user_quota is insufficient_balance', async () => {
        const home = tempDir();
        const service = testService();
        const key = 'sk-newapi-userquota-0123456789';
        // A gateway without /api/usage/token/ answers from the billing routes, which refuse a user out of quota with 403.
        fake.setAccount('newapi', {
          key,
          balance: '1000',
          scenario: 'ok',
          fields: { tokenUsageRoute: false, userQuotaExhausted: true },
        });
        const added = await runCli(
          [
            'accounts',
            'add',
            '--provider',
            'newapi',
            '--label',
            'relay',
            '--base-url',
            fake.baseUrl('newapi'),
            '--key-stdin',
            '--json',
          ],
          { env: env(home, service), stdin: key },
        );
        expect(added.code).toBe(0);
        const result = await runCli(['poll', '--account', 'relay', '--json'], { env: env(home, service) });
        expect(result.code).toBe(0);
        const [entry] = JSON.parse(result.stdout) as Entry[];
        expect(entry).toMatchObject({ state: 'insufficient_balance', httpStatus: 403, balance: null });
        expect(storedReadings(home, service, entry!.accountId)).toMatchObject([
          { state: 'insufficient_balance', httpStatus: 403 },
        ]);
        expect(findInFiles(home, key)).toEqual([]);
      });
    });

    describe('which accounts, and how they are shown', () => {
      it('polls every enabled account, accepts a label, shows a manual account without polling it, and prints a table', async () => {
        const home = tempDir();
        const service = testService();
        const keys = { a: 'sk_all_a_0123456789abc', b: 'sk_all_b_0123456789abc' };
        fake.setAccount('cheapai', { key: keys.a, balance: '111', scenario: 'ok' });
        fake.setAccount('cheapai', { key: keys.b, balance: '0', scenario: 'insufficient_balance' });
        const core = openCore({ home, secrets: createKeychain({ service }) });
        const a = await addCheapAi(core, 'alpha', keys.a);
        const b = await addCheapAi(core, 'beta', keys.b);
        const manual = await core.accounts.add({ provider: 'gptimage2', label: 'images' });
        const unrecorded = await core.accounts.add({ provider: 'gptimage2', label: 'images 2' });
        const disabled = await addCheapAi(core, 'off', keys.a);
        core.repos.accounts.update(disabled.id, { enabled: false }, Date.now());
        core.recordReading(
          core.accounts.require(manual.id),
          outcome({ state: 'ok', balance: { micros: 2_500_000_000, unit: 'credits' } }),
          Date.parse('2026-03-01T10:00:00Z'),
        );
        core.close();
        const requestsBefore = fake.requests.length;

        const all = await runCli(['poll', '--json'], { env: env(home, service) });
        expect(all.stderr).toBe('');
        expect(all.code).toBe(0);
        const entries = JSON.parse(all.stdout) as Entry[];
        expect(entries.map((e) => e.label)).toEqual(['alpha', 'beta', 'images', 'images 2']);
        expect(entries[0]).toMatchObject({
          state: 'ok',
          balance: { amount: '111', unit: 'credits' },
          httpStatus: 200,
          polled: true,
        });
        expect(entries[1]).toMatchObject({
          state: 'insufficient_balance',
          balance: null,
          httpStatus: 402,
          polled: true,
        });
        expect(entries[2]).toMatchObject({
          accountId: manual.id,
          provider: 'gptimage2',
          state: 'ok',
          balance: { amount: '2500', unit: 'credits' },
          httpStatus: null,
          polled: false,
          at: '2026-03-01T10:00:00.000Z',
          message: expect.stringMatching(/recorded by hand/),
        });
        expect(entries[3]).toMatchObject({
          accountId: unrecorded.id,
          state: null,
          balance: null,
          polled: false,
          at: null,
          message: expect.stringMatching(/none recorded yet/),
        });
        // Two requests: the manual accounts and the disabled one were not asked.
        expect(fake.requests.length - requestsBefore).toBe(2);
        expect(storedReadings(home, service, manual.id)).toHaveLength(1);

        const byLabel = await runCli(['poll', '--account', 'beta', '--json'], { env: env(home, service) });
        expect((JSON.parse(byLabel.stdout) as Entry[]).map((e) => e.accountId)).toEqual([b.id]);
        // Named explicitly, a disabled account is polled.
        const named = await runCli(['poll', '--account', disabled.id, '--json'], { env: env(home, service) });
        expect(JSON.parse(named.stdout)).toMatchObject([{ accountId: disabled.id, state: 'ok' }]);

        const table = await runCli(['poll'], { env: env(home, service) });
        expect(table.code).toBe(0);
        const lines = table.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^ACCOUNT\s+PROVIDER\s+STATE\s+BALANCE\s+HTTP\s+MESSAGE$/);
        expect(lines[1]).toMatch(/^alpha\s+cheapai\s+ok\s+111 credits\s+200$/);
        expect(lines[2]).toMatch(/^beta\s+cheapai\s+insufficient_balance\s+—\s+402\s+Insufficient credits$/);
        expect(lines[3]).toMatch(/^images\s+gptimage2\s+ok\s+2,500 credits\s+not polled: /);
        expect(storedReadings(home, service, a.id).length).toBe(2);
        for (const key of Object.values(keys)) expect(findInFiles(home, key)).toEqual([]);
      });

      it('prints an empty list when there are no accounts', async () => {
        const home = tempDir();
        const result = await runCli(['poll', '--json'], { env: env(home, testService()) });
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual([]);
      });
    });
  },
);

describe('burnrate poll errors', () => {
  it.each([
    [['poll', '--account'], /argument missing|--account/, 2],
    [['poll', '--bogus'], /unknown flag '--bogus'/, 2],
    [['poll', 'extra'], /unexpected argument "extra"/, 2],
    [['poll', '--account', 'nobody', '--json'], /no account with id or label "nobody"/, 1],
  ])('%j fails with one clear line', async (args, message, code) => {
    const home = tempDir();
    const result = await runCli(args, { env: env(home, testService()) });
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('rejects a malformed test timeout', async () => {
    const result = await runCli(['poll', '--json'], {
      env: env(tempDir(), testService(), { BURNRATE_HTTP_TIMEOUT_MS: 'soon' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BURNRATE_HTTP_TIMEOUT_MS must be a whole number/);
  });
});

describe.skipIf(!keyringAvailable)(
  `burnrate poll when the keychain goes away (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    it('fails with one line when no account could be asked, and stores nothing', async () => {
      const home = tempDir();
      const service = testService();
      const key = 'sk_nokeychain_0123456789abc';
      fake.setAccount('cheapai', { key, balance: '5', scenario: 'ok' });
      const core = openCore({ home, secrets: createKeychain({ service }) });
      const added = await core.accounts.add({
        provider: 'cheapai',
        label: 'main',
        key,
        baseUrl: fake.baseUrl('cheapai'),
      });
      core.close();
      const requestsBefore = fake.requests.length;
      const noKeyring = {
        ...env(home, service),
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home, 'no-bus')}`,
        DISPLAY: '',
      };
      const result = await runCli(['poll', '--json'], { env: noKeyring });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^burnrate: The OS keychain is not available to read a key/);
      expect(fake.requests.length).toBe(requestsBefore);
      expect(storedReadings(home, service, added.id)).toEqual([]);
    });
  },
);
