// Over 400 lines: createChannelService is one closure over the delivery queues, retries and timers that deliver, test and settle share.
import type { AlertEvent, AlertSeverity } from '../../shared/alerts.ts';
import { ALERT_SEVERITIES } from '../../shared/alerts.ts';
import type { Channel, ChannelNotice, ChannelTestResult } from '../../shared/alert-channels.ts';
import {
  channelAddInputSchema,
  channelIdSchema,
  DEFAULT_CHANNEL_MIN_SEVERITY,
  CHANNEL_KIND_NAMES,
} from '../../shared/alert-channels.ts';
import type { AlertContext, AlertService } from '../alerts/service.ts';
import type { SecretStore } from '../secrets/index.ts';
import { KeychainUnavailableError } from '../secrets/index.ts';
import type { HttpClient } from '../net/http.ts';
import { HttpFailure } from '../net/http.ts';
import type { ChannelRecord, ChannelsRepo } from '../store/channels-repo.ts';
import type { Timers } from '../timers.ts';
import { realTimers } from '../timers.ts';
import { UserError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { ChannelConfig } from './kinds.ts';
import { buildRequest, ChannelInputError, judgeReply, prepareChannel, redactChannel } from './kinds.ts';

/**
 * Alert channels: each alert that would show a desktop notification (the alert service's
 * one decision, `silenced === null`: not snoozed, not in quiet hours, not muted, once per
 * episode) is also sent to every enabled channel whose minimum severity it meets.
 *
 * Deliveries never hold anything up: the alert listener only queues them. Each channel has
 * its own queue, worked one delivery at a time (so a dead receiver delays only itself), a
 * bounded length (the oldest is dropped, and recorded), a deadline per attempt and retries
 * with backoff for failures that may pass (timeouts, resets, 429, 5xx; Retry-After is
 * honoured up to a ceiling). Every delivery ends as a success or a failure recorded on the
 * channel. The URL and secret are read from the keychain per delivery, held only for it.
 */
export interface ChannelService {
  list(): Channel[];
  /** Validate, keep the URL and secret in the keychain, then record the channel. */
  add(input: unknown): Promise<Channel>;
  /** Remove a channel and its keychain entry. */
  remove(id: string): Promise<void>;
  /** Send a test notice now, with the same retries, and wait for the result. */
  test(id: string): Promise<ChannelTestResult>;
  /** Queue a notice for every enabled channel it is severe enough for. Returns at once. */
  deliver(notice: ChannelNotice): void;
  /** Deliveries queued or in flight. */
  pending(): number;
  /**
   * Wait for queued deliveries, at most `ms`. Whatever is left then is recorded as not
   * delivered (the process is ending); nothing is sent after this returns.
   */
  settle(ms: number): Promise<void>;
}

export interface ChannelServiceOptions {
  /** Waits before each retry; its length is the number of retries (default 2 s, 10 s, 30 s). */
  retryDelaysMs?: readonly number[];
  /** Deadline of one attempt, connection and reply (default 10 s). */
  attemptTimeoutMs?: number;
  /** Deliveries a channel may have waiting; more drop the oldest (default 20). */
  maxQueue?: number;
  /** The longest Retry-After honoured; a longer one ends the delivery as failed (default 60 s). */
  maxRetryAfterMs?: number;
  timers?: Timers;
  random?: () => number;
}

export interface ChannelDeps {
  repo: ChannelsRepo;
  secrets: SecretStore;
  http: HttpClient;
  now: () => number;
  alerts?: Pick<AlertService, 'on'>;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [2_000, 10_000, 30_000];
const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_QUEUE = 20;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** The keychain entry of a channel (accounts use their bare id). */
export const channelSecretName = (id: string) => `channel:${id}`;

const rank = (s: AlertSeverity) => ALERT_SEVERITIES.indexOf(s);

export function publicChannel(c: ChannelRecord): Channel {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: c.id,
    kind: c.kind,
    target: c.target,
    minSeverity: c.minSeverity,
    hasSecret: c.hasSecret,
    enabled: c.enabled,
    createdAt: new Date(c.createdAt).toISOString(),
    lastSuccessAt: iso(c.lastSuccessAt),
    lastFailureAt: iso(c.lastFailureAt),
    lastError: c.lastError,
  };
}

/** What a channel is told about an alert, from the event and its context. */
export function noticeOf(event: AlertEvent, context: AlertContext): ChannelNotice {
  return {
    kind: event.kind,
    severity: event.severity,
    message: event.message,
    at: event.at,
    account: { id: context.account.id, label: context.account.label, provider: context.account.provider },
    figures: context.figures,
  };
}

interface Job {
  notice: ChannelNotice;
  /** Set for `channels test`: told the result instead of only recording it. */
  done?: (result: Omit<ChannelTestResult, 'id'>) => void;
}

interface Queue {
  jobs: Job[];
  running: boolean;
}

interface Attempted {
  ok: boolean;
  httpStatus: number | null;
  attempts: number;
  message: string;
}

export function createChannelService(deps: ChannelDeps, options: ChannelServiceOptions = {}): ChannelService {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const timers = options.timers ?? realTimers;
  const random = options.random ?? Math.random;
  const queues = new Map<string, Queue>();
  const idle = new Set<() => void>();
  let closing = false;
  /** Wakes every retry wait early when the process is ending. */
  const wakers = new Set<() => void>();

  function record(id: string, result: Attempted): void {
    try {
      if (result.ok) deps.repo.recordSuccess(id, deps.now());
      else deps.repo.recordFailure(id, deps.now(), result.message);
    } catch {
      // The database closed under a delivery that outlived its process's settle(): nothing to keep it in.
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (closing) return resolve();
      const wake = () => {
        timers.clearTimeout(handle);
        wakers.delete(wake);
        resolve();
      };
      const handle = timers.setTimeout(wake, ms);
      wakers.add(wake);
    });
  }

  async function configOf(id: string): Promise<ChannelConfig> {
    const text = await deps.secrets.get(channelSecretName(id));
    if (text === null) throw new Error('the keychain has no URL for this channel (remove it and add it again)');
    const parsed = JSON.parse(text) as Partial<ChannelConfig>;
    if (typeof parsed.url !== 'string') throw new Error('the keychain entry of this channel is unreadable');
    return { url: parsed.url, secret: typeof parsed.secret === 'string' ? parsed.secret : null };
  }

  /** One delivery: every attempt it is allowed, until success, a refusal, or the end. */
  async function attempt(channel: ChannelRecord, notice: ChannelNotice): Promise<Attempted> {
    let config: ChannelConfig | null = null;
    let last: Attempted = { ok: false, httpStatus: null, attempts: 0, message: 'not sent' };
    for (let n = 0; n <= retryDelays.length; n++) {
      if (closing && n > 0) return { ...last, message: `${last.message}; not retried: the process is ending` };
      let retryAfterMs: number | null = null;
      let retry: boolean;
      try {
        config ??= await configOf(channel.id);
        const req = buildRequest(channel.kind, config, notice);
        const res = await deps.http.request({
          url: req.url,
          method: 'POST',
          headers: req.headers,
          json: req.json,
          timeoutMs: attemptTimeoutMs,
        });
        const verdict = judgeReply(channel.kind, res, deps.now());
        if (verdict.ok)
          return { ok: true, httpStatus: res.status, attempts: n + 1, message: `delivered (HTTP ${res.status})` };
        last = {
          ok: false,
          httpStatus: verdict.httpStatus,
          attempts: n + 1,
          message: redactChannel(verdict.message, config),
        };
        retry = verdict.retry;
        retryAfterMs = verdict.retryAfterMs;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        last = {
          ok: false,
          httpStatus: null,
          attempts: n + 1,
          message: redactChannel(describeError(error, message), config),
        };
        // A receiver that redirects or answers too much will do so again; a locked keychain may open.
        retry =
          error instanceof KeychainUnavailableError ||
          (error instanceof HttpFailure && (error.kind === 'timeout' || error.kind === 'network'));
      }
      if (!retry || n === retryDelays.length) break;
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfterMs) {
        last = {
          ...last,
          message: `${last.message}; asked to wait ${Math.ceil(retryAfterMs / 1000)} s, longer than Burnrate waits`,
        };
        break;
      }
      // Full jitter over the planned wait, never below what the receiver asked for.
      const planned = retryDelays[n]!;
      await sleep(Math.max(retryAfterMs ?? 0, planned / 2 + (random() * planned) / 2));
    }
    return last;
  }

  async function pump(id: string, queue: Queue): Promise<void> {
    queue.running = true;
    try {
      while (queue.jobs.length > 0) {
        const job = queue.jobs.shift()!;
        const channel = deps.repo.get(id);
        if (!channel) {
          job.done?.({ ok: false, httpStatus: null, attempts: 0, message: 'the channel was removed' });
          continue;
        }
        let result: Attempted;
        if (closing)
          result = { ok: false, httpStatus: null, attempts: 0, message: 'not delivered: the process ended first' };
        else result = await attempt(channel, job.notice);
        record(id, result);
        job.done?.(result);
      }
    } finally {
      queue.running = false;
      queues.delete(id);
      if (queues.size === 0) for (const resolve of [...idle]) resolve();
    }
  }

  function enqueue(id: string, job: Job): void {
    let queue = queues.get(id);
    if (!queue) {
      queue = { jobs: [], running: false };
      queues.set(id, queue);
    }
    queue.jobs.push(job);
    while (queue.jobs.length > maxQueue) {
      const dropped = queue.jobs.shift()!;
      const result = {
        ok: false,
        httpStatus: null,
        attempts: 0,
        message: `not delivered: more than ${maxQueue} alerts were waiting for this channel`,
      };
      record(id, result);
      dropped.done?.(result);
    }
    if (!queue.running) void pump(id, queue);
  }

  function pending(): number {
    let n = 0;
    for (const q of queues.values()) n += q.jobs.length + (q.running ? 1 : 0);
    return n;
  }

  // The one decision: what the desktop would announce, and nothing else.
  deps.alerts?.on((event, context) => {
    if (event.silenced !== null || !context) return;
    service.deliver(noticeOf(event, context));
  });

  const service: ChannelService = {
    list: () => deps.repo.list().map(publicChannel),

    async add(input) {
      const parsed = channelAddInputSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new UserError('validation', `${where}${issue?.message ?? 'invalid channel'}`);
      }
      const { kind, url, secret, minSeverity } = parsed.data;
      let prepared;
      try {
        prepared = prepareChannel(kind, url, secret ?? null);
      } catch (error) {
        if (error instanceof ChannelInputError) throw new UserError('validation', error.message);
        throw error;
      }
      const id = newId('chn');
      await deps.secrets.set(channelSecretName(id), JSON.stringify(prepared.config));
      try {
        return publicChannel(
          deps.repo.insert({
            id,
            kind,
            target: prepared.target,
            minSeverity: minSeverity ?? DEFAULT_CHANNEL_MIN_SEVERITY,
            hasSecret: prepared.config.secret !== null,
            enabled: true,
            createdAt: deps.now(),
          }),
        );
      } catch (error) {
        await deps.secrets.delete(channelSecretName(id)).catch(() => false);
        throw error;
      }
    },

    async remove(id) {
      const channel = requireChannel(id);
      deps.repo.remove(channel.id);
      queues.get(channel.id)?.jobs.splice(0);
      await deps.secrets.delete(channelSecretName(channel.id));
    },

    async test(id) {
      const channel = requireChannel(id);
      const notice: ChannelNotice = {
        kind: 'test',
        severity: 'info',
        message: `Burnrate — a test of this ${CHANNEL_KIND_NAMES[channel.kind]} channel`,
        at: new Date(deps.now()).toISOString(),
        account: null,
        figures: {},
      };
      return new Promise((resolve) => enqueue(channel.id, { notice, done: (r) => resolve({ id: channel.id, ...r }) }));
    },

    deliver(notice) {
      if (closing) return;
      for (const channel of deps.repo.list()) {
        if (!channel.enabled || rank(notice.severity) < rank(channel.minSeverity)) continue;
        enqueue(channel.id, { notice });
      }
    },

    pending,

    async settle(ms) {
      if (queues.size > 0) {
        let timer: unknown;
        let resolveIdle!: () => void;
        const done = new Promise<void>((resolve) => {
          resolveIdle = resolve;
          idle.add(resolve);
        });
        const deadline = new Promise<void>((resolve) => {
          timer = timers.setTimeout(resolve, ms);
        });
        await Promise.race([done, deadline]);
        timers.clearTimeout(timer);
        idle.delete(resolveIdle);
      }
      // Whatever is left is told so and recorded; attempts in flight end without retrying.
      closing = true;
      for (const wake of [...wakers]) wake();
      for (const [id, queue] of queues) {
        for (const job of queue.jobs.splice(0)) {
          const result = {
            ok: false,
            httpStatus: null,
            attempts: 0,
            message: 'not delivered: the process ended first',
          };
          record(id, result);
          job.done?.(result);
        }
      }
    },
  };

  function requireChannel(id: string): ChannelRecord {
    const valid = channelIdSchema.safeParse(id);
    const channel = valid.success ? deps.repo.get(id) : null;
    if (!channel) throw new UserError('not_found', `no channel with id ${JSON.stringify(id)}`);
    return channel;
  }

  return service;
}

function describeError(error: unknown, message: string): string {
  if (error instanceof HttpFailure && error.kind === 'redirect')
    return `the receiver answered with a redirect; channels do not follow redirects (give the final URL)`;
  if (error instanceof HttpFailure) return `${error.kind === 'timeout' ? 'timeout' : 'network error'}: ${message}`;
  if (error instanceof KeychainUnavailableError) return `keychain unavailable: ${error.detail}`;
  return message;
}
