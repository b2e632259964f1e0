import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * CheapAI's replies, as seed 000 documents them. GET /v1/packages serves a pack catalog
 * (its real shape is undocumented; this is one plausible shape) — `fields.packagesBody`
 * replaces the body and `fields.packagesStatus` the status, to test odd replies.
 *
 * POST /v1i/task/price (cheapaiapi.com/docs/image-generation) answers
 * {"success":true,"credits":N} for the whole request: `fields.prices` maps a model id (or
 * `model@resolution`) to credits per generation (default: PRICES below); an unknown model
 * is a 400. `fields.priceBody` / `fields.priceStatus` replace the reply.
 */
export const cheapaiFake: FakeProviderModule = {
  id: 'cheapai',
  keyOf: bearer,
  sample: {
    account: { key: 'sk_sample_cheapai', balance: '123456', scenario: 'ok' },
    expect: { amount: '123456', unit: 'credits' },
  },
  handle(req, account) {
    if (req.path === '/v1/packages') return packages(account);
    if (req.path === '/v1i/task/price') return price(req, account);
    if (req.path !== '/v1/credits') return { status: 404, body: { success: false, error: 'Not found' } };
    if (account?.scenario === 'wrong_types')
      return { status: 200, body: { success: true, credits: { amount: account.balance } } };
    return refusal(account) ?? { status: 200, body: { success: true, credits: Number(account!.balance) } };
  },
};

const CATALOG = [
  ['starter', 1_000_000, 25, 30, 37.5],
  ['standard', 5_000_000, 90, 108, 135],
  ['pro', 10_000_000, 170, 204, 255],
  ['business', 50_000_000, 750, 900, 1125],
  ['enterprise', 100_000_000, 1300, 1560, 1950],
] as const;

function packages(account: FakeAccount | null): FakeReply {
  const fields = account?.fields ?? {};
  const status = typeof fields.packagesStatus === 'number' ? fields.packagesStatus : 200;
  if (fields.packagesBody !== undefined) return { status, body: fields.packagesBody };
  return {
    status,
    body: {
      success: true,
      packages: CATALOG.map(([name, credits, d30, d90, life]) => ({
        id: name,
        name,
        credits,
        currency: 'usd',
        prices: { '30d': d30, '90d': d90, lifetime: life },
      })),
    },
  };
}

/** Credits per generation the fake price check charges (made-up figures). */
const PRICES: Record<string, number> = {
  'bytedance-seedream-4.5': 594,
  'bytedance-seedream-4.5@4K': 990,
  'nano-banana-pro': 396,
  'gpt-image-2': 120,
};

function price(req: FakeRequest, account: FakeAccount | null): FakeReply {
  if (req.method !== 'POST') return { status: 405, body: { success: false, error: 'Method not allowed' } };
  const refused = refusal(account);
  if (refused) return refused;
  const fields = account!.fields ?? {};
  if (fields.priceBody !== undefined)
    return { status: typeof fields.priceStatus === 'number' ? fields.priceStatus : 200, body: fields.priceBody };
  const body = (req.body ?? {}) as Record<string, unknown>;
  const count = body.generations_count;
  if (typeof body.model_id !== 'string' || typeof count !== 'number' || !Number.isInteger(count) || count < 1)
    return { status: 422, body: { success: false, error: 'model_id and generations_count are required' } };
  const params = (body.model_parameters ?? {}) as Record<string, unknown>;
  const table = { ...PRICES, ...((fields.prices as Record<string, number> | undefined) ?? {}) };
  const each = table[`${body.model_id}@${String(params.resolution ?? '')}`] ?? table[body.model_id];
  if (each === undefined) return { status: 400, body: { success: false, error: `Unknown model ${body.model_id}` } };
  const assets = typeof body.assets === 'number' ? body.assets : 0;
  return { status: 200, body: { success: true, credits: (each + assets * 10) * count } };
}

/** The refusals every authenticated CheapAI route shares, by scenario; null for a healthy account. */
function refusal(account: FakeAccount | null): FakeReply | null {
  if (!account || account.scenario === 'invalid_key')
    return { status: 401, body: { success: false, error: 'Invalid API key' } };
  switch (account.scenario) {
    case 'expired_key':
      return { status: 401, body: { success: false, error: 'API key has expired' } };
    case 'insufficient_balance':
      return { status: 402, body: { error: { message: 'Insufficient credits', type: 'insufficient_balance' } } };
    case 'daily_cap':
      return {
        status: 429,
        body: { error: { message: 'Daily spend limit reached for this API key', type: 'daily_limit_exceeded' } },
      };
    case 'rate_limited':
      return {
        status: 429,
        headers: retryAfterHeaders(account),
        body: { error: { message: 'Too many requests', type: 'rate_limit_exceeded' } },
      };
    case 'error_in_200':
      return { status: 200, body: { success: false, error: 'Invalid API key' } };
    case 'wrong_types':
      return { status: 200, body: { success: true, credits: 'a few' } };
    default:
      return null;
  }
}
