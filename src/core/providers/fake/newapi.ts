import { fromMicros, mulDivMicros, toMicros } from '../../../shared/decimal.ts';
import { QUOTA_PER_USD } from '../../../shared/units.ts';
import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest, FakeSite } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * A new-api or one-api gateway, as their Go source answers (controller/token.go,
 * controller/billing.go, middleware/auth.go). `balance` is the remaining raw quota,
 * `cap.used` the used quota, `expiresAt` the token expiry. `fields`:
 *  - flavor: "new-api" (default) or "one-api" (no /api/usage/token/ route, Chinese errors)
 *  - tokenUsageRoute: false for a new-api from before /api/usage/token/ existed
 *  - accessToken: true when the key is a user access token (serves /api/user/self)
 *  - userId: the user id new-api expects in New-Api-User
 *  - display: "USD" (default) | "CNY" | "tokens" — the unit the billing endpoints speak, when
 *    the site state does not set displayType
 *  - exchangeRate: CNY per USD for display CNY (default 7.3), when the site state does not set one
 *  - unlimited: true for an unlimited token
 *  - userQuotaExhausted: the user (not the token) is out of quota: 403 insufficient_user_quota
 *
 * The site state (FakeServer.setSite('newapi', …)) is what the admin configured, the same for
 * every key, and what the public GET /api/status publishes (controller/misc.go):
 *  - quotaPerUnit: quota per USD (default 500000), also what the billing endpoints divide by
 *  - displayType: "USD" (default) | "CNY" | "TOKENS" | "CUSTOM" (CUSTOM bills as USD)
 *  - usdExchangeRate: the site's CNY per USD (default 7.3)
 *  - flavor: "one-api" publishes only quota_per_unit and display_in_currency
 *  - statusReply: how /api/status answers: "ok" (default); "legacy" (no quota_display_type or
 *    usd_exchange_rate, only display_in_currency); "silent" (no quota_per_unit); "html" (a
 *    200 HTML page, as a site behind a login wall or a CDN serves); "not_found" (404);
 *    "server_error" (500); "refused" (success:false); "no_data" (no data object);
 *    "bad_quota_per_unit" (quota_per_unit "lots")
 *
 *  - group: the user's group /api/user/self reports (default "default")
 *  - pricing: the body GET /api/pricing answers (default PRICING below); pricingStatus its status
 *
 * GET /api/pricing is public (controller/pricing.go behind TryUserAuth). A request without a
 * key is answered for the fake account `site:<name>` when the base URL ends in
 * `/site/<name>` (so a test can break one site's list), else with PRICING; one-api has no
 * such route (404).
 *
 * Scenarios: expired_key = the token has expired; insufficient_balance = the token's (or,
 * with an access token, the user's) quota is used up. Both still answer on the read-only
 * usage route, and get a refusal elsewhere ("Invalid token" on new-api, the reason in
 * Chinese on one-api).
 */
export const newapiFake: FakeProviderModule = {
  id: 'newapi',
  keyOf: (req) => bearer(req) ?? siteOf(req.path)?.key ?? null,
  sample: {
    account: { key: 'sk-newapi-sample', balance: '987655', scenario: 'ok', cap: { limit: null, used: '12345' } },
    expect: { amount: '987655', unit: 'quota' },
  },
  handle(req, account, site) {
    const path = (siteOf(req.path)?.rest ?? req.path).replace(/^\/v1\/dashboard\//, '/dashboard/');
    if (path === '/api/status') return status(site);
    if (path === '/api/pricing') return pricing(account);
    if (path === '/api/usage/token/') return tokenUsage(account);
    if (path === '/dashboard/billing/subscription' || path === '/dashboard/billing/usage')
      return billing(path, account, site);
    if (path === '/api/user/self') return userSelf(req, account);
    return { status: 404, body: '404 page not found' };
  },
};

const f = (a: FakeAccount | null) => a?.fields ?? {};
const isOneApi = (a: FakeAccount | null) => f(a).flavor === 'one-api';
const usedOf = (a: FakeAccount) => a.cap?.used ?? '0';

function tokenUsage(account: FakeAccount | null): FakeReply {
  if (isOneApi(account) || f(account).tokenUsageRoute === false) return { status: 404, body: '404 page not found' };
  // TokenAuthReadOnly: refuses only unknown and disabled tokens.
  if (!account || f(account).accessToken || account.scenario === 'invalid_key')
    return { status: 401, body: { success: false, message: 'Invalid token' } };
  const common = rateLimits(account);
  if (common) return common;
  switch (account.scenario) {
    case 'error_in_200':
      return { status: 200, body: { success: false, message: 'token not found' } };
    case 'wrong_types':
      return {
        status: 200,
        body: {
          code: true,
          message: 'ok',
          data: { object: 'token_usage', total_available: 'lots', total_granted: null },
        },
      };
    default: {
      const exhausted = account.scenario === 'insufficient_balance';
      const available = exhausted ? '0' : account.balance;
      const expiresMs =
        account.scenario === 'expired_key'
          ? (account.expiresAt ?? Date.now() - 86_400_000)
          : (account.expiresAt ?? null);
      return {
        status: 200,
        body: {
          code: true,
          message: 'ok',
          data: {
            object: 'token_usage',
            name: 'Default Token',
            total_granted: Number(fromMicros(toMicros(available) + toMicros(usedOf(account)))),
            total_used: Number(usedOf(account)),
            total_available: Number(available),
            unlimited_quota: f(account).unlimited === true,
            model_limits: {},
            model_limits_enabled: false,
            expires_at: expiresMs === null ? 0 : Math.floor(expiresMs / 1000),
          },
        },
      };
    }
  }
}

/** GET /api/status: public, no key looked at; the site's settings among many others. */
function status(site: FakeSite): FakeReply {
  const reply = site.statusReply ?? 'ok';
  const oneApi = site.flavor === 'one-api';
  switch (reply) {
    case 'html':
      return {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<!doctype html><html><head><title>Sign in</title></head><body><div id="root"></div></body></html>',
      };
    case 'not_found':
      return { status: 404, body: '404 page not found' };
    case 'server_error':
      return { status: 500, body: { success: false, message: '数据库连接失败' } };
    case 'refused':
      return { status: 200, body: { success: false, message: 'maintenance' } };
    case 'no_data':
      return { status: 200, body: { success: true, message: '' } };
    default:
      break;
  }
  const data: Record<string, unknown> = {
    version: oneApi ? 'v0.6.10' : 'v0.9.0',
    system_name: oneApi ? 'One API' : 'New API',
    quota_per_unit: reply === 'bad_quota_per_unit' ? 'lots' : quotaPerUnitOf(site),
    display_in_currency: displayOf(null, site) !== 'TOKENS',
  };
  if (reply === 'silent') delete data.quota_per_unit;
  if (!oneApi && reply !== 'legacy') {
    data.quota_display_type = displayOf(null, site);
    data.usd_exchange_rate = rateOf(null, site);
    data.custom_currency_symbol = '¤';
    data.custom_currency_exchange_rate = 1;
    data.price = 7.3;
  }
  return { status: 200, body: { success: true, message: '', data } };
}

const quotaPerUnitOf = (site: FakeSite) => Number(site.quotaPerUnit ?? QUOTA_PER_USD);
const rateOf = (a: FakeAccount | null, site: FakeSite) => Number(site.usdExchangeRate ?? f(a).exchangeRate ?? 7.3);
/** The display type: the site's, else the account's older `display` field, else USD. */
function displayOf(a: FakeAccount | null, site: FakeSite): string {
  if (typeof site.displayType === 'string') return site.displayType;
  const legacy = f(a).display;
  return legacy === 'tokens' ? 'TOKENS' : legacy === 'CNY' ? 'CNY' : 'USD';
}

function billing(path: string, account: FakeAccount | null, site: FakeSite): FakeReply {
  const oneApi = isOneApi(account);
  const refuse = (message: string): FakeReply => ({
    status: 401,
    body: { error: { message, type: oneApi ? 'one_api_error' : 'new_api_error' } },
  });
  // TokenAuth: newer new-api says only "Invalid token" for unknown, expired and exhausted tokens.
  if (!account || f(account).accessToken || account.scenario === 'invalid_key')
    return refuse(oneApi ? '无效的令牌' : 'Invalid token');
  if (account.scenario === 'expired_key') return refuse(oneApi ? '该令牌已过期' : 'Invalid token');
  if (account.scenario === 'insufficient_balance') return refuse(oneApi ? '该令牌额度已用尽' : 'Invalid token');
  if (f(account).userQuotaExhausted) {
    return {
      status: 403,
      body: {
        error: {
          message: '用户额度不足 (user quota is not enough)',
          type: 'new_api_error',
          code: 'insufficient_user_quota',
        },
      },
    };
  }
  const common = rateLimits(account);
  if (common) return common;
  if (account.scenario === 'error_in_200')
    return { status: 200, body: { error: { message: '无效的令牌', type: 'one_api_error' } } };
  const used = display(account, site, usedOf(account));
  if (path === '/dashboard/billing/usage') {
    if (account.scenario === 'wrong_types') return { status: 200, body: { object: 'list', total_usage: null } };
    return { status: 200, body: { object: 'list', total_usage: used * 100 } };
  }
  if (account.scenario === 'wrong_types')
    return { status: 200, body: { object: 'billing_subscription', hard_limit_usd: 'unlimited' } };
  const total =
    f(account).unlimited === true
      ? 100000000
      : display(account, site, fromMicros(toMicros(account.balance) + toMicros(usedOf(account))));
  return {
    status: 200,
    body: {
      object: 'billing_subscription',
      has_payment_method: true,
      soft_limit_usd: total,
      hard_limit_usd: total,
      system_hard_limit_usd: total,
      access_until: account.expiresAt ? Math.floor(account.expiresAt / 1000) : 0,
    },
  };
}

/**
 * An amount of raw quota in the site's display unit, computed in floats as the Go code does
 * (controller/billing.go: CNY = quota / QuotaPerUnit × USDExchangeRate, TOKENS as is, USD and
 * CUSTOM = quota / QuotaPerUnit).
 */
function display(account: FakeAccount, site: FakeSite, quota: string): number {
  const perUnit = quotaPerUnitOf(site);
  switch (displayOf(account, site)) {
    case 'TOKENS':
      return Number(quota);
    case 'CNY':
      return (Number(quota) / perUnit) * rateOf(account, site);
    default:
      return Number(fromMicros(mulDivMicros(toMicros(quota), 1_000_000, toMicros(perUnit))));
  }
}

function userSelf(req: FakeRequest, account: FakeAccount | null): FakeReply {
  const oneApi = isOneApi(account);
  // one-api answers a bad access token with HTTP 200 and success:false; new-api with 401.
  const refuse = (message: string, code?: string): FakeReply => ({
    status: oneApi ? 200 : 401,
    body: { success: false, ...(code ? { code } : {}), message },
  });
  if (!account || !f(account).accessToken || account.scenario === 'invalid_key')
    return refuse('无权进行此操作，access token 无效');
  if (!oneApi) {
    const header = req.headers['new-api-user'];
    if (header === undefined) return refuse('无权进行此操作，未提供 New-Api-User');
    if (header !== String(f(account).userId)) return refuse('无权进行此操作，New-Api-User 与登录用户不匹配');
  }
  if (account.scenario === 'expired_key') return refuse('access token 已过期', 'AUTH_TOKEN_EXPIRED');
  const common = rateLimits(account);
  if (common) return common;
  switch (account.scenario) {
    case 'error_in_200':
      return { status: 200, body: { success: false, message: '无权进行此操作，access token 无效' } };
    case 'wrong_types':
      return { status: 200, body: { success: true, message: '', data: { quota: { amount: account.balance } } } };
    default:
      return {
        status: 200,
        body: {
          success: true,
          message: '',
          data: {
            id: f(account).userId ?? 1,
            username: 'fake-user',
            group: typeof f(account).group === 'string' ? f(account).group : 'default',
            quota: account.scenario === 'insufficient_balance' ? 0 : Number(account.balance),
            used_quota: Number(usedOf(account)),
            request_count: 42,
          },
        },
      };
  }
}

/** 429s: the global rate limiter answers with an empty body and no Retry-After. */
function rateLimits(account: FakeAccount): FakeReply | null {
  if (account.scenario === 'rate_limited') return { status: 429, headers: retryAfterHeaders(account), body: '' };
  if (account.scenario === 'daily_cap')
    return {
      status: 429,
      body: { error: { message: '今日请求次数已达上限 (daily request limit reached)', type: 'new_api_error' } },
    };
  return null;
}

/** `/site/<name>/…`: a named fake site, so one site's public price list can be broken. */
function siteOf(path: string): { key: string; rest: string } | null {
  const m = /^\/site\/([A-Za-z0-9_-]+)(\/.*)$/.exec(path);
  return m ? { key: `site:${m[1]}`, rest: m[2]! } : null;
}

/** A site's price list (made-up prices, the shape of model/pricing.go). */
export const FAKE_NEWAPI_PRICING = {
  success: true,
  data: [
    {
      model_name: 'gpt-4o-mini',
      quota_type: 0,
      model_ratio: 0.075,
      model_price: 0,
      owner_by: 'openai',
      completion_ratio: 4,
      enable_groups: ['default', 'vip', 'priority'],
      supported_endpoint_types: ['openai'],
    },
    {
      model_name: 'claude-sonnet-4',
      quota_type: 0,
      model_ratio: 1.5,
      model_price: 0,
      owner_by: 'anthropic',
      completion_ratio: 5,
      enable_groups: ['default', 'vip'],
      supported_endpoint_types: ['anthropic', 'openai'],
    },
    {
      model_name: 'dall-e-3',
      quota_type: 1,
      model_ratio: 0,
      model_price: 0.04,
      owner_by: 'openai',
      completion_ratio: 0,
      enable_groups: ['default'],
      supported_endpoint_types: ['image-generation'],
    },
    {
      model_name: 'veo-3.1',
      quota_type: 1,
      model_ratio: 0,
      model_price: 0.5,
      owner_by: 'google',
      completion_ratio: 0,
      enable_groups: ['default', 'priority'],
      supported_endpoint_types: ['openai-video'],
    },
    {
      model_name: 'glm-4.6',
      quota_type: 0,
      model_ratio: 0.3,
      model_price: 0,
      owner_by: 'zhipu',
      completion_ratio: 3,
      enable_groups: ['default'],
      billing_mode: 'tiered_expr',
      billing_expr: 'p * 0.6 + c * 2.2',
    },
    {
      model_name: 'free-model',
      quota_type: 0,
      model_ratio: 0,
      model_price: 0,
      owner_by: 'custom',
      completion_ratio: 1,
      enable_groups: ['default'],
    },
  ],
  vendors: [],
  group_ratio: { default: 1, vip: 0.8, priority: 1.8 },
  usable_group: { default: 'default group', vip: 'VIP', priority: 'priority pay-go' },
  supported_endpoint: {},
  auto_groups: [],
  pricing_version: 'fake',
};

function pricing(account: FakeAccount | null): FakeReply {
  if (isOneApi(account)) return { status: 404, body: '404 page not found' };
  if (account) {
    const common = rateLimits(account);
    if (common) return common;
    if (account.scenario === 'wrong_types') return { status: 200, body: { success: true, data: 'lots of models' } };
  }
  const fields = f(account);
  const status = typeof fields.pricingStatus === 'number' ? fields.pricingStatus : 200;
  return { status, body: fields.pricing ?? FAKE_NEWAPI_PRICING };
}
