import { z } from 'zod';
import { DecimalError, mulDivMicros, toMicros, MICROS_PER_UNIT } from '../../shared/decimal.ts';
import type { AccountOptions } from '../../shared/domain.ts';
import { UNITS } from '../../shared/units.ts';
import type { Unit } from '../../shared/units.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/** Any relay not in the list: a GET endpoint and JSON paths to its figures. */
export const custom: ProviderDefinition = {
  id: 'custom',
  name: 'Custom endpoint',
  unit: 'credits',
  capabilities: ['balance'],
  defaultBaseUrl: null,
  keyRequired: false,
  keyHint: 'The secret sent in the auth header (leave empty if the endpoint needs none)',
  options: [
    {
      name: 'path',
      label: 'Path',
      type: 'string',
      required: true,
      description: 'Path of the GET endpoint under the base URL, e.g. /v1/balance',
    },
    {
      name: 'balancePath',
      label: 'Balance JSON path',
      type: 'string',
      required: true,
      description: 'Where the balance is in the reply, e.g. data.balance',
    },
    {
      name: 'limitPath',
      label: 'Limit JSON path',
      type: 'string',
      required: false,
      description: 'Optional: where a spend limit is',
    },
    {
      name: 'usedPath',
      label: 'Used JSON path',
      type: 'string',
      required: false,
      description: 'Optional: where the amount used against the limit is',
    },
    {
      name: 'expiryPath',
      label: 'Expiry JSON path',
      type: 'string',
      required: false,
      description: 'Optional: where the key expiry is (unix seconds or ISO)',
    },
    {
      name: 'authHeader',
      label: 'Auth header',
      type: 'string',
      default: 'Authorization',
      required: false,
      description: 'Header that carries the secret',
    },
    {
      name: 'authScheme',
      label: 'Auth scheme',
      type: 'string',
      default: 'Bearer',
      required: false,
      description: 'Word before the secret, e.g. Bearer; "none" sends the secret alone',
    },
    {
      name: 'unit',
      label: 'Unit',
      type: 'enum',
      values: [...UNITS],
      default: 'credits',
      required: false,
      description: 'Unit of the amounts after dividing',
    },
    {
      name: 'divisor',
      label: 'Divisor',
      type: 'number',
      default: 1,
      required: false,
      description: 'Divide the raw figures by this (e.g. 10000 for 1/10,000 USD)',
    },
  ],
  docsUrl: null,
  balanceEndpoint: (o) => String(o.path ?? '/'),
  checkOptions(options) {
    return checkCustomOptions(options);
  },
  // The key goes where the account says, in the header and scheme it names, and parts of the
  // reply are read back: a change to any of these could send the key somewhere, or some way,
  // it was not given for, so whoever makes it pastes the key again.
  keyBinding(baseUrl, o) {
    const text = (name: string, fallback = '') => (o[name] === undefined ? fallback : String(o[name]).trim());
    let url = `${baseUrl ?? ''}${text('path')}`;
    try {
      url = new URL(`${(baseUrl ?? '').replace(/\/+$/, '')}${text('path')}`).href;
    } catch {
      // Compared as written.
    }
    const scheme = text('authScheme', 'Bearer').toLowerCase();
    return JSON.stringify({
      url,
      header: text('authHeader', 'Authorization').toLowerCase(),
      scheme: scheme === '' ? 'none' : scheme,
      read: ['balancePath', 'limitPath', 'usedPath', 'expiryPath'].map((name) => text(name)),
    });
  },
  async poll(ctx) {
    // Checked again here (not only when the account is added): options can come from an
    // older database or an import, and the path is what keeps requests under the base URL.
    const problem = checkCustomOptions(ctx.options);
    if (problem) return outcome({ state: 'bad_response', message: `account settings: ${problem}` });
    const o = ctx.options;
    const url = `${ctx.baseUrl}${String(o.path)}`;
    if (new URL(url).origin !== new URL(ctx.baseUrl).origin)
      return outcome({ state: 'bad_response', message: 'account settings: the path leaves the base URL' });

    const headers: Record<string, string> = {};
    // An empty key means an endpoint without auth: send no header at all.
    if (ctx.key) {
      const scheme = String(o.authScheme ?? 'Bearer').trim();
      headers[String(o.authHeader ?? 'Authorization')] =
        scheme.toLowerCase() === 'none' || scheme === '' ? ctx.key : `${scheme} ${ctx.key}`;
    }
    const res = await ctx.http.request({ url, headers });
    const read = readJson(res, z.unknown(), ctx.now());
    if (!read.ok) return read.outcome;
    try {
      return figuresOf(read.data, o, res.status, ctx.now());
    } catch (error) {
      // Keep the reply's status with the verdict (runPoll would report it without one).
      if (error instanceof DecimalError)
        return outcome({
          state: 'bad_response',
          httpStatus: res.status,
          message: `unusable amount in reply: ${error.message}`,
        });
      throw error;
    }
  },
};

