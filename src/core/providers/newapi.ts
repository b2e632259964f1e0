import { z } from 'zod';
import { mulDivMicros, toMicros, MICROS_PER_UNIT } from '../../shared/decimal.ts';
import type { AccountOptions } from '../../shared/domain.ts';
import type { KeyState } from '../../shared/states.ts';
import { DEFAULT_CNY_PER_USD } from '../../shared/units.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollContext, PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import type { Read } from './respond.ts';
import { decimalLike, defaultErrorFlag, readJson } from './respond.ts';
import { readNewApiSite, resolveQuotaUnits } from './newapi-site.ts';
import type { QuotaUnits } from './newapi-site.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * new-api (QuantumNous/new-api) and one-api (songquanpeng/one-api), checked against their Go
 * source. Readings are kept in raw quota whatever the site displays; what a quota is worth is
 * the site's own quota_per_unit (500,000 quota = $1 unless the site says otherwise).
 *
 * With an sk- key:
 *  - new-api: GET /api/usage/token/ (controller/token.go GetTokenUsage, behind
 *    TokenAuthReadOnly, so it still answers for an expired or exhausted token) →
 *    {"code":true,"data":{"total_granted","total_used","total_available","unlimited_quota","expires_at"}}
 *    in raw quota, expires_at unix seconds with 0 = never.
 *  - one-api, or a new-api too old to have that route (404): the OpenAI-style
 *    GET /v1/dashboard/billing/subscription → hard_limit_usd = remaining + used, and
 *    GET /v1/dashboard/billing/usage → total_usage = used × 100, both in the site's display
 *    unit (USD, CNY at the site's rate, or raw tokens); an unlimited token reports
 *    hard_limit_usd = 100000000 (controller/billing.go).
 * With the user's access token: GET /api/user/self with `New-Api-User: <id>` (new-api's
 * dashboard auth checks it) → {"success":true,"data":{"quota","used_quota"}} in raw quota.
 * one-api answers a bad access token with HTTP 200 success:false.
 *
 * The site's own units, with no key (controller/misc.go GetStatus, routed without auth):
 * GET /api/status → {"success":true,"data":{"quota_per_unit":500000,"quota_display_type":"USD",
 * "usd_exchange_rate":7.3,"display_in_currency":true,...}}. quota_per_unit is quota per US
 * dollar (both gateways, default 500,000); quota_display_type (new-api: USD, CNY, TOKENS or
 * CUSTOM) decides what the billing endpoints speak; one-api and older new-api publish only
 * display_in_currency (true = USD, false = raw tokens).
 */

const tokenUsageReply = z.object({
  data: z.object({
    total_granted: decimalLike,
    total_used: decimalLike,
    total_available: decimalLike,
    unlimited_quota: z.boolean().optional(),
    expires_at: z.number().nullish(),
  }),
});

const userSelfReply = z.object({
  data: z.object({ quota: decimalLike, used_quota: decimalLike.nullish() }),
});

const subscriptionReply = z.object({ hard_limit_usd: decimalLike, access_until: z.number().nullish() });
const usageReply = z.object({ total_usage: decimalLike });

/** What the gateways report for an unlimited token, in whatever unit the site displays. */
const UNLIMITED_MARKER = toMicros(100_000_000);

type Flavor = 'new-api' | 'one-api';

