import { z } from 'zod';
import { DecimalError, toMicros } from '../../shared/decimal.ts';
import type { KeyState } from '../../shared/states.ts';
import type { HttpClient } from '../net/http.ts';
import { HttpFailure } from '../net/http.ts';
import { scrubSecrets } from '../secrets/scrub.ts';
import { decimalLike, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/** GPT Image 2 API (seed 003): no balance endpoint. The balance is recorded by hand;
 * task lookups by id reconcile what a task really cost. */
export const gptimage2: ProviderDefinition = {
  id: 'gptimage2',
  name: 'GPT Image 2 API',
  unit: 'credits',
  capabilities: ['manual', 'tasks'],
  defaultBaseUrl: 'https://gptimage2api.org',
  keyRequired: false,
  keyHint: 'API key (sk_live_…), only needed for task lookups',
  options: [],
  docsUrl: 'https://gptimage2api.org/docs/api-reference/tasks',
};

/**
 * An instant as the reference shows it ("2019-08-24T14:15:22Z"): ISO 8601 with a date, a
 * time and a zone. A time without a zone would be read in this machine's zone, so it is refused.
 */
const isoInstant = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)),
    'expected an ISO 8601 time with a zone',
  );

/**
 * GET /api/ai/tasks/{id} → the task's snapshot (gptimage2api.org/docs/api-reference/tasks):
 * {"taskId","type":"image"|"video","status":0|1|2,"model","creditsUsed":12,
 *  "creditsRefunded":true,"errorCode","errorMessage","createdAt","updatedAt"}
 * The reference documents `creditsRefunded` as a boolean ("the refunded amount equals
 * creditsUsed"); a number is read as the refunded amount, in case the field changes shape.
 * `createdAt` (submission, when the credits were debited) and `updatedAt` (the row's last
 * change: for a refunded task, when it was refunded) are date-time strings; booking a task
 * against a hand-kept balance depends on them, so a reply without them is not used.
 */
const taskSnapshot = z.object({
  taskId: z.string().optional(),
  type: z.string().nullish(),
  status: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  model: z.string().nullish(),
  creditsUsed: decimalLike.nullish(),
  creditsRefunded: z.union([z.boolean(), decimalLike]).nullish(),
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

export const TASK_STATUS_NAMES = { 0: 'pending', 1: 'completed', 2: 'failed' } as const;
export type TaskStatusName = (typeof TASK_STATUS_NAMES)[keyof typeof TASK_STATUS_NAMES];

export interface TaskSnapshot {
  id: string;
  status: 0 | 1 | 2;
  statusName: TaskStatusName;
  type: string | null;
  model: string | null;
  /** Credits debited at submission, in micros. */
  usedMicros: number;
  /** Credits given back (failed tasks are refunded in full), in micros. */
  refundedMicros: number;
  /** What the task costs the balance now: used − refunded. */
  netMicros: number;
  errorMessage: string | null;
  /** Submission, unix ms: when the credits were pre-debited. */
  createdAt: number;
  /** The snapshot's last change, unix ms: for a refunded task, when the refund was made. */
  updatedAt: number;
}

export type TaskLookup =
  | { ok: true; task: TaskSnapshot; httpStatus: number }
  | { ok: false; state: KeyState; httpStatus: number | null; message: string; notFound: boolean };

export interface TaskRequest {
  baseUrl: string;
  key: string | null;
  http: HttpClient;
  now: () => number;
}

/**
 * Task ids are opaque ("tsk_01J9XA…"); anything else could change the request path. The
 * names of Object.prototype's keys are refused too, since ids become keys of a stored map.
 */
export function isTaskId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id) && !['__proto__', 'constructor', 'prototype'].includes(id);
}

/** Look one task up. Never throws for what the provider or the network did. */
export async function fetchTask(req: TaskRequest, taskId: string): Promise<TaskLookup> {
  if (!isTaskId(taskId))
    return { ok: false, state: 'bad_response', httpStatus: null, message: 'not a task id', notFound: false };
  // Every string the reply carries is the provider's text: none of it may bring the key back.
  const scrub = (text: string) => scrubSecrets(text, [req.key]);
  try {
    const res = await req.http.request({
      url: `${req.baseUrl}/api/ai/tasks/${encodeURIComponent(taskId)}`,
      headers: req.key ? { authorization: `Bearer ${req.key}` } : {},
    });
    const read = readJson(res, taskSnapshot, req.now());
    if (!read.ok) {
      const o = read.outcome;
      return {
        ok: false,
        state: o.state,
        httpStatus: o.httpStatus,
        message: scrub(o.message ?? 'unexpected reply'),
        notFound: res.status === 404,
      };
    }
    const t = read.data;
    const used = t.creditsUsed === null || t.creditsUsed === undefined ? 0 : toMicros(t.creditsUsed);
    const refundField = t.creditsRefunded;
    let refunded =
      refundField === true
        ? used
        : refundField === false || refundField === null || refundField === undefined
          ? 0
          : toMicros(refundField);
    refunded = Math.min(Math.max(refunded, 0), Math.max(used, 0));
    return {
      ok: true,
      httpStatus: res.status,
      task: {
        id: t.taskId === undefined || t.taskId === null ? taskId : scrub(t.taskId),
        status: t.status,
        statusName: TASK_STATUS_NAMES[t.status],
        type: t.type === undefined || t.type === null ? null : scrub(t.type),
        model: t.model === undefined || t.model === null ? null : scrub(t.model),
        usedMicros: used,
        refundedMicros: refunded,
        netMicros: used - refunded,
        errorMessage: t.errorMessage ? scrub(t.errorMessage) : null,
        createdAt: Date.parse(t.createdAt),
        updatedAt: Date.parse(t.updatedAt),
      },
    };
  } catch (error) {
    if (error instanceof HttpFailure) {
      const state: KeyState =
        error.kind === 'timeout' ? 'timeout' : error.kind === 'network' ? 'network_error' : 'bad_response';
      return { ok: false, state, httpStatus: null, message: scrub(error.message), notFound: false };
    }
    if (error instanceof DecimalError) {
      return {
        ok: false,
        state: 'bad_response',
        httpStatus: null,
        message: `unusable amount in reply: ${error.message}`,
        notFound: false,
      };
    }
    throw error;
  }
}
