import type { z } from 'zod';
import type { InvokeChannel, InvokeResponses, IpcError, IpcResult } from '../shared/ipc.ts';
import { invokeChannels, isInvokeChannel } from '../shared/ipc.ts';
import type { Core } from './core.ts';
import { UserError } from './errors.ts';
import { listProviders } from './providers/registry.ts';

type Handlers = { [C in InvokeChannel]: (payload: z.output<(typeof invokeChannels)[C]>) => Promise<InvokeResponses[C]> | InvokeResponses[C] };

export interface ApiContext {
  core: Core;
  version: string;
  platform: string;
  demo: boolean;
  /** Told after anything that changes what the window shows. */
  emit?: (event: 'accounts:changed', payload: null) => void;
}

function handlers(ctx: ApiContext): Handlers {
  const { core } = ctx;
  return {
    'app:info': () => ({ version: ctx.version, platform: ctx.platform, home: core.home, demo: ctx.demo }),
    'providers:list': () => listProviders(),
    'accounts:list': () => core.accounts.list(),
    'accounts:add': async (input) => {
      const account = await core.accounts.add(input);
      ctx.emit?.('accounts:changed', null);
      return account;
    },
    'accounts:remove': async ({ id, purge }) => {
      await core.accounts.remove(id, purge ?? false);
      ctx.emit?.('accounts:changed', null);
      return { removed: true as const };
    },
  };
}

/**
 * The one dispatcher behind IPC (and the browser tests' bridge): check the channel,
 * parse the untrusted payload with the contract's schema, call core, and answer in an
 * envelope. Error messages never carry payload values, so a key typed into the wrong
 * field cannot echo back.
 */
export function createApi(ctx: ApiContext) {
  const table = handlers(ctx);
  return async function invoke(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    if (!isInvokeChannel(channel)) return fail('validation', 'unknown channel');
    const shapeProblem = unsafeShape(payload);
    if (shapeProblem) return fail('validation', shapeProblem);
    const parsed = invokeChannels[channel].safeParse(payload);
    if (!parsed.success) return fail('validation', describeIssues(parsed.error));
    try {
      const handler = table[channel] as (p: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof UserError) return fail(error.code, error.message);
      return fail('internal', 'something went wrong inside Burnrate; see the log for details');
    }
  };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;
const MAX_NODES = 10_000;

/**
 * Checks that hold for every channel before its schema runs: no prototype-polluting keys
 * (a schema that rebuilds objects would silently drop them; we refuse instead), bounded
 * nesting and size.
 */
function unsafeShape(payload: unknown): string | null {
  let nodes = 0;
  const walk = (value: unknown, depth: number): string | null => {
    if (++nodes > MAX_NODES) return 'payload is too large';
    if (value === null || typeof value !== 'object') return null;
    if (depth > MAX_DEPTH) return 'payload is nested too deeply';
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `payload has a forbidden key ${JSON.stringify(key)}`;
      const problem = walk((value as Record<string, unknown>)[key], depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(payload, 0);
}

function fail(code: string, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