export const newapi: ProviderDefinition = {
  id: 'newapi',
  name: 'new-api / one-api gateway',
  unit: 'quota',
  capabilities: ['balance', 'key_limit', 'key_expiry', 'daily_cap'],
  defaultBaseUrl: null,
  keyRequired: true,
  keyHint: 'sk- key, or the user access token when auth=access_token',
  options: [
    {
      name: 'auth',
      label: 'Authentication',
      type: 'enum',
      values: ['key', 'access_token'],
      default: 'key',
      required: false,
      description:
        'key: an ordinary sk- key; access_token: the user access token with the user id (reads the whole user quota)',
    },
    {
      name: 'userId',
      label: 'User id',
      type: 'integer',
      required: false,
      description: 'Your numeric user id; new-api needs it (New-Api-User header) with an access token',
    },
    {
      name: 'flavor',
      label: 'Gateway',
      type: 'enum',
      values: ['new-api', 'one-api'],
      default: 'new-api',
      required: false,
      description: 'Which gateway the site runs',
    },
    {
      name: 'currency',
      label: 'Site display currency',
      type: 'enum',
      values: ['USD', 'CNY', 'tokens'],
      required: false,
      description:
        'How the site shows amounts (USD, CNY or raw tokens), only if its /api/status does not say; set, it overrides the site',
    },
    {
      name: 'exchangeRate',
      label: 'Site CNY per USD',
      type: 'number',
      required: false,
      description:
        "The site's own CNY/USD rate for a CNY display, only if its /api/status does not say; set, it overrides the site. Money is valued with the cnyPerUsd setting, never this",
    },
    {
      name: 'quotaPerUnit',
      label: 'Quota per USD',
      type: 'number',
      required: false,
      description:
        "How much quota is one US dollar on this site; set, it overrides the site's /api/status (default 500000 when the site does not say)",
    },
  ],
  docsUrl: 'https://github.com/QuantumNous/new-api',
  balanceEndpoint: (o) =>
    o.auth === 'access_token'
      ? '/api/user/self'
      : flavorOf(o) === 'one-api'
        ? '/v1/dashboard/billing/subscription'
        : '/api/usage/token/',
  checkOptions(options) {
    if (options.auth === 'access_token' && flavorOf(options) === 'new-api' && options.userId === undefined) {
      return 'new-api needs option "userId" with an access token (it is sent as the New-Api-User header)';
    }
    if (options.exchangeRate !== undefined && Number(options.exchangeRate) <= 0)
      return 'option "exchangeRate" must be more than 0';
    if (options.quotaPerUnit !== undefined && Number(options.quotaPerUnit) <= 0)
      return 'option "quotaPerUnit" must be more than 0';
    return null;
  },
  async poll(ctx) {
    return ctx.options.auth === 'access_token' ? pollUser(ctx) : pollKey(ctx);
  },
  readSite: readNewApiSite,
};

function flavorOf(options: AccountOptions): Flavor {
  return options.flavor === 'one-api' ? 'one-api' : 'new-api';
}

function get(ctx: PollContext, path: string, extra: Record<string, string> = {}): Promise<HttpResponse> {
  return ctx.http.request({
    url: `${ctx.baseUrl}${path}`,
    headers: { authorization: `Bearer ${ctx.key ?? ''}`, ...extra },
  });
}

/* ------------------------------------------------------------------ sk- key */

async function pollKey(ctx: PollContext): Promise<PollOutcome> {
  if (flavorOf(ctx.options) === 'new-api') {
    const res = await get(ctx, '/api/usage/token/');
    // A 404 is a new-api from before the route existed: fall back to the billing endpoints.
    if (res.status !== 404) {
      const read = readGateway(res, tokenUsageReply, ctx.now());
      return read.ok ? judgeTokenUsage(read.data.data, res.status, ctx.now()) : read.outcome;
    }
  }
  return pollBilling(ctx);
}

interface TokenFigures {
  /** All in quota micros. */
  granted: number | null;
  used: number | null;
  available: number;
  unlimited: boolean;
  /** Unix ms, null = never. */
  expiresAt: number | null;
}

function judgeTokenUsage(data: z.infer<typeof tokenUsageReply>['data'], httpStatus: number, now: number): PollOutcome {
  const seconds = data.expires_at ?? 0;
  return judgeToken(
    {
      granted: toMicros(data.total_granted),
      used: toMicros(data.total_used),
      available: toMicros(data.total_available),
      unlimited: data.unlimited_quota === true,
      // -1 and 0 both mean "never" (new-api normalises -1 to 0).
      expiresAt: seconds > 0 ? seconds * 1000 : null,
    },
    httpStatus,
    now,
  );
}

