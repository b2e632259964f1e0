import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { runCli } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir, tempRoot } from '../helpers/tmp.ts';
import { cliInProcess } from '../helpers/cli-inproc.ts';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

// Manual accounts need no key, so this runs as a user would, without any keychain.
describe('burnrate balance set (no keychain needed)', () => {
  // One home for the failure cases, none of which writes anything.
  const shared = tempRoot('burnrate-manual-cli-');
  const sharedHome = shared.dir;
  afterAll(() => shared.remove());
  beforeAll(async () => {
    await runCli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'images'], {
      env: { BURNRATE_HOME: sharedHome },
    });
  });

  it('records a hand-kept balance by label or id, now or at a given time', async () => {
    const home = tempDir();
    const env = { BURNRATE_HOME: home };
    const added = await runCli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'images', '--json'], { env });
    expect(added.stderr).toBe('');
    const { id } = JSON.parse(added.stdout) as { id: string };

    const first = await runCli(['balance', 'set', 'images', '480', '--at', '2026-11-20T10:00:00Z', '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      accountId: id,
      label: 'images',
      provider: 'gptimage2',
      at: '2026-11-20T10:00:00.000Z',
      state: 'ok',
      balance: { amount: '480', unit: 'credits' },
      message: 'recorded by hand',
    });

    const second = await runCli(['balance', 'set', id, '455.5'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^recorded 455\.5 credits for images at \d{4}-\d{2}-\d{2}T/);
  });

  it.each<[string, string[], number, RegExp]>([
    ['no subcommand', ['balance'], 2, /balance needs a subcommand: set/],
    ['an unknown subcommand', ['balance', 'get', 'images'], 2, /unknown balance subcommand "get"/],
    [
      'a missing amount',
      ['balance', 'set', 'images'],
      2,
      /needs an amount \(usage: burnrate balance set <account> <amount>/,
    ],
    ['an amount that is not a number', ['balance', 'set', 'images', '12abc'], 2, /plain number/],
    ['a bad --at', ['balance', 'set', 'images', '5', '--at', 'yesterday'], 2, /--at expects an ISO 8601 time/],
    [
      'an --at in the future',
      ['balance', 'set', 'images', '5', '--at', '2999-01-01T00:00:00Z'],
      2,
      /--at is in the future/,
    ],
    ['an unknown flag', ['balance', 'set', 'images', '5', '--unit', 'USD'], 2, /unknown flag/],
    ['an unknown account', ['balance', 'set', 'nobody', '5'], 1, /no account with id or label "nobody"/],
    ['a task lookup without a key', ['tasks', 'check', 'images', 'tsk_1'], 1, /task lookups need images's API key/],
    ['a bad task id', ['tasks', 'check', 'images', '../credits'], 2, /not a task id/],
    ['tasks with no subcommand', ['tasks'], 2, /tasks needs a subcommand: check/],
  ])('fails cleanly on %s', async (_what, args, code, message) => {
    const out = await runCli(args, { env: { BURNRATE_HOME: sharedHome } });
    expect(out.code).toBe(code);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/** The CLI in this process with an in-memory keychain (what is tested is the command, not the keyring). */
const cli = (args: string[], home: string, secrets: MemorySecrets, stdin = '') =>
  cliInProcess(args, { home, secrets, stdin });

describe('burnrate tasks check', () => {
  it('shows a task, books it with --apply once, then credits its refund once', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const key = 'sk_live_cli_0123456789abcdef';
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const submitted = ago(30);
    fake.setAccount('gptimage2', {
      key,
      balance: '0',
      scenario: 'ok',
      fields: {
        tasks: {
          tsk_cli: { status: 0, creditsUsed: 12, creditsRefunded: false, createdAt: submitted },
          tsk_old: { status: 1, creditsUsed: 5, creditsRefunded: false, createdAt: ago(90) },
        },
      },
    });
    const added = await cli(
      [
        'accounts',
        'add',
        '--provider',
        'gptimage2',
        '--label',
        'img',
        '--base-url',
        fake.baseUrl('gptimage2'),
        '--key-stdin',
        '--json',
      ],
      home,
      secrets,
      key,
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const recorded = ago(60);
    expect((await cli(['balance', 'set', 'img', '100', '--at', recorded], home, secrets)).code).toBe(0);

    const looked = await cli(['tasks', 'check', 'img', 'tsk_cli'], home, secrets);
    expect(looked).toMatchObject({ code: 0, stderr: '' });
    expect(looked.stdout).toBe(
      [
        'task tsk_cli: pending (gpt-image-2)',
        `  submitted ${submitted}, last changed ${submitted}`,
        '  credits used 12, refunded 0, net charge 12 credits',
        `  balance recorded by hand: 100 credits at ${recorded}`,
        `  debit of 12 credits at ${submitted}: after the balance recorded by hand; not deducted yet`,
        '  with --apply: would deduct 12 credits',
        '',
      ].join('\n'),
    );

    // Submitted before the balance was recorded: already in it.
    const old = await cli(['tasks', 'check', 'img', 'tsk_old', '--apply'], home, secrets);
    expect(old.stdout).toMatch(
      /debit of 5 credits at .*: before the balance recorded by hand, so already in it \(not booked\)\n {2}remembered; nothing to book\n$/,
    );

    const applied = await cli(['tasks', 'check', 'img', 'tsk_cli', '--apply', '--json'], home, secrets);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      taskId: 'tsk_cli',
      status: 'pending',
      statusCode: 0,
      netCharge: '12',
      delta: '12',
      applied: true,
      balance: { amount: '88', unit: 'credits' },
      createdAt: submitted,
      handBalance: { amount: '100', unit: 'credits', at: recorded },
      debit: { amount: '12', at: submitted, booking: 'deducted' },
      refund: null,
    });

    const again = await cli(['tasks', 'check', 'img', 'tsk_cli', '--apply'], home, secrets);
    expect(again.stdout).toMatch(/deducted once\n {2}already applied: 12 credits\n {2}nothing new to book/);

    const refundedAt = ago(10);
    fake.updateAccount('gptimage2', key, {
      fields: {
        tasks: {
          tsk_cli: { status: 2, creditsUsed: 12, creditsRefunded: true, createdAt: submitted, updatedAt: refundedAt },
        },
      },
    });
    const refunded = await cli(['tasks', 'check', 'img', 'tsk_cli', '--apply', '--json'], home, secrets);
    expect(JSON.parse(refunded.stdout)).toMatchObject({
      status: 'failed',
      delta: '-12',
      applied: true,
      balance: { amount: '100' },
      refund: { amount: '12', at: refundedAt, booking: 'credited' },
    });
    const after = await cli(['tasks', 'check', 'img', 'tsk_cli', '--apply', '--json'], home, secrets);
    expect(JSON.parse(after.stdout)).toMatchObject({ applied: false, delta: '0', alreadyApplied: '0' });

    const missing = await cli(['tasks', 'check', 'img', 'tsk_nope'], home, secrets);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^burnrate: GPT Image 2 API has no task tsk_nope for this key/);
    expect(missing.stderr).not.toContain(key);
  });
});
