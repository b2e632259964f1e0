import { z } from 'zod';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { KeyState } from '../../shared/states.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { errorMessageOf, tryParseJson } from './classify.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against LiteLLM's source (BerriAI/litellm, litellm/proxy/…) and docs
 * (docs.litellm.ai/docs/proxy/users, /virtual_keys):
 * - GET /key/info with `Authorization: Bearer <virtual key>` and no `key` parameter answers
 *   for the calling key (key_management_endpoints.py, info_key_fn: "if no key is passed, it
 *   will use the Key Passed in Authorization Header") → {"key": <the key, echoed>, "info":
 *   LiteLLM_VerificationToken without the hashed token: spend (USD float), max_budget (USD or
 *   null = no budget), budget_duration ("30d", "1d"… or null = never resets), budget_reset_at
 *   (datetime or null), expires (datetime or null), blocked, key_alias, team_id, user_id,
 *   litellm_budget_table (a linked budget, or null)}. The echoed key is never kept.
 * - GET /team/info?team_id=<id> → {"team_id", "team_info": {spend, max_budget,
 *   budget_duration, budget_reset_at, blocked, team_alias, …}, "keys", "team_memberships"}; a
 *   key may read its own team (team_endpoints.py, validate_membership: "allow team keys to
 *   check their info").
 * - The key's own budget is enforced on LLM routes only (auth/user_api_key_auth.py:
 *   `if RouteChecks.is_llm_api_route(route)` before _virtual_key_max_budget_check), so
 *   /key/info still answers for a key over budget. Errors are ProxyException bodies
 *   {"error":{"message","type","param","code"}}: 401 auth_error for an unknown key; an
 *   expired key is **400** type "expired_key"; a spent budget is 400 type "budget_exceeded"
 *   ("Budget has been exceeded! Current cost: …, Max budget: …").
 * - Times are serialised by FastAPI from timezone-aware UTC datetimes; one without an offset
 *   is read as UTC.
 *
 * A LiteLLM budget is spend against a limit that may reset, not a wallet: the reading's
 * balance is what is left of the budget (max_budget − spend, in USD), and the cap figures
 * carry the budget itself (limit, used, remaining, reset time), as for an OpenRouter key
 * limit. A key without a budget has no balance (spend alone says nothing about money left).
 */

const isoTime = z.string().refine((s) => !Number.isNaN(parseTime(s)), 'expected an ISO 8601 time');

const budgetFields = {
  spend: decimalLike.nullish(),
  max_budget: decimalLike.nullish(),
  budget_duration: z.string().nullish(),
  budget_reset_at: isoTime.nullish(),
  blocked: z.boolean().nullish(),
};

const keyInfoReply = z.object({
  info: z.object({
    ...budgetFields,
    expires: isoTime.nullish(),
    key_alias: z.string().nullish(),
    team_id: z.string().nullish(),
    litellm_budget_table: z
      .object({ max_budget: decimalLike.nullish(), budget_duration: z.string().nullish() })
      .nullish(),
  }),
});
type KeyInfo = z.infer<typeof keyInfoReply>['info'];

const teamInfoReply = z.object({
  team_id: z.string().nullish(),
  team_info: z.object({ ...budgetFields, team_alias: z.string().nullish() }),
});

const errorBody = z.object({
  error: z.object({ message: z.unknown().optional(), type: z.string().optional() }).passthrough(),
});

/** Naive datetimes are UTC (Python's isoformat() of a UTC time without tzinfo). */
export function parseTime(text: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());
  return Date.parse(hasZone ? text : `${text.trim()}Z`);
}

/** A budget that resets within a day is a daily cap; any other spent budget blocks the key until it resets. */
function isDaily(duration: string | null | undefined): boolean {
  const m = duration ? /^(\d+)\s*([smhd])$/i.exec(duration.trim()) : null;
  if (!m) return false;
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return seconds > 0 && seconds <= 86_400;
}

const usd = (micros: number) => (micros < 0 ? `-$${fromMicros(-micros)}` : `$${fromMicros(micros)}`);

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  const parsed = errorBody.safeParse(tryParseJson(res.text));
  const type = parsed.success ? (parsed.data.error.type ?? '') : '';
  const said = errorMessageOf(res.text);
  if (type === 'expired_key') return { ...base, state: 'expired_key', message: said ?? 'the key has expired' };
  if (type === 'budget_exceeded')
    return { ...base, state: 'insufficient_balance', message: said ?? 'the budget is spent' };
  if (type === 'auth_error' && (res.status === 400 || res.status === 403))
    return { ...base, state: 'invalid_key', message: said ?? 'the key was refused' };
  return base;
}

