/**
 * The one dispatcher behind IPC (and the browser tests' bridge), apart from what each
 * channel does: check the channel, refuse unsafe shapes, parse the untrusted payload with
 * the contract's schema, call the channel's handler, and answer in an envelope whose error
 * code is one of the contract's (src/shared/ipc/errors.ts). Error messages never carry
 * payload values, so a key typed into the wrong field cannot echo back; an internal error
 * reaches the log with its stack and the window as a plain sentence.
 */
import type { z } from 'zod';
import type { IpcError, IpcErrorCode, IpcResult } from '../../shared/ipc.ts';
import { invokeChannels, isInvokeChannel } from '../../shared/ipc.ts';
import { UserError } from '../errors.ts';
import { log } from '../log/log.ts';
import { scrubSecrets } from '../secrets/scrub.ts';
import type { Handlers } from './context.ts';

export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface DispatchHooks {
  /** Told of every UserError before it is answered (the keychain notice watches for its code). */
  onUserError?(error: UserError): void;
}

export function createDispatcher(table: Handlers, hooks: DispatchHooks = {}): Dispatch {
  return async function dispatch(channel, payload) {
    if (!isInvokeChannel(channel)) return fail('validation', 'unknown channel');
    const shapeProblem = unsafeShape(payload);
    if (shapeProblem) return fail('validation', shapeProblem);
    const parsed = invokeChannels[channel].safeParse(payload);
    if (!parsed.success) return fail('validation', describeIssues(parsed.error));
    try {
      const handler = table[channel] as (p: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof UserError) {
        hooks.onUserError?.(error);
        return fail(error.code, scrubSecrets(withoutPayloadValues(error.message, payload)));
      }
      // A bug or a failing disk: the window gets a plain sentence, the log gets the stack,
      // scrubbed of every value the payload carried (a key typed into a form among them).
      log.error(`${channel} failed`, { err: error, channel, secrets: payloadSecrets(payload) });
      return fail('internal', 'something went wrong inside Burnrate; see the log for details');
    }
  };
}

/** The frame an IPC call came from, as Electron's `event.senderFrame` describes it. */
export interface SenderFrame {
  url: string;
  /** Null for a page's main frame. */
  parent: unknown;
}

/**
 * Only our own page's main frame may call: not another origin, not a frame inside our page,
 * not a frame that navigated away or was destroyed before the handler ran (no frame).
 * Null when the call may go on; otherwise the reply to send instead.
 */
export function refuseSender(
  frame: SenderFrame | null | undefined,
  isOwnUrl: (url: string) => boolean,
): { ok: false; error: IpcError } | null {
  if (frame && frame.parent === null && isOwnUrl(frame.url)) return null;
  return fail('forbidden', 'IPC from an unexpected frame');
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;
const MAX_NODES = 10_000;

/**
 * Checks that hold for every channel before its schema runs: no prototype-polluting keys
 * (a schema that rebuilds objects would silently drop them; we refuse instead), bounded
 * nesting and size, and plain data only. Electron's structured clone also carries Dates,
 * Maps, typed arrays, NaN and sparse arrays of any length; a schema would read a Date or a
 * Map as an empty object, and walk a sparse array element by element, so they stop here.
 */
function unsafeShape(payload: unknown): string | null {
  let nodes = 0;
  const walk = (value: unknown, depth: number): string | null => {
    if (++nodes > MAX_NODES) return 'payload is too large';
    if (typeof value === 'number' && !Number.isFinite(value)) return 'payload has a number that is not finite';
    if (value === null || typeof value !== 'object') return null;
    if (depth > MAX_DEPTH) return 'payload is nested too deeply';
    if (Array.isArray(value)) {
      if (value.length > MAX_NODES) return 'payload is too large';
    } else {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null)
        return 'payload must be plain data (objects, arrays, strings, numbers, booleans)';
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `payload has a forbidden key ${JSON.stringify(key)}`;
      const problem = walk((value as Record<string, unknown>)[key], depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(payload, 0);
}

/**
 * Core's messages sometimes quote what they refused ("not a valid URL: \"…\""). A key pasted
 * into the wrong field would then come back to the window (and its logs), so any payload
 * string that could be a secret — 8+ characters, no spaces, not a URL — is replaced before
 * the message leaves.
 */
function withoutPayloadValues(message: string, payload: unknown): string {
  let out = message;
  for (const v of payloadSecrets(payload).sort((a, b) => b.length - a.length))
    out = out.split(v).join('(the value you entered)');
  return out;
}

/** The payload's strings that could be a secret: 8+ characters, no spaces, not a URL. */
function payloadSecrets(payload: unknown): string[] {
  const values: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim().length >= 8 && !/\s/.test(value.trim()) && !value.includes('://')) values.push(value.trim());
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(payload);
  return values;
}

function fail(code: IpcErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