/**
 * One verdict for a token's figures, from either source. An unlimited token has no balance
 * to run down: it is reported as ok with no balance and says so, rather than as a fake
 * 100,000,000 or a 0 that would look exhausted.
 */
function judgeToken(t: TokenFigures, httpStatus: number, now: number): PollOutcome {
  const cap = t.unlimited
    ? { unit: 'quota' as const, limit: null, used: t.used, remaining: null, resetAt: null }
    : { unit: 'quota' as const, limit: t.granted, used: t.used, remaining: t.available, resetAt: null };
  const balance = t.unlimited ? null : { micros: t.available, unit: 'quota' as const };
  const base = { httpStatus, cap, keyExpiresAt: t.expiresAt, balance };
  if (t.expiresAt !== null && t.expiresAt <= now) {
    return outcome({
      ...base,
      state: 'expired_key',
      message: `the token expired on ${new Date(t.expiresAt).toISOString()}`,
    });
  }
  if (t.unlimited)
    return outcome({ ...base, state: 'ok', message: 'unlimited token: the gateway sets no quota limit on it' });
  if (t.available <= 0)
    return outcome({ ...base, state: 'insufficient_balance', message: "the token's quota is used up" });
  return outcome({ ...base, state: 'ok' });
}

async function pollBilling(ctx: PollContext): Promise<PollOutcome> {
  const subRes = await get(ctx, '/v1/dashboard/billing/subscription');
  const sub = readGateway(subRes, subscriptionReply, ctx.now());
  if (!sub.ok) {
    // Newer new-api answers "Invalid token" alike for a wrong, an expired and an exhausted
    // token; the read-only usage route still answers for the last two and tells them apart.
    if (sub.outcome.state === 'invalid_key') {
      const told = await probeTokenUsage(ctx);
      if (told)
        return {
          ...told,
          httpStatus: sub.outcome.httpStatus,
          message: `${sub.outcome.message ?? 'refused'}: ${told.message}`,
        };
    }
    return sub.outcome;
  }
  const usageRes = await get(ctx, '/v1/dashboard/billing/usage');
  const usage = readGateway(usageRes, usageReply, ctx.now());
  if (!usage.ok) return usage.outcome;

  const toQuota = displayToQuota(
    resolveQuotaUnits(ctx.options, ctx.site?.units ?? null, ctx.site?.cnyPerUsd ?? DEFAULT_CNY_PER_USD),
  );
  const hard = toMicros(sub.data.hard_limit_usd);
  const used = toQuota(mulDivMicros(toMicros(usage.data.total_usage), 1, 100));
  const until = sub.data.access_until ?? 0;
  const expiresAt = until > 0 ? until * 1000 : null;
  if (hard === UNLIMITED_MARKER)
    return judgeToken({ granted: null, used, available: 0, unlimited: true, expiresAt }, subRes.status, ctx.now());
  const granted = toQuota(hard);
  return judgeToken(
    { granted, used, available: granted - used, unlimited: false, expiresAt },
    subRes.status,
    ctx.now(),
  );
}

/** Ask the read-only usage route whether a refused token is expired or used up; null when it cannot say. */
async function probeTokenUsage(ctx: PollContext): Promise<PollOutcome | null> {
  try {
    const res = await get(ctx, '/api/usage/token/');
    const read = readGateway(res, tokenUsageReply, ctx.now());
    if (!read.ok) return null;
    const judged = judgeTokenUsage(read.data.data, res.status, ctx.now());
    return judged.state === 'expired_key' || judged.state === 'insufficient_balance' ? judged : null;
  } catch {
    return null;
  }
}