interface Budget {
  spend?: string | number | null | undefined;
  max_budget?: string | number | null | undefined;
  budget_duration?: string | null | undefined;
  budget_reset_at?: string | null | undefined;
  blocked?: boolean | null | undefined;
}

/** The reading for one budget (a key's or a team's). */
function reading(budget: Budget, what: string, status: number, now: number, keyExpiresAt: number | null): PollOutcome {
  const spend = toMicros(budget.spend ?? 0);
  const limit = budget.max_budget === null || budget.max_budget === undefined ? null : toMicros(budget.max_budget);
  const resetAt = budget.budget_reset_at ? parseTime(budget.budget_reset_at) : null;
  const remaining = limit === null ? null : limit - spend;
  const cap = limit === null ? null : { unit: 'USD' as const, limit, used: spend, remaining, resetAt };
  const notes: string[] = [];
  let state: KeyState = 'ok';
  const resets = resetAt === null ? '' : `; resets ${new Date(resetAt).toISOString()}`;
  if (budget.blocked) {
    state = 'invalid_key';
    notes.push(`the ${what} is blocked on the proxy`);
  } else if (keyExpiresAt !== null && keyExpiresAt <= now) {
    state = 'expired_key';
    notes.push(`the key expired at ${new Date(keyExpiresAt).toISOString()}`);
  } else if (remaining !== null && remaining <= 0) {
    state = isDaily(budget.budget_duration) ? 'daily_cap_reached' : 'insufficient_balance';
    notes.push(`the ${what} budget of ${usd(limit!)} is spent (${usd(spend)})${resets}`);
  }
  if (limit === null) notes.push(`no budget set on the ${what}; ${usd(spend)} spent`);
  else if (state === 'ok') notes.push(`${usd(spend)} of the ${what} budget of ${usd(limit)} spent${resets}`);
  return outcome({
    state,
    httpStatus: status,
    balance: remaining === null ? null : { micros: remaining, unit: 'USD' },
    cap,
    keyExpiresAt,
    message: notes.join('; '),
  });
}

/** LiteLLM proxy: a virtual key's (or its team's) spend against its budget. */
export const litellm: ProviderDefinition = {
  id: 'litellm',
  name: 'LiteLLM proxy',
  unit: 'USD',
  capabilities: ['balance', 'key_limit', 'key_expiry', 'resets'],
  defaultBaseUrl: null,
  keyRequired: true,
  keyHint: 'a virtual key (sk-…) issued by the proxy; a master key is not needed',
  options: [
    {
      name: 'budget',
      label: 'Budget',
      type: 'enum',
      values: ['key', 'team'],
      required: false,
      default: 'key',
      description: "Read the key's own budget, or the budget of the team the key belongs to.",
    },
  ],
  docsUrl: 'https://docs.litellm.ai/docs/proxy/users',
  async poll(ctx) {
    const headers = { authorization: `Bearer ${ctx.key ?? ''}` };
    const now = ctx.now();
    const keyRes = await ctx.http.request({ url: `${ctx.baseUrl}/key/info`, headers });
    if (keyRes.status < 200 || keyRes.status >= 300) return failure(keyRes, now);
    const keyRead = readJson(keyRes, keyInfoReply, now);
    if (!keyRead.ok) return keyRead.outcome;
    const info: KeyInfo = keyRead.data.info;
    const keyExpiresAt = info.expires ? parseTime(info.expires) : null;

    if (ctx.options.budget !== 'team') {
      // A key linked to a budget (budget_id) carries it in litellm_budget_table.
      const linked = info.litellm_budget_table;
      const budget: Budget =
        (info.max_budget === null || info.max_budget === undefined) &&
        linked?.max_budget !== null &&
        linked?.max_budget !== undefined
          ? { ...info, max_budget: linked.max_budget, budget_duration: info.budget_duration ?? linked.budget_duration }
          : info;
      return reading(budget, 'key', keyRes.status, now, keyExpiresAt);
    }

    if (!info.team_id)
      return outcome({
        state: 'bad_response',
        httpStatus: keyRes.status,
        message: 'this key belongs to no team; choose the key budget instead',
        keyExpiresAt,
      });
    const teamRes = await ctx.http.request({
      url: `${ctx.baseUrl}/team/info?team_id=${encodeURIComponent(info.team_id)}`,
      headers,
    });
    if (teamRes.status < 200 || teamRes.status >= 300) return { ...failure(teamRes, now), keyExpiresAt };
    const teamRead = readJson(teamRes, teamInfoReply, now);
    if (!teamRead.ok) return { ...teamRead.outcome, keyExpiresAt };
    const team = teamRead.data.team_info;
    const name = team.team_alias ? `team "${team.team_alias}"` : 'team';
    return reading(team, name, teamRes.status, now, keyExpiresAt);
  },
};
