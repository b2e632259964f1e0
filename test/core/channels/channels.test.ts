import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import type { ChannelServiceOptions } from '../../../src/core/channels/service.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import type { StatusFigures } from '../../../src/core/alerts/gather.ts';
import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import type { ChannelKind } from '../../../src/shared/alert-channels.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { findInFiles, tempDir } from '../../helpers/tmp.ts';
import { startReceiver } from '../../helpers/receiver.ts';
import { createPoller } from '../../../src/core/poller/index.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { Receiver } from '../../helpers/receiver.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { waitFor } from '../../helpers/wait.ts';

const KEY = 'sk_live_CHANNELTESTKEY0123456789';
/** A Tuesday, 12:00 UTC. */
const T0 = Date.parse('2026-05-12T12:00:00Z');
const FAST: ChannelServiceOptions = { retryDelaysMs: [20, 20, 20], attemptTimeoutMs: 2000, random: () => 1 };

interface Setup {
  core: Core;
  home: string;
  secrets: MemorySecrets;
  account: StoredAccount;
  clock: FakeClock;
  status: StatusFigures;
  record(partial: Partial<PollOutcome> & Pick<PollOutcome, 'state'>): void;
  /** Put the account out of balance: a critical zero_balance alert (once per episode). */
  outOfBalance(): void;
  /** A healthy reading with a short runway: a warning low_balance alert. */
  lowRunway(): void;
  /** Money again: both balance episodes clear, so they can fire again. */
  recover(): void;
}

async function setup(options: ChannelServiceOptions = FAST): Promise<Setup> {
  const home = tempDir();
  const secrets = new MemorySecrets();
  const clock = new FakeClock(T0);
  const s = {
    status: { balance: null, runway: { days: null }, cap: null, packs: [] } as StatusFigures,
  };
  const core = openCore({
    home,
    secrets,
    now: () => clock.now,
    alerts: {
      sources: { status: () => s.status, lastTopUp: () => null },
      onError: (e) => {
        throw e;
      },
    },
    channels: options,
  });
  const added = await core.accounts.add({ provider: 'cheapai', label: 'main', key: KEY });
  const account = core.accounts.require(added.id);
  const record = (partial: Partial<PollOutcome> & Pick<PollOutcome, 'state'>) => {
    clock.now += 1000;
    core.recordReading(account, outcome(partial), clock.now);
  };
  const ok = (amount: string) =>
    record({ state: 'ok', httpStatus: 200, balance: { micros: Number(amount) * 1e6, unit: 'credits' } });
  return {
    core,
    home,
    secrets,
    account,
    clock,
    get status() {
      return s.status;
    },
    set status(v) {
      s.status = v;
    },
    record,
    outOfBalance: () => record({ state: 'insufficient_balance', httpStatus: 402, message: 'Insufficient credits' }),
    lowRunway: () => {
      s.status = { ...s.status, balance: { amount: '26000', unit: 'credits' }, runway: { days: 1.5 } };
      ok('26000');
    },
    recover: () => {
      s.status = { ...s.status, balance: { amount: '900000', unit: 'credits' }, runway: { days: 60 } };
      ok('900000');
    },
  };
}

const idle = (core: Core) => waitFor(() => core.channels.pending() === 0, { what: 'channels to be idle' });

/** What every kind's URL looks like, pointed at a local receiver. */
function urlFor(kind: ChannelKind, origin: string): string {
  switch (kind) {
    case 'webhook':
      return `${origin}/hooks/burnrate`;
    case 'ntfy':
      return `${origin}/burnrate-alerts`;
    case 'gotify':
      return `${origin}/gotify?token=AbCdEfGhIjKlMnO`;
    case 'bark':
      return `${origin}/ynJ5Ft4atkMkWeo2PAvFhF`;
    case 'telegram':
      return `${origin}/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage?chat_id=-1001234567890`;
    case 'slack':
      return `${origin}/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`;
    case 'discord':
      return `${origin}/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789`;
  }
}

