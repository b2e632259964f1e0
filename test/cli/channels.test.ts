import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { Channel } from '../../src/shared/alert-channels.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { findInFiles, tempDir } from '../helpers/tmp.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { cliInProcess } from '../helpers/cli-inproc.ts';

/** The CLI in this process with an in-memory keychain. */
const cli = (args: string[], home: string, secrets: MemorySecrets, stdin = '', env: NodeJS.ProcessEnv = {}) =>
  cliInProcess(args, { home, secrets, stdin, env });

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

describe('burnrate channels', () => {
  it('add, list, test and remove, human and --json; the URL never printed past its origin', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const r = await startReceiver();
    const url = `${r.origin}/services/T0/B0/SLACKTOKEN0123456789`;

    const added = await cli(['channels', 'add', '--kind', 'slack', '--url', url, '--json'], home, secrets);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const channel = JSON.parse(added.stdout) as Channel;
    expect(channel).toMatchObject({ kind: 'slack', target: `${r.origin}/…`, minSeverity: 'warning', hasSecret: false });

    const human = await cli(
      ['channels', 'add', '--kind', 'webhook', '--url-stdin', '--secret-stdin', '--min-severity', 'critical'],
      home,
      secrets,
      `${r.origin}/hook?auth=QUERYTOKEN0123\nwhsec_fromstdin\n`,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^added chn_[a-z2-7]{12} \(Webhook → http:\/\/127\.0\.0\.1:\d+\/…, critical and above\)\n$/,
    );
    const webhookId = /chn_[a-z2-7]{12}/.exec(human.stdout)![0];
    expect(JSON.parse(secrets.entries.get(`channel:${webhookId}`)!)).toEqual({
      url: `${r.origin}/hook?auth=QUERYTOKEN0123`,
      secret: 'whsec_fromstdin',
    });

    const listed = await cli(['channels', 'list', '--json'], home, secrets);
    expect((JSON.parse(listed.stdout) as Channel[]).map((c) => [c.kind, c.minSeverity, c.hasSecret])).toEqual([
      ['slack', 'warning', false],
      ['webhook', 'critical', true],
    ]);
    const listedHuman = await cli(['channels', 'list'], home, secrets);
    expect(listedHuman.stdout.trim().split('\n')).toHaveLength(2);
    expect(listedHuman.stdout).toMatch(/nothing sent yet/);

    const tested = await cli(['channels', 'test', webhookId, '--json'], home, secrets);
    expect(tested.code).toBe(0);
    expect(JSON.parse(tested.stdout)).toMatchObject({ id: webhookId, ok: true, httpStatus: 200, attempts: 1 });
    const sent = r.requests.at(-1)!;
    expect(sent.url).toBe('/hook?auth=QUERYTOKEN0123');
    expect(sent.headers['x-burnrate-signature']).toBe(
      `sha256=${createHmac('sha256', 'whsec_fromstdin').update(sent.body).digest('hex')}`,
    );
    expect((await cli(['channels', 'list'], home, secrets)).stdout).toMatch(/last delivered 20/);

    r.fallback = { status: 410, body: 'channel_is_archived' };
    const failed = await cli(['channels', 'test', channel.id], home, secrets, '', { BURNRATE_CHANNEL_SETTLE_MS: '0' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/not delivered after 1 attempt\(s\): HTTP 410: channel_is_archived/);
    expect((await cli(['channels', 'list'], home, secrets)).stdout).toMatch(/last delivery failed .*HTTP 410/);

    for (const out of [added, human, listed, listedHuman, tested, failed]) {
      expect(out.stdout + out.stderr).not.toContain('SLACKTOKEN0123456789');
      expect(out.stdout + out.stderr).not.toContain('QUERYTOKEN0123');
      expect(out.stdout + out.stderr).not.toContain('whsec_fromstdin');
    }
    expect(findInFiles(home, 'SLACKTOKEN0123456789')).toEqual([]);
    expect(findInFiles(home, 'whsec_fromstdin')).toEqual([]);

    const removed = await cli(['channels', 'remove', channel.id, '--json'], home, secrets);
    expect(JSON.parse(removed.stdout)).toEqual({ id: channel.id, removed: true });
    expect(secrets.entries.has(`channel:${channel.id}`)).toBe(false);
    expect((await cli(['channels', 'remove', webhookId], home, secrets)).stdout).toBe(
      `removed ${webhookId} and its keychain entry\n`,
    );
    expect((await cli(['channels', 'list'], home, secrets)).stdout).toMatch(/^no channels yet/);
  });

  it.each([
    [['channels'], 2, /channels needs a subcommand/],
    [['channels', 'add', '--url', 'https://x.example/h'], 2, /needs --kind/],
    [['channels', 'add', '--kind', 'pager', '--url', 'https://x.example/h'], 2, /unknown channel kind "pager"/],
    [['channels', 'add', '--kind', 'webhook'], 2, /needs --url/],
    [['channels', 'add', '--kind', 'webhook', '--url', 'https://x.example/h', '--url-stdin'], 2, /not both/],
    [
      ['channels', 'add', '--kind', 'webhook', '--url', 'https://x.example/h', '--min-severity', 'loud'],
      2,
      /--min-severity/,
    ],
    [
      ['channels', 'add', '--kind', 'webhook', '--url', 'https://x.example/h', '--secret-stdin'],
      2,
      /secret read from stdin is empty/,
    ],
    [['channels', 'add', '--kind', 'webhook', '--url', 'http://x.example/h'], 1, /plain http is only allowed/],
    [['channels', 'add', '--kind', 'telegram', '--url', 'https://api.telegram.org/bot1:abc/sendMessage'], 1, /chat_id/],
    [['channels', 'remove'], 2, /needs a channel id/],
    [['channels', 'test', 'chn_aaaaaaaaaaaa'], 1, /no channel with id/],
  ])('%j → exit %i with one clear line', async (args, code, message) => {
    const out = await cli(args, tempDir(), new MemorySecrets());
    expect(out.code).toBe(code);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a one-shot poll delivers the alerts it raised before it exits; none carries the key', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const r = await startReceiver();
    const key = 'sk_live_pollchannel_0123456789';
    fake.setAccount('cheapai', { key, balance: '0', scenario: 'insufficient_balance' });
    await cli(['channels', 'add', '--kind', 'webhook', '--url', `${r.origin}/poll`], home, secrets);
    const added = await cli(
      [
        'accounts',
        'add',
        '--provider',
        'cheapai',
        '--label',
        'main',
        '--base-url',
        fake.baseUrl('cheapai'),
        '--key-stdin',
        '--json',
      ],
      home,
      secrets,
      key,
    );
    const account = JSON.parse(added.stdout) as { id: string };
    const polled = await cli(['poll', '--json'], home, secrets);
    expect(polled.code).toBe(0);
    // Delivered by the time the command returned: the poll waited for its own deliveries.
    expect(r.requests).toHaveLength(1);
    const body = JSON.parse(r.requests[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'zero_balance',
      severity: 'critical',
      account: { id: account.id, label: 'main', provider: 'cheapai' },
      figures: { state: 'insufficient_balance' },
    });
    expect(JSON.stringify(r.requests)).not.toContain(key);
    // The same episode on the next poll: nothing more.
    await cli(['poll', '--json'], home, secrets);
    expect(r.requests).toHaveLength(1);
  });

  it('a poll does not wait past BURNRATE_CHANNEL_SETTLE_MS for a receiver that never answers', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const dead = await startReceiver('hang');
    const key = 'sk_live_pollhang_0123456789';
    fake.setAccount('cheapai', { key, balance: '0', scenario: 'insufficient_balance' });
    await cli(['channels', 'add', '--kind', 'webhook', '--url', `${dead.origin}/dead`], home, secrets);
    await cli(
      [
        'accounts',
        'add',
        '--provider',
        'cheapai',
        '--label',
        'main',
        '--base-url',
        fake.baseUrl('cheapai'),
        '--key-stdin',
      ],
      home,
      secrets,
      key,
    );
    const started = performance.now();
    const polled = await cli(['poll', '--json'], home, secrets, '', { BURNRATE_CHANNEL_SETTLE_MS: '300' });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(polled.code).toBe(0);
    expect(JSON.parse(polled.stdout)).toHaveLength(1);
    expect(dead.requests).toHaveLength(1);
  });
});
