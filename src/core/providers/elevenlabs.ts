import { z } from 'zod';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { KeyState } from '../../shared/states.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against ElevenLabs' API reference and SDK
 * (elevenlabs.io/docs/api-reference/user/subscription/get; ExtendedSubscriptionResponseModel
 * in the OpenAPI document):
 * - GET /v1/user/subscription with header `xi-api-key` → {tier, character_count ("the number
 *   of characters used"), character_limit ("the maximum number of characters allowed in the
 *   current billing period"), can_extend_character_limit ("entitled to enter overages"),
 *   next_character_count_reset_unix (unix seconds, or null), status, …}.
 * - A quota that resets each period, not a wallet: what is left is limit − count.
 * - Errors: {"detail":{"status":"…","message":"…"}}. An exhausted quota is HTTP 401 with
 *   status "quota_exceeded" (home-assistant/core#160414, elevenlabs/elevenlabs-docs#301); a bad
 *   key is 401 "invalid_api_key"; a key without the user_read permission is 401
 *   "missing_permissions"; 429 "too_many_concurrent_requests" / "system_busy".
 */

const subscriptionReply = z.object({
  tier: z.string().nullish(),
  character_count: decimalLike,
  character_limit: decimalLike,
  can_extend_character_limit: z.boolean().nullish(),
  next_character_count_reset_unix: z.number().nullish(),
  status: z.string().nullish(),
});

const STATE_OF_DETAIL: Record<string, KeyState> = {
  quota_exceeded: 'insufficient_balance',
  invalid_api_key: 'invalid_key',
  missing_permissions: 'invalid_key',
  too_many_concurrent_requests: 'rate_limited',
  system_busy: 'rate_limited',
};

function detailOf(text: string): { status: string | null; message: string | null } | null {
  const json = tryParseJson(text) as { detail?: unknown } | undefined;
  const d = json?.detail;
  if (d === undefined) return null;
  if (typeof d === 'string') return { status: null, message: d };
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    const o = d as { status?: unknown; message?: unknown };
    return {
      status: typeof o.status === 'string' ? o.status : null,
      message: typeof o.message === 'string' ? o.message : null,
    };
  }
  return { status: null, message: null };
}

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  const detail = detailOf(res.text);
  const state = detail?.status ? STATE_OF_DETAIL[detail.status] : undefined;
  // The detail's status names the cause better than the HTTP status (a spent quota is a 401).
  if (state && base.state !== 'expired_key') return { ...base, state };
  return base;
}

/** {"detail":…} inside a 200: read as the 401 ElevenLabs answers its refusals with. */
function embeddedError(res: HttpResponse, now: number): PollOutcome | null {
  if (!detailOf(res.text)) return null;
  return { ...failure({ ...res, status: 401 }, now), httpStatus: res.status };
}

/** ElevenLabs: a character quota that resets each billing period — not a wallet. */
export const elevenlabs: ProviderDefinition = {
  id: 'elevenlabs',
  name: 'ElevenLabs',
  unit: 'characters',
  capabilities: ['balance', 'resets'],
  defaultBaseUrl: 'https://api.elevenlabs.io',
  keyRequired: true,
  keyHint: 'API key (xi-api-key)',
  options: [],
  docsUrl: 'https://elevenlabs.io/docs/api-reference/user/subscription/get',
  balanceEndpoint: '/v1/user/subscription',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/user/subscription`,
      headers: { 'xi-api-key': ctx.key ?? '' },
    });
    if (res.status < 200 || res.status >= 300) return failure(res, now);
    const flagged = embeddedError(res, now);
    if (flagged) return flagged;
    const read = readJson(res, subscriptionReply, now);
    if (!read.ok) return read.outcome;
    const s = read.data;
    const used = toMicros(s.character_count);
    const limit = toMicros(s.character_limit);
    const remaining = limit - used;
    const resetAt =
      s.next_character_count_reset_unix === null || s.next_character_count_reset_unix === undefined
        ? null
        : s.next_character_count_reset_unix * 1000;
    const resets = resetAt === null ? '' : `; resets ${new Date(resetAt).toISOString()}`;
    let state: KeyState = 'ok';
    let message: string | null = null;
    if (remaining <= 0 && !s.can_extend_character_limit) {
      state = 'insufficient_balance';
      message = `character quota used up${resets}`;
    } else if (remaining < 0) {
      message = `${fromMicros(-remaining)} characters over the quota (billed as overage)${resets}`;
    }
    return outcome({
      state,
      httpStatus: res.status,
      balance: { micros: remaining, unit: 'characters' },
      cap: { unit: 'characters', limit, used, remaining, resetAt },
      message,
    });
  },
};
