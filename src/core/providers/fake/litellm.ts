import type { FakeAccount, FakeProviderModule, FakeReply } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/**
 * A LiteLLM proxy's replies (see ../litellm.ts for the sources). Account state:
 * - cap: the key's budget {limit: max_budget (null = none), used: spend}; `balance` is unused
 *   (what is left is max_budget − spend);
 * - expiresAt: the key's `expires`;
 * - fields.budgetDuration (default "30d"), fields.budgetResetAt (ISO, default 2026-12-01),
 *   fields.blocked, fields.naiveTimes (times without an offset, as Python's isoformat gives);
 * - fields.teamId and fields.team {spend, max_budget, budget_duration, budget_reset_at,
 *   team_alias}: the team the key belongs to, for /team/info.
 */

const err = (status: number, message: string, type: string): FakeReply => ({
  status,
  body: { error: { message, type, param: 'None', code: String(status) } },
});

function time(account: FakeAccount, iso: string | null): string | null {
  if (iso === null) return null;
  return account.fields?.naiveTimes ? iso.replace(/Z$/, '').replace(/\.000$/, '') : iso.replace(/Z$/, '+00:00');
}

/** A field that may be set to null on purpose (no budget reset), else its default. */
function field(account: FakeAccount, name: string, fallback: string): string | null {
  const fields = account.fields ?? {};
  return name in fields ? (fields[name] as string | null) : fallback;
}

function keyInfo(account: FakeAccount, key: string): Record<string, unknown> {
  const cap = account.cap ?? null;
  return {
    // LiteLLM echoes the key it was asked about: Burnrate must never keep this body.
    key,
    info: {
      key_name: `sk-...${key.slice(-4)}`,
      key_alias: 'burnrate-test',
      spend: cap ? Number(cap.used) : 0,
      max_budget: cap?.limit === null || cap?.limit === undefined ? null : Number(cap.limit),
      budget_duration: field(account, 'budgetDuration', '30d'),
      budget_reset_at: time(account, field(account, 'budgetResetAt', '2026-12-01T00:00:00Z')),
      expires: time(account, account.expiresAt ? new Date(account.expiresAt).toISOString() : null),
      models: [],
      user_id: 'default_user_id',
      team_id: (account.fields?.teamId as string | undefined) ?? null,
      blocked: account.fields?.blocked === true ? true : null,
      soft_budget_cooldown: false,
      litellm_budget_table: null,
      created_at: '2026-01-05T10:00:00+00:00',
    },
  };
}

export const litellmFake: FakeProviderModule = {
  id: 'litellm',
  keyOf: bearer,
  sample: {
    account: { key: 'sk-litellm-sample', balance: '74.5', scenario: 'ok', cap: { limit: '100', used: '25.5' } },
    expect: { amount: '74.5', unit: 'USD' },
  },
  handle(req, account) {
    if (req.path !== '/key/info' && req.path !== '/team/info') return { status: 404, body: { detail: 'Not Found' } };
    if (!account || account.scenario === 'invalid_key')
      return err(
        401,
        'Authentication Error, Invalid proxy server token passed. Unable to find token in cache or `LiteLLM_VerificationTokenTable`',
        'auth_error',
      );
    switch (account.scenario) {
      case 'expired_key':
        return err(
          400,
          'Authentication Error - Expired Key. Key Expiry time 2026-01-01 00:00:00+00:00 and current time 2026-11-18 10:30:00+00:00',
          'expired_key',
        );
      case 'insufficient_balance':
        // The team's budget is checked on every route, /key/info included.
        return err(
          400,
          'Budget has been exceeded! Team=team-1 Current cost: 500.25, Max budget: 500.0',
          'budget_exceeded',
        );
      case 'daily_cap':
        return {
          status: 200,
          body: keyInfo(
            { ...account, cap: { limit: '5', used: '5.01' }, fields: { ...account.fields, budgetDuration: '1d' } },
            account.key,
          ),
        };
      case 'rate_limited':
        return {
          ...err(429, 'Max parallel request limit reached. Hit limit for api_key.', 'None'),
          headers: retryAfterHeaders(account),
        };
      case 'error_in_200':
        return {
          status: 200,
          body: { error: { message: 'Authentication Error, Invalid proxy server token passed', type: 'auth_error' } },
        };
      case 'wrong_types':
        return { status: 200, body: { key: account.key, info: { spend: 'lots', max_budget: { usd: 100 } } } };
      default:
        break;
    }
    if (req.path === '/key/info') return { status: 200, body: keyInfo(account, account.key) };
    const teamId = req.query.get('team_id');
    const team = account.fields?.team as Record<string, unknown> | undefined;
    if (!teamId || teamId !== account.fields?.teamId || !team)
      return err(
        401,
        `Authentication Error, User=default_user_id not authorized to access this team=${teamId}`,
        'auth_error',
      );
    return {
      status: 200,
      body: {
        team_id: teamId,
        team_info: { team_id: teamId, blocked: false, models: [], ...team },
        keys: [{ key_name: `sk-...${account.key.slice(-4)}`, spend: 1 }],
        team_memberships: [],
      },
    };
  },
};
