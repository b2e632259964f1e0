import type { FakeAccount, FakeProviderModule, FakeReply, FakeRequest } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * Lumenfall's replies (seed 002 and docs.lumenfall.ai): errors are
 * `{"error":{"message","type","code"}}` with codes like AUTHENTICATION_FAILED,
 * INSUFFICIENT_BALANCE, RATE_LIMITED. `fields.billingType` = "postpaid" makes a postpaid
 * account; `fields.currency` overrides "usd".
 *
 * POST /openai/v1/images/generations?dryRun=true answers a cost estimate
 * (docs.lumenfall.ai/api-reference/cost-estimation): `fields.prices` maps a model to USD per
 * image (default: PRICES below; "2048x2048" costs four times "1024x1024"); an unknown model
 * is a 404 MODEL_NOT_FOUND. `fields.dryRunBody` / `fields.dryRunStatus` replace the reply.
 * Without dryRun the fake refuses: it never generates.
 */
export const lumenfallFake: FakeProviderModule = {
  id: 'lumenfall',
  keyOf: bearer,
  sample: {
    account: { key: 'lmnfl_sample', balance: '12.5', scenario: 'ok' },
    expect: { amount: '12.5', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path === '/openai/v1/images/generations') return dryRun(req, account);
    if (req.path !== '/v1/balance')
      return {
        status: 404,
        body: { error: { message: 'Not found', type: 'invalid_request_error', code: 'NOT_FOUND' } },
      };
    if (!account || account.scenario === 'invalid_key') return authFailed('Invalid API key');
    switch (account.scenario) {
      case 'expired_key':
        return authFailed('API key has expired');
      case 'insufficient_balance':
        return {
          status: 402,
          body: { error: { message: 'Insufficient balance', type: 'billing_error', code: 'INSUFFICIENT_BALANCE' } },
        };
      case 'daily_cap':
        return {
          status: 429,
          body: {
            error: {
              message: 'Daily spend limit reached for this API key',
              type: 'rate_limit_error',
              code: 'RATE_LIMITED',
            },
          },
        };
      case 'rate_limited':
        return {
          status: 429,
          headers: retryAfterHeaders(account),
          body: { error: { message: 'Too many requests', type: 'rate_limit_error', code: 'RATE_LIMITED' } },
        };
      case 'error_in_200':
        return {
          status: 200,
          body: { error: { message: 'Invalid API key', type: 'authentication_error', code: 'AUTHENTICATION_FAILED' } },
        };
      case 'wrong_types':
        return {
          status: 200,
          body: { object: 'balance', billing_type: billingType(account), available: `${account.balance} usd` },
        };
      default:
        return {
          status: 200,
          body: {
            object: 'balance',
            billing_type: billingType(account),
            available: { amount: Number(account.balance), currency: String(account.fields?.currency ?? 'usd') },
          },
        };
    }
  },
};

function authFailed(message: string) {
  return { status: 401, body: { error: { message, type: 'authentication_error', code: 'AUTHENTICATION_FAILED' } } };
}

function billingType(account: FakeAccount): string {
  return account.fields?.billingType === 'postpaid' ? 'postpaid' : 'prepaid';
}

/** USD per 1024×1024 image (made-up figures, near the docs' examples). */
const PRICES: Record<string, number> = { 'gemini-3-pro-image': 0.04, 'imagen-3': 0.04, 'flux-pro': 0.05 };

function dryRun(req: FakeRequest, account: FakeAccount | null): FakeReply {
  if (req.query.get('dryRun') !== 'true')
    return { status: 400, body: { error: { message: 'the fake server does not generate images', type: 'fake' } } };
  if (!account || account.scenario === 'invalid_key') return authFailed('Invalid API key');
  switch (account.scenario) {
    case 'expired_key':
      return authFailed('API key has expired');
    case 'rate_limited':
      return {
        status: 429,
        headers: retryAfterHeaders(account),
        body: { error: { message: 'Too many requests', type: 'rate_limit_error', code: 'RATE_LIMITED' } },
      };
    case 'wrong_types':
      return { status: 200, body: { estimated: true, total_cost_micros: 'about eighty thousand', currency: 'USD' } };
    default:
      break;
  }
  const fields = account.fields ?? {};
  if (fields.dryRunBody !== undefined)
    return { status: typeof fields.dryRunStatus === 'number' ? fields.dryRunStatus : 200, body: fields.dryRunBody };
  const body = (req.body ?? {}) as Record<string, unknown>;
  const model = String(body.model ?? '');
  const table = { ...PRICES, ...((fields.prices as Record<string, number> | undefined) ?? {}) };
  const unit = table[model];
  if (unit === undefined)
    return {
      status: 404,
      body: { error: { message: `Model ${model} not found`, type: 'invalid_request_error', code: 'MODEL_NOT_FOUND' } },
    };
  const n = typeof body.n === 'number' ? body.n : 1;
  const scale = body.size === '2048x2048' ? 4 : 1;
  const each = Math.round(unit * scale * 1_000_000);
  return {
    status: 200,
    body: {
      estimated: true,
      model,
      provider: 'vertex',
      total_cost_micros: each * n,
      currency: 'USD',
      components: [
        {
          type: 'output',
          metric: 'image',
          quantity: n,
          billable_quantity: n,
          unit_price: unit * scale,
          total_cost: each * n,
        },
      ],
    },
  };
}