/**
 * The billing endpoints speak the site's display unit; turn an amount in it (micros) back
 * into raw quota, rounded to a whole quota as the gateway stores it. Integer arithmetic
 * only: USD × quota per unit; CNY × quota per unit ÷ the site's rate; tokens as they are.
 */
function displayToQuota(units: QuotaUnits): (micros: number) => number {
  const whole = (quotaMicros: number) => mulDivMicros(quotaMicros, 1, MICROS_PER_UNIT) * MICROS_PER_UNIT;
  const perUnit = toMicros(units.quotaPerUnit.value);
  switch (units.billingUnit.value) {
    case 'tokens':
      return whole;
    case 'USD':
      return (m) => whole(mulDivMicros(m, perUnit, MICROS_PER_UNIT));
    case 'CNY': {
      const rate = toMicros(units.exchangeRate.value);
      return (m) => whole(mulDivMicros(m, perUnit, rate));
    }
  }
}

/* ------------------------------------------------------------------ access token */

async function pollUser(ctx: PollContext): Promise<PollOutcome> {
  const userId = ctx.options.userId;
  const res = await get(ctx, '/api/user/self', userId === undefined ? {} : { 'new-api-user': String(userId) });
  const read = readGateway(res, userSelfReply, ctx.now());
  if (!read.ok) {
    const o = read.outcome;
    if (o.state === 'invalid_key' && userId === undefined && flavorOf(ctx.options) === 'new-api')
      return {
        ...o,
        message: `${o.message ?? 'refused'} (set the userId option: new-api wants it with an access token)`,
      };
    return o;
  }
  const quota = toMicros(read.data.data.quota);
  const balance = { micros: quota, unit: 'quota' as const };
  if (quota <= 0)
    return outcome({
      state: 'insufficient_balance',
      httpStatus: res.status,
      balance,
      message: "the user's quota is used up",
    });
  return outcome({ state: 'ok', httpStatus: res.status, balance });
}

/* ------------------------------------------------------------------ wording */

const EXPIRED = /过期|expir/i;
// Narrow on purpose: "insufficient privilege" (权限不足) is a refusal, not an empty wallet.
const EXHAUSTED =
  /用尽|耗尽|额度不足|余额不足|exhausted|insufficient[ _](user[ _])?(quota|balance|credit)|quota.{0,20}(used up|not enough)/i;

/**
 * readJson with the gateways' own wording on top: their Chinese messages ("该令牌已过期",
 * "该令牌额度已用尽") say expired or exhausted where the shared table only sees a refusal,
 * and `code:false` flags an error in a 200 like `success:false` does.
 */
function readGateway<T>(res: HttpResponse, schema: z.ZodType<T>, now: number): Read<T> {
  const seen = { flagged: false };
  const read = readJson(res, schema, now, (json) => {
    const message =
      defaultErrorFlag(json) ??
      (isRecord(json) && json.code === false
        ? typeof json.message === 'string' && json.message
          ? json.message
          : 'the gateway reported an error'
        : null);
    seen.flagged = message !== null;
    return message;
  });
  if (read.ok) return read;
  const o = read.outcome;
  // new-api's AUTH_INSUFFICIENT_PRIVILEGE ("insufficient privilege", 权限不足) is a refused
  // credential, not an empty wallet, whatever the shared table makes of "insufficient".
  if (res.status === 403 && /privilege|权限/i.test(`${o.message ?? ''} ${res.text.slice(0, 500)}`))
    return { ok: false, outcome: { ...o, state: 'invalid_key' } };
  const refusal = res.status === 401 || res.status === 403 || seen.flagged;
  if (!refusal || (o.state !== 'invalid_key' && o.state !== 'bad_response')) return read;
  const state: KeyState = EXPIRED.test(o.message ?? '')
    ? 'expired_key'
    : EXHAUSTED.test(o.message ?? '')
      ? 'insufficient_balance'
      : o.state;
  return { ok: false, outcome: { ...o, state } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
