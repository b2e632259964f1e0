import { describe, expect, it } from 'vitest';
import type { FakeScenario } from '../../../src/core/providers/fake/types.ts';
import { FAKE_TASK_TIME } from '../../../src/core/providers/fake/gptimage2.ts';
import type { FakeTask } from '../../../src/core/providers/fake/gptimage2.ts';
import { fetchTask, gptimage2, isTaskId } from '../../../src/core/providers/gptimage2.ts';
import { runPoll } from '../../../src/core/providers/run.ts';
import { createHttpClient } from '../../../src/core/net/http.ts';
import type { HttpClient } from '../../../src/core/net/http.ts';
import { useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk_live_test_0123456789abcdef';
const TASKS: Record<string, FakeTask> = {
  tsk_done: { status: 1, creditsUsed: 12, creditsRefunded: false, model: 'nano-banana-pro' },
  tsk_pending: { status: 0, creditsUsed: 63, creditsRefunded: false, type: 'video', model: 'veo3' },
  tsk_failed: { status: 2, creditsUsed: 20, creditsRefunded: true },
};

const p = useFakeProvider('gptimage2', { key: KEY, balance: '500', fields: { tasks: TASKS } });
const { account } = p;
const http = createHttpClient({ timeoutMs: 2000 });
const lookup = (taskId: string, key: string | null = KEY) =>
  fetchTask({ baseUrl: p.baseUrl(), key, http, now: Date.now }, taskId);

describe('GPT Image 2 API', () => {
  it('has no balance endpoint: the definition keeps no poll, and runPoll says so', async () => {
    expect(gptimage2.poll).toBeUndefined();
    expect(gptimage2.capabilities).toEqual(['manual', 'tasks']);
    const out = await runPoll(gptimage2, { baseUrl: p.baseUrl(), key: KEY, options: {}, http, now: Date.now });
    expect(out).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/no balance endpoint; record the balance by hand/),
    });
  });
});