function figuresOf(body: unknown, o: AccountOptions, httpStatus: number, now: number): PollOutcome {
  const unit = (UNITS as readonly string[]).includes(String(o.unit)) ? (o.unit as Unit) : 'credits';
  const divisor = toMicros(o.divisor ?? 1);
  const bad = (message: string) => outcome({ state: 'bad_response', httpStatus, message });

  const amountAt = (path: string): number | null | 'missing' => {
    const found = lookup(body, path);
    if (!found.found) return 'missing';
    if (found.value === null) return null;
    // Integer arithmetic: raw micros × 1,000,000 ÷ divisor micros, rounded half away from zero.
    return mulDivMicros(toMicros(found.value), MICROS_PER_UNIT, divisor);
  };

  const balance = amountAt(String(o.balancePath));
  if (balance === 'missing' || balance === null) return bad(`no balance at ${String(o.balancePath)} in the reply`);

  let cap: PollOutcome['cap'] = null;
  if (o.limitPath !== undefined || o.usedPath !== undefined) {
    const limit = o.limitPath === undefined ? null : amountAt(String(o.limitPath));
    const used = o.usedPath === undefined ? null : amountAt(String(o.usedPath));
    if (limit === 'missing') return bad(`no limit at ${String(o.limitPath)} in the reply`);
    if (used === 'missing') return bad(`no used amount at ${String(o.usedPath)} in the reply`);
    cap = { unit, limit, used, remaining: limit !== null && used !== null ? limit - used : null, resetAt: null };
  }

  let keyExpiresAt: number | null = null;
  if (o.expiryPath !== undefined) {
    const found = lookup(body, String(o.expiryPath));
    if (!found.found) return bad(`no expiry at ${String(o.expiryPath)} in the reply`);
    const at = parseExpiry(found.value);
    if (at === undefined) return bad(`unreadable expiry at ${String(o.expiryPath)}`);
    keyExpiresAt = at;
  }
  const result = { httpStatus, balance: { micros: balance, unit }, cap, keyExpiresAt };
  if (keyExpiresAt !== null && keyExpiresAt <= now) {
    return outcome({
      ...result,
      state: 'expired_key',
      message: `the key expired on ${new Date(keyExpiresAt).toISOString()}`,
    });
  }
  return outcome({ ...result, state: 'ok' });
}

/* ------------------------------------------------------------------ options */

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/** Problems with a custom account's options, or null. Shared by `accounts add` and poll. */
export function checkCustomOptions(o: AccountOptions): string | null {
  const path = String(o.path ?? '');
  if (!path.startsWith('/') || path.startsWith('//'))
    return 'option "path" must start with a single "/" (it is appended to the base URL)';
  if (
    path.includes('://') ||
    path.includes('\\') ||
    path.includes('@') ||
    path.includes('#') ||
    hasSpaceOrControl(path)
  ) {
    return 'option "path" must be a plain path under the base URL (no "://", "\\", "@", "#" or spaces)';
  }
  for (const name of ['balancePath', 'limitPath', 'usedPath', 'expiryPath'] as const) {
    if (o[name] !== undefined && parseJsonPath(String(o[name])) === null) {
      return `option "${name}": not a JSON path like data.balance or data.items[0].amount`;
    }
  }
  if (o.authHeader !== undefined && !HEADER_NAME.test(String(o.authHeader)))
    return 'option "authHeader" is not a valid header name';
  if (o.authScheme !== undefined && !/^[A-Za-z0-9._~+/=-]{0,32}$/.test(String(o.authScheme)))
    return 'option "authScheme" must be one word, e.g. Bearer, Token or none';
  if (o.divisor !== undefined) {
    try {
      if (toMicros(o.divisor) <= 0) return 'option "divisor" must be more than 0';
    } catch (error) {
      if (error instanceof DecimalError) return 'option "divisor" must be a number';
      throw error;
    }
  }
  return null;
}

function hasSpaceOrControl(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x20 || code === 0x7f || /\s/.test(ch)) return true;
  }
  return false;
}

/* ------------------------------------------------------------------ JSON paths */

type Step = string | number;

/** "data.items[0].amount" → ["data","items",0,"amount"]; null when malformed. */
export function parseJsonPath(path: string): Step[] | null {
  if (!path || path.length > 200) return null;
  const steps: Step[] = [];
  for (const part of path.split('.')) {
    const m = /^([A-Za-z_$][\w$-]*)?((?:\[\d{1,6}\])*)$/.exec(part);
    if (!m || (!m[1] && !m[2])) return null;
    if (m[1]) steps.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

/** The value at a JSON path, reading own properties only (never the prototype chain). */
export function lookup(body: unknown, path: string): { found: true; value: unknown } | { found: false } {
  const steps = parseJsonPath(path);
  if (!steps) return { found: false };
  let cursor: unknown = body;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(cursor) || step >= cursor.length) return { found: false };
      cursor = cursor[step];
    } else {
      if (cursor === null || typeof cursor !== 'object' || Array.isArray(cursor) || !Object.hasOwn(cursor, step))
        return { found: false };
      cursor = (cursor as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: cursor };
}

/**
 * Expiry as unix seconds, unix milliseconds (numbers past 1e11, i.e. after 1973 in ms) or
 * an ISO 8601 string. 0, null and "" mean "never" (null). undefined = unreadable.
 */
export function parseExpiry(value: unknown): number | null | undefined {
  if (value === null || value === 0 || value === '' || value === '0') return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()))) {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) return undefined;
    const ms = n >= 1e11 ? n : n * 1000;
    return ms > 8.64e15 ? undefined : Math.round(ms);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const ms = Date.parse(value.trim());
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