const okReply = (kind: ChannelKind) =>
  kind === 'telegram'
    ? { status: 200, body: { ok: true, result: { message_id: 1 } } }
    : kind === 'discord'
      ? { status: 200, body: { id: '1', content: 'x' } }
      : { status: 200, body: 'ok' };

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('alert channels: each kind against a local receiver', () => {
  it('webhook: the documented body with the figures, signed with HMAC-SHA256 over the exact bytes', async () => {
    const s = await setup();
    const r = await startReceiver();
    const secret = 'whsec_0123456789abcdef';
    await s.core.channels.add({ kind: 'webhook', url: urlFor('webhook', r.origin), secret, minSeverity: 'info' });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(1);
    const req = r.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/burnrate');
    expect(req.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', secret).update(req.body).digest('hex')}`;
    expect(req.headers['x-burnrate-signature']).toBe(expected);
    const body = json(req.body);
    expect(Object.keys(body).sort()).toEqual(['account', 'at', 'figures', 'kind', 'message', 'severity']);
    expect(body).toMatchObject({
      kind: 'zero_balance',
      severity: 'critical',
      message: expect.stringMatching(/^CheapAI · main — out of balance/),
      at: new Date(s.clock.now).toISOString(),
      account: { id: s.account.id, label: 'main', provider: 'cheapai' },
      figures: { state: 'insufficient_balance', balance: null, runwayDays: null },
    });
    expect(req.body).not.toContain(KEY);
    expect(s.core.channels.list()[0]).toMatchObject({
      lastSuccessAt: new Date(s.clock.now).toISOString(),
      lastError: null,
    });
  });

  it('webhook without a secret sends no signature header', async () => {
    const s = await setup();
    const r = await startReceiver();
    await s.core.channels.add({ kind: 'webhook', url: urlFor('webhook', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests[0]!.headers['x-burnrate-signature']).toBeUndefined();
  });

  it('ntfy: JSON published to the root URL with topic, title, priority and tags; a token as Bearer', async () => {
    const s = await setup();
    const r = await startReceiver();
    await s.core.channels.add({
      kind: 'ntfy',
      url: urlFor('ntfy', r.origin),
      secret: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2',
    });
    s.outOfBalance();
    await idle(s.core);
    const req = r.requests[0]!;
    expect(req.url).toBe('/');
    expect(req.headers.authorization).toBe('Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
    expect(json(req.body)).toEqual({
      topic: 'burnrate-alerts',
      title: 'Burnrate: CheapAI · main',
      message: expect.stringMatching(/^out of balance/),
      priority: 5,
      tags: ['rotating_light'],
    });
  });

  it('Gotify: POST /message with the application token in X-Gotify-Key (taken out of the URL)', async () => {
    const s = await setup();
    const r = await startReceiver();
    const channel = await s.core.channels.add({ kind: 'gotify', url: urlFor('gotify', r.origin) });
    expect(channel.hasSecret).toBe(true);
    s.outOfBalance();
    await idle(s.core);
    const req = r.requests[0]!;
    expect(req.url).toBe('/gotify/message');
    expect(req.headers['x-gotify-key']).toBe('AbCdEfGhIjKlMnO');
    expect(json(req.body)).toEqual({ title: 'Burnrate: CheapAI · main', message: expect.any(String), priority: 8 });
  });

  it('Bark: POST /push with the device key from the URL, a group and a level', async () => {
    const s = await setup();
    const r = await startReceiver();
    await s.core.channels.add({ kind: 'bark', url: urlFor('bark', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    const req = r.requests[0]!;
    expect(req.url).toBe('/push');
    expect(json(req.body)).toEqual({
      title: 'Burnrate: CheapAI · main',
      body: expect.stringMatching(/^out of balance/),
      device_key: 'ynJ5Ft4atkMkWeo2PAvFhF',
      group: 'Burnrate',
      level: 'timeSensitive',
    });
  });

  it('Telegram: sendMessage with chat_id and one line of text', async () => {
    const s = await setup();
    const r = await startReceiver(okReply('telegram'));
    await s.core.channels.add({ kind: 'telegram', url: urlFor('telegram', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    const req = r.requests[0]!;
    expect(req.url).toBe('/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage');
    expect(json(req.body)).toEqual({
      chat_id: '-1001234567890',
      text: expect.stringMatching(/^Burnrate \[critical\] CheapAI · main — out of balance/),
      disable_web_page_preview: true,
    });
    expect(s.core.channels.list()[0]!.lastError).toBeNull();
  });

  it('Slack: {text} to the incoming-webhook URL', async () => {
    const s = await setup();
    const r = await startReceiver();
    await s.core.channels.add({ kind: 'slack', url: urlFor('slack', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    const req = r.requests[0]!;
    expect(req.url).toBe('/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(json(req.body)).toEqual({ text: expect.stringMatching(/^Burnrate \[critical\] CheapAI · main — /) });
  });

  it('Discord: content with no mentions allowed, and ?wait=true so the reply confirms it', async () => {
    const s = await setup();
    const r = await startReceiver(okReply('discord'));
    await s.core.channels.add({ kind: 'discord', url: urlFor('discord', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    const req = r.requests[0]!;
    expect(req.url).toBe('/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789?wait=true');
    expect(json(req.body)).toEqual({
      content: expect.stringMatching(/^Burnrate \[critical\] CheapAI · main — /),
      allowed_mentions: { parse: [] },
    });
  });
});

describe('alert channels obey the one notification decision', () => {
  const KINDS: ChannelKind[] = ['webhook', 'ntfy', 'gotify', 'bark', 'telegram', 'slack', 'discord'];

  /** One receiver per kind, every kind's channel added, minimum severity info. */
  async function everyKind(s: Setup): Promise<Map<ChannelKind, Receiver>> {
    const receivers = new Map<ChannelKind, Receiver>();
    for (const kind of KINDS) {
      const r = await startReceiver(okReply(kind));
      receivers.set(kind, r);
      await s.core.channels.add({ kind, url: urlFor(kind, r.origin), minSeverity: 'info' });
    }
    return receivers;
  }
  const counts = (receivers: Map<ChannelKind, Receiver>) => [...receivers.values()].map((r) => r.requests.length);

  it('once per episode: a held condition sends nothing more; a new episode sends again', async () => {
    const s = await setup();
    const receivers = await everyKind(s);
    s.outOfBalance();
    await idle(s.core);
    expect(counts(receivers)).toEqual(KINDS.map(() => 1));
    s.outOfBalance(); // still out of balance: the same episode
    s.core.alerts.check();
    await idle(s.core);
    expect(counts(receivers)).toEqual(KINDS.map(() => 1));
    s.recover();
    s.outOfBalance();
    await idle(s.core);
    expect(counts(receivers)).toEqual(KINDS.map(() => 2));
  });

  it('a snoozed account sends nothing to any channel, and the alert is still listed', async () => {
    const s = await setup();
    const receivers = await everyKind(s);
    s.core.alerts.snooze({ accountId: s.account.id, until: new Date(T0 + 3600_000).toISOString() });
    s.outOfBalance();
    await idle(s.core);
    expect(s.core.alerts.history({ accountId: s.account.id }).map((e) => [e.kind, e.silenced])).toEqual([
      ['zero_balance', 'snoozed'],
    ]);
    expect(counts(receivers)).toEqual(KINDS.map(() => 0));
  });

  it('quiet hours send nothing; after them, the next episode goes out', async () => {
    const s = await setup();
    const receivers = await everyKind(s);
    // 12:00 UTC falls inside 11:00–13:00 UTC.
    s.core.alerts.setDefaults({ quietHours: { start: '11:00', end: '13:00', timeZone: 'UTC' } });
    s.outOfBalance();
    await idle(s.core);
    expect(s.core.alerts.history({ accountId: s.account.id }).at(-1)?.silenced).toBe('quiet_hours');
    expect(counts(receivers)).toEqual(KINDS.map(() => 0));
    s.clock.now += 2 * 3600_000; // 14:00
    s.recover();
    s.outOfBalance();
    await idle(s.core);
    expect(counts(receivers)).toEqual(KINDS.map(() => 1));
  });

  it('notifications turned off for an account mute its channels too', async () => {
    const s = await setup();
    const receivers = await everyKind(s);
    s.core.alerts.setAccountSettings(s.account.id, { notify: false });
    s.outOfBalance();
    await idle(s.core);
    expect(counts(receivers)).toEqual(KINDS.map(() => 0));
  });

  it('a channel gets only alerts at or above its minimum severity', async () => {
    const s = await setup();
    const critical = await startReceiver();
    const warning = await startReceiver();
    await s.core.channels.add({ kind: 'webhook', url: `${critical.origin}/c`, minSeverity: 'critical' });
    await s.core.channels.add({ kind: 'webhook', url: `${warning.origin}/w` }); // default: warning
    s.lowRunway(); // low_balance, a warning
    await idle(s.core);
    expect(critical.requests).toHaveLength(0);
    expect(warning.requests.map((r) => json(r.body).kind)).toEqual(['low_balance']);
    expect(json(warning.requests[0]!.body).figures).toEqual({
      state: 'ok',
      balance: { amount: '26000', unit: 'credits' },
      runwayDays: 1.5,
    });
    s.outOfBalance(); // zero_balance, critical
    await idle(s.core);
    expect(critical.requests.map((r) => json(r.body).kind)).toEqual(['zero_balance']);
  });

  it('every kind retries a 503 and delivers on the next try', async () => {
    const s = await setup();
    const receivers = await everyKind(s);
    for (const r of receivers.values()) r.queue({ status: 503, body: 'busy' });
    s.outOfBalance();
    await idle(s.core);
    expect(counts(receivers)).toEqual(KINDS.map(() => 2));
    for (const r of receivers.values()) expect(r.requests[0]!.body).toBe(r.requests[1]!.body);
    expect(s.core.channels.list().map((c) => [c.kind, c.lastError, c.lastSuccessAt !== null])).toEqual(
      KINDS.map((k) => [k, null, true]),
    );
  });

  it('no request to any kind carries the API key', async () => {
    const s = await setup();
    const receivers = await everyKind(s);
    s.lowRunway();
    s.outOfBalance();
    await s.core.channels.test(s.core.channels.list()[0]!.id);
    await idle(s.core);
    const all = [...receivers.values()].flatMap((r) => r.requests);
    expect(all.length).toBeGreaterThanOrEqual(KINDS.length * 2);
    for (const req of all) {
      expect(req.url).not.toContain(KEY);
      expect(JSON.stringify(req.headers)).not.toContain(KEY);
      expect(req.body).not.toContain(KEY);
    }
  });
});

describe('alert channels: retries, dead receivers and failures', () => {
  it('retries a 503 with backoff, then records the success', async () => {
    const s = await setup();
    const r = await startReceiver();
    r.queue({ status: 503, body: 'busy' }, { status: 502, body: '<html>bad gateway</html>' });
    await s.core.channels.add({ kind: 'webhook', url: `${r.origin}/x` });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(3);
    // The same alert each time: one body, three tries.
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
    expect(s.core.channels.list()[0]).toMatchObject({ lastSuccessAt: expect.any(String), lastFailureAt: null });
  });

  it('honours Retry-After on a 429 before the next try', async () => {
    const s = await setup();
    const r = await startReceiver();
    r.queue({ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' });
    await s.core.channels.add({ kind: 'slack', url: urlFor('slack', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('reads Telegram flood control (parameters.retry_after) and Discord 429 bodies', async () => {
    const s = await setup();
    const tg = await startReceiver(okReply('telegram'));
    tg.queue({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    await s.core.channels.add({ kind: 'telegram', url: urlFor('telegram', tg.origin) });
    s.outOfBalance();
    await idle(s.core);
    expect(tg.requests).toHaveLength(2);
    expect(tg.requests[1]!.at - tg.requests[0]!.at).toBeGreaterThanOrEqual(950);

    const dc = await startReceiver(okReply('discord'));
    dc.queue({ status: 429, body: { message: 'You are being rate limited.', retry_after: 0.5, global: false } });
    await s.core.channels.add({ kind: 'discord', url: urlFor('discord', dc.origin) });
    s.recover();
    s.outOfBalance();
    await idle(s.core);
    expect(dc.requests).toHaveLength(2);
    expect(dc.requests[1]!.at - dc.requests[0]!.at).toBeGreaterThanOrEqual(450);
  });

  it('gives up after the last retry and records why, without the token in the URL', async () => {
    const s = await setup();
    const r = await startReceiver({ status: 500, body: 'boom' });
    await s.core.channels.add({ kind: 'discord', url: urlFor('discord', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(4); // the first try and three retries
    const [channel] = s.core.channels.list();
    expect(channel).toMatchObject({
      lastSuccessAt: null,
      lastError: 'HTTP 500: boom',
      lastFailureAt: expect.any(String),
    });
  });

  it('a refusal (404, 401) is not retried; an echoed token is redacted from the stored error', async () => {
    const s = await setup();
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    const r = await startReceiver({
      status: 401,
      body: { ok: false, error_code: 401, description: `Unauthorized: bot${token} is not known` },
    });
    await s.core.channels.add({ kind: 'telegram', url: urlFor('telegram', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(1);
    const [channel] = s.core.channels.list();
    expect(channel!.lastError).toMatch(/^HTTP 401: Unauthorized: .*\(check the token or secret\)$/);
    expect(channel!.lastError).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    expect(JSON.stringify(s.core.channels.list())).not.toContain('AAHdqTcv');
  });

  it('a Telegram 200 with ok:false is a failure with its description', async () => {
    const s = await setup();
    const r = await startReceiver({
      status: 200,
      body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' },
    });
    await s.core.channels.add({ kind: 'telegram', url: urlFor('telegram', r.origin) });
    s.outOfBalance();
    await idle(s.core);
    expect(s.core.channels.list()[0]!.lastError).toBe('Telegram refused the message: Bad Request: chat not found');
  });

  it('a redirect is not followed', async () => {
    const s = await setup();
    const elsewhere = await startReceiver();
    const r = await startReceiver({ status: 307, headers: { location: `${elsewhere.origin}/moved` } });
    await s.core.channels.add({ kind: 'webhook', url: `${r.origin}/x`, secret: 'whsec_abcdefgh' });
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(s.core.channels.list()[0]!.lastError).toMatch(/redirect/);
  });

  it('a hanging receiver delays neither storing readings nor the other channels', async () => {
    const s = await setup({ ...FAST, retryDelaysMs: [], attemptTimeoutMs: 400 });
    const dead = await startReceiver('hang');
    const alive = await startReceiver();
    await s.core.channels.add({ kind: 'webhook', url: `${dead.origin}/dead` });
    await s.core.channels.add({ kind: 'webhook', url: `${alive.origin}/alive` });
    const started = performance.now();
    s.outOfBalance(); // stores the reading, evaluates the rules, queues two deliveries
    s.recover();
    s.outOfBalance();
    expect(performance.now() - started).toBeLessThan(150);
    await waitFor(() => alive.requests.length === 2, { timeoutMs: 1000 });
    // The live channel was served while the dead one still held its first request.
    expect(dead.requests).toHaveLength(1);
    await idle(s.core);
    const [deadChannel, aliveChannel] = s.core.channels.list();
    expect(deadChannel!.lastError).toMatch(/^timeout: no complete answer within 0.4 s/);
    expect(aliveChannel!.lastError).toBeNull();
    expect(dead.requests).toHaveLength(2); // its queue moved on after the deadline
  });

  it('the poller keeps polling while a receiver hangs: refreshes return at their own pace', async () => {
    const fake = await startFakeServer();
    try {
      const s = await setup({ ...FAST, retryDelaysMs: [], attemptTimeoutMs: 5000 });
      const dead = await startReceiver('hang');
      await s.core.channels.add({ kind: 'webhook', url: `${dead.origin}/dead`, minSeverity: 'info' });
      const key = 'sk_live_pollerhang_0123456789';
      fake.setAccount('cheapai', { key, balance: '0', scenario: 'insufficient_balance' });
      const added = await s.core.accounts.add({
        provider: 'cheapai',
        label: 'polled',
        baseUrl: fake.baseUrl('cheapai'),
        key,
      });
      s.core.accounts.update(s.account.id, { enabled: false }); // only the fake-server account is polled
      const poller = createPoller(s.core, { reloadIntervalMs: null, timeoutMs: 2000 });
      poller.start();
      try {
        const started = performance.now();
        // The first refresh raises zero_balance; its delivery hangs for 5 s.
        expect((await poller.refresh(added.id))[0]).toMatchObject({ state: 'insufficient_balance' });
        await waitFor(() => dead.requests.length === 1, { timeoutMs: 1000 });
        fake.updateAccount('cheapai', key, { scenario: 'ok', balance: '5000' });
        expect((await poller.refresh(added.id))[0]).toMatchObject({ state: 'ok' });
        expect(performance.now() - started).toBeLessThan(2000);
        expect(s.core.channels.pending()).toBe(1); // still waiting on the dead receiver
      } finally {
        await poller.stop();
        await s.core.channels.settle(0);
      }
    } finally {
      await fake.close();
    }
  });

  it('a channel queue is bounded: the oldest waiting alert is dropped, and that is recorded', async () => {
    const s = await setup({ ...FAST, retryDelaysMs: [], attemptTimeoutMs: 300, maxQueue: 1 });
    const dead = await startReceiver('hang');
    await s.core.channels.add({ kind: 'webhook', url: `${dead.origin}/dead` });
    for (let i = 0; i < 3; i++) {
      s.outOfBalance();
      s.recover();
    }
    await waitFor(() => s.core.channels.list()[0]!.lastError?.includes('waiting'), { timeoutMs: 1000 });
    expect(s.core.channels.list()[0]!.lastError).toBe(
      'not delivered: more than 1 alerts were waiting for this channel',
    );
    await idle(s.core);
    expect(dead.requests.length).toBe(2); // the first (in flight) and the newest
  });

  it('settle() waits for deliveries, then records what is left as not delivered', async () => {
    const s = await setup({ ...FAST, retryDelaysMs: [5000], attemptTimeoutMs: 200 });
    const r = await startReceiver({ status: 503, body: 'down' });
    await s.core.channels.add({ kind: 'webhook', url: `${r.origin}/x` });
    s.outOfBalance();
    const started = performance.now();
    await s.core.channels.settle(400);
    expect(performance.now() - started).toBeLessThan(1500);
    await idle(s.core);
    expect(s.core.channels.list()[0]!.lastError).toBe('HTTP 503: down; not retried: the process is ending');
    expect(r.requests).toHaveLength(1);
    s.outOfBalance(); // after settle nothing more is sent
    expect(s.core.channels.pending()).toBe(0);
  });

  it('a keychain that lost the channel entry is a recorded failure, not a crash', async () => {
    const s = await setup();
    const r = await startReceiver();
    const channel = await s.core.channels.add({ kind: 'webhook', url: `${r.origin}/x` });
    s.secrets.entries.delete(`channel:${channel.id}`);
    s.outOfBalance();
    await idle(s.core);
    expect(r.requests).toHaveLength(0);
    expect(s.core.channels.list()[0]!.lastError).toMatch(/keychain has no URL for this channel/);
  });
});

describe('adding, listing, testing and removing channels', () => {
  it('keeps the URL and secret in the keychain only: the database holds the origin', async () => {
    const s = await setup();
    const r = await startReceiver(okReply('telegram'));
    const url = urlFor('telegram', r.origin);
    const channel = await s.core.channels.add({ kind: 'telegram', url, minSeverity: 'critical' });
    expect(channel).toEqual({
      id: expect.stringMatching(/^chn_[a-z2-7]{12}$/),
      kind: 'telegram',
      target: `${r.origin}/…`,
      minSeverity: 'critical',
      hasSecret: false,
      enabled: true,
      createdAt: new Date(T0).toISOString(),
      lastSuccessAt: null,
      lastFailureAt: null,
      lastError: null,
    });
    expect(JSON.parse(s.secrets.entries.get(`channel:${channel.id}`)!)).toEqual({ url, secret: null });
    s.core.close();
    expect(findInFiles(s.home, 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw')).toEqual([]);
    expect(findInFiles(s.home, '1001234567890')).toEqual([]);
  });

  it('test sends a test notice and reports the outcome; remove deletes the keychain entry', async () => {
    const s = await setup();
    const r = await startReceiver();
    const channel = await s.core.channels.add({ kind: 'webhook', url: `${r.origin}/t`, secret: 'whsec_test123' });
    const result = await s.core.channels.test(channel.id);
    expect(result).toEqual({ id: channel.id, ok: true, httpStatus: 200, attempts: 1, message: 'delivered (HTTP 200)' });
    expect(json(r.requests[0]!.body)).toMatchObject({ kind: 'test', severity: 'info', account: null, figures: {} });
    r.fallback = { status: 404, body: 'no such hook' };
    expect(await s.core.channels.test(channel.id)).toMatchObject({
      ok: false,
      httpStatus: 404,
      attempts: 1,
      message: expect.stringMatching(/^HTTP 404: no such hook \(the Webhook receiver does not know this URL/),
    });
    await s.core.channels.remove(channel.id);
    expect(s.core.channels.list()).toEqual([]);
    expect(s.secrets.entries.has(`channel:${channel.id}`)).toBe(false);
    await expect(s.core.channels.remove(channel.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.core.channels.test('chn_nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each([
    [{ kind: 'pager', url: 'https://x.example' }, /kind/],
    [{ kind: 'webhook', url: '' }, /the URL is empty/],
    [{ kind: 'webhook', url: 'not a url' }, /not a valid URL/],
    [{ kind: 'webhook', url: 'ftp://x.example/h' }, /must use https/],
    [{ kind: 'webhook', url: 'http://hooks.example.com/h' }, /plain http is only allowed to this machine/],
    [{ kind: 'webhook', url: 'https://user:pw@hooks.example.com/h' }, /user name or password/],
    [{ kind: 'webhook', url: 'https://hooks.example.com/h#frag' }, /fragment/],
    [{ kind: 'ntfy', url: 'https://ntfy.sh' }, /ends with the topic/],
    [{ kind: 'ntfy', url: 'https://ntfy.sh/topic?x=1' }, /no query string/],
    [{ kind: 'gotify', url: 'https://push.example.com' }, /needs an application token/],
    [{ kind: 'gotify', url: 'https://push.example.com/?token=A1', secret: 'A2' }, /once/],
    [{ kind: 'bark', url: 'https://api.day.app/push' }, /ends with the device key/],
    [{ kind: 'bark', url: 'https://api.day.app/abcdefgh', secret: 's' }, /takes no secret/],
    [{ kind: 'telegram', url: 'https://api.telegram.org/bot123:abc/sendMessage' }, /needs \?chat_id=/],
    [{ kind: 'telegram', url: 'https://api.telegram.org/sendMessage?chat_id=1' }, /bot<token>/],
    [{ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X', secret: 'x' }, /takes no secret/],
    [{ kind: 'discord', url: 'https://discord.com/api/channels/1' }, /webhooks\/<id>\/<token>/],
    [{ kind: 'webhook', url: 'https://hooks.example.com/h', minSeverity: 'loud' }, /minSeverity/],
  ])('refuses %j with a clear message and keeps nothing', async (input, message) => {
    const s = await setup();
    await expect(s.core.channels.add(input)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(message),
    });
    expect(s.core.channels.list()).toEqual([]);
    expect([...s.secrets.entries.keys()].filter((k) => k.startsWith('channel:'))).toEqual([]);
  });

  it('a locked keychain stores nothing', async () => {
    const s = await setup();
    s.secrets.available = false;
    await expect(s.core.channels.add({ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' })).rejects.toThrow(
      /keychain/,
    );
    expect(s.core.channels.list()).toEqual([]);
  });
});