describe('task lookups against the fake server', () => {
  it('reads a completed task: credits used, nothing refunded', async () => {
    account('ok');
    expect(await lookup('tsk_done')).toEqual({
      ok: true,
      httpStatus: 200,
      task: {
        id: 'tsk_done',
        status: 1,
        statusName: 'completed',
        type: 'image',
        model: 'nano-banana-pro',
        usedMicros: 12_000_000,
        refundedMicros: 0,
        netMicros: 12_000_000,
        errorMessage: null,
        createdAt: Date.parse(FAKE_TASK_TIME),
        updatedAt: Date.parse(FAKE_TASK_TIME),
      },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/gptimage2/api/ai/tasks/tsk_done');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('a pending task is already charged (credits are pre-debited at submission)', async () => {
    account('ok');
    expect(await lookup('tsk_pending')).toMatchObject({
      ok: true,
      task: { statusName: 'pending', type: 'video', netMicros: 63_000_000 },
    });
  });

  it('a failed task with creditsRefunded:true costs nothing', async () => {
    account('ok');
    expect(await lookup('tsk_failed')).toMatchObject({
      ok: true,
      task: {
        statusName: 'failed',
        usedMicros: 20_000_000,
        refundedMicros: 20_000_000,
        netMicros: 0,
        errorMessage: 'The provider returned no output',
      },
    });
  });

  it('an unknown task is "not found", and a lookup still works when the balance is empty', async () => {
    account('insufficient_balance');
    expect(await lookup('tsk_nope')).toMatchObject({
      ok: false,
      notFound: true,
      httpStatus: 404,
      message: expect.stringMatching(/Task not found/),
    });
    expect((await lookup('tsk_done')).ok).toBe(true);
  });

  it.each<[FakeScenario, string, number | null, RegExp]>([
    ['invalid_key', 'invalid_key', 401, /Unauthorized/],
    ['expired_key', 'invalid_key', 401, /Unauthorized/],
    ['rate_limited', 'rate_limited', 429, /Too many requests/],
    ['error_in_200', 'invalid_key', 200, /Unauthorized/],
    ['wrong_types', 'bad_response', 200, /status|creditsUsed/],
    ...TRANSPORT_FAILURES,
  ])('%s → %s', async (scenario, state, status, message) => {
    account(scenario);
    const out = await lookup('tsk_done');
    expect(out).toMatchObject({ ok: false, state, httpStatus: status, notFound: false });
    if (!out.ok) {
      expect(out.message).toMatch(message);
      expect(out.message).not.toContain(KEY);
    }
  });

  it('no key is refused like a wrong one', async () => {
    account('ok');
    expect(await lookup('tsk_done', null)).toMatchObject({ ok: false, state: 'invalid_key', httpStatus: 401 });
    expect(p.server.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('refuses task ids that could change the path, without a request', async () => {
    const before = p.server.requests.length;
    for (const id of ['../credits', 'a/b', 'x?y=1', '', '__proto__', 'a'.repeat(129)]) {
      expect(isTaskId(id)).toBe(false);
      expect(await lookup(id)).toMatchObject({ ok: false, message: 'not a task id' });
    }
    expect(p.server.requests.length).toBe(before);
    expect(isTaskId('tsk_01J9XA5M2R9W4QZC4PYJF3N7ND')).toBe(true);
  });
});

function stored(status: number, body: string): HttpClient {
  return { request: async (req) => ({ status, headers: {}, text: body, url: req.url, credentialsWithheldAt: null }) };
}
const read = (status: number, body: string) =>
  fetchTask(
    { baseUrl: 'https://gptimage2api.org', key: KEY, http: stored(status, body), now: Date.now },
    'tsk_01J9XA5M2R9W4QZC4PYJF3N7ND',
  );

describe('task snapshots as documented', () => {
  it('reads the reference example (creditsRefunded is a boolean)', async () => {
    const body = `{"taskId":"tsk_01J9XA5M2R9W4QZC4PYJF3N7ND","type":"image","status":2,"model":"nano-banana-2","prompt":"p",
      "imageUrls":[],"videoUrl":null,"errorCode":"STORAGE_ERROR","errorMessage":"could not store output","creditsUsed":8,
      "creditsRefunded":true,"createdAt":"2019-08-24T14:15:22Z","updatedAt":"2019-08-24T14:15:22Z"}`;
    expect(await read(200, body)).toMatchObject({
      ok: true,
      task: {
        status: 2,
        usedMicros: 8_000_000,
        refundedMicros: 8_000_000,
        netMicros: 0,
        errorMessage: 'could not store output',
        createdAt: Date.parse('2019-08-24T14:15:22Z'),
        updatedAt: Date.parse('2019-08-24T14:15:22Z'),
      },
    });
  });

  it('keeps the task times (submission, last change) and refuses a reply without them', async () => {
    const times = '"createdAt":"2026-11-21T09:30:00+08:00","updatedAt":"2026-11-21T01:45:10.250Z"';
    expect(await read(200, `{"status":2,"creditsUsed":12,"creditsRefunded":true,${times}}`)).toMatchObject({
      ok: true,
      task: { createdAt: Date.parse('2026-11-21T01:30:00Z'), updatedAt: Date.parse('2026-11-21T01:45:10.250Z') },
    });
    expect(await read(200, '{"status":1,"creditsUsed":12,"creditsRefunded":false}')).toMatchObject({
      ok: false,
      state: 'bad_response',
      message: expect.stringMatching(/at createdAt/),
    });
    for (const bad of ['"yesterday"', '"2026-11-21T09:30:00"', '1795235400', 'null'])
      expect(
        await read(200, `{"status":1,"creditsUsed":1,"createdAt":${bad},"updatedAt":"2026-11-21T01:45:10Z"}`),
      ).toMatchObject({ ok: false, state: 'bad_response', message: expect.stringMatching(/createdAt/) });
  });

  it('reads a refunded amount given as a number, never more than was used', async () => {
    const times = '"createdAt":"2026-11-21T10:00:00Z","updatedAt":"2026-11-21T10:05:00Z"';
    expect(await read(200, `{"status":2,"creditsUsed":"12","creditsRefunded":5,${times}}`)).toMatchObject({
      ok: true,
      task: { netMicros: 7_000_000 },
    });
    expect(await read(200, `{"status":2,"creditsUsed":12,"creditsRefunded":99,${times}}`)).toMatchObject({
      ok: true,
      task: { netMicros: 0 },
    });
  });

  it('reads the documented errors', async () => {
    expect(await read(401, '{"error":"Unauthorized"}')).toMatchObject({ ok: false, state: 'invalid_key' });
    expect(await read(404, '{"error":"Task not found"}')).toMatchObject({ ok: false, notFound: true });
    expect(await read(402, '{"error":"Insufficient credits","required":12}')).toMatchObject({
      ok: false,
      state: 'insufficient_balance',
    });
    expect(await read(200, '{"status":7,"creditsUsed":1}')).toMatchObject({
      ok: false,
      state: 'bad_response',
      message: expect.stringMatching(/status/),
    });
    expect(await read(200, '{"status":1,"creditsUsed":1e400}')).toMatchObject({ ok: false, state: 'bad_response' });
  });
});
