import { addPack } from '../../../src/core/analytics/packs.ts';
import { readingRecord } from '../../../src/core/core.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import type { KeyState } from '../../../src/shared/states.ts';
import type { Unit } from '../../../src/shared/units.ts';
import type { World } from './world.ts';

const M = 1_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Plan {
  key: string;
  provider: string;
  label: string;
  unit: Unit;
  /** Balance now, and spend per day (both in the unit). */
  balance: number;
  perDay: number;
  /** The newest reading's state (a failure carries no balance). */
  last?: { state: KeyState; httpStatus: number; message: string; retryAfterSeconds?: number };
  /** The last reading is this long ago (a stale account). */
  quietFor?: number;
  cap?: { limit: number; usedNow: number };
  enabled?: boolean;
}

/** An account whose newest reading failed: its figures, then the state, HTTP status and message it ended in. */
function failing(
  key: string,
  provider: string,
  label: string,
  unit: Unit,
  balance: number,
  perDay: number,
  state: KeyState,
  httpStatus: number,
  message: string,
  retryAfterSeconds?: number,
): Plan {
  const last = { state, httpStatus, message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  return { key, provider, label, unit, balance, perDay, last };
}

/**
 * Fifteen accounts in every state the glance must sort out: each key state (ok, invalid,
 * expired, out of balance, capped by the provider, rate limited, provider error, unreadable
 * reply, unreachable, timed out), a key near its daily cap, a pack expiring with credits
 * unused (the runway it cuts), a second key spending from that pack's shared balance, one not
 * heard from in two days, one switched off, and one with nothing to worry about. A week of
 * half-hourly readings each, then the newest state; the alert rules have read them.
 */
export const FIFTEEN: Plan[] = [
  { key: 'studio', provider: 'cheapai', label: 'Studio', unit: 'credits', balance: 2_100_000, perDay: 365_000 },
  { key: 'batch', provider: 'cheapai', label: 'Batch key', unit: 'credits', balance: 2_100_000, perDay: 365_000 },
  {
    key: 'team',
    provider: 'openrouter',
    label: 'Team key',
    unit: 'USD',
    balance: 21,
    perDay: 10,
    cap: { limit: 10, usedNow: 9.7 },
  },
  failing('capped', 'deepseek', 'Capped', 'USD', 80, 6, 'daily_cap_reached', 429, 'daily limit reached'),
  failing('relay', 'newapi', 'Relay', 'quota', 3_000_000, 200_000, 'invalid_key', 401, 'invalid token'),
  failing('old', 'moonshot', 'Old key', 'CNY', 120, 8, 'expired_key', 401, 'key expired'),
  failing('wallet', 'openrouter', 'Wallet', 'USD', 0, 3, 'insufficient_balance', 402, 'Insufficient credits'),
  failing(
    'voice',
    'elevenlabs',
    'Voice',
    'characters',
    480_000,
    20_000,
    'rate_limited',
    429,
    'too many requests',
    1800,
  ),
  failing('mirror', 'siliconflow', 'Mirror', 'CNY', 300, 12, 'server_error', 502, 'Bad Gateway'),
  failing('parser', 'novita', 'Parser', 'USD', 55, 2, 'bad_response', 200, 'the reply was not the balance'),
  failing('offsite', 'aimlapi', 'Offsite', 'USD', 33, 1.5, 'network_error', 0, 'connection refused'),
  failing('slow', 'fal', 'Slow', 'USD', 64, 4, 'timeout', 0, 'no complete answer within 15 s'),
  {
    key: 'stale',
    provider: 'kieai',
    label: 'Quiet',
    unit: 'credits',
    balance: 9_000,
    perDay: 300,
    quietFor: 2 * DAY,
  },
  {
    key: 'paused',
    provider: 'deepseek',
    label: 'Paused',
    unit: 'USD',
    balance: 40,
    perDay: 1,
    enabled: false,
  },
  { key: 'calm', provider: 'deepseek', label: 'Research', unit: 'USD', balance: 240, perDay: 4 },
];

export async function seedFifteen(world: World, now: number): Promise<Record<string, string>> {
  const core = world.core;
  const ids: Record<string, string> = {};
  const accounts: Record<string, StoredAccount> = {};
  for (const plan of FIFTEEN) {
    const added = await core.accounts.add({
      provider: plan.provider,
      label: plan.label,
      key: `sk-e2e-${plan.key}-0123456789`,
      baseUrl: world.fake.baseUrl(plan.provider),
    });
    ids[plan.key] = added.id;
    accounts[plan.key] = core.accounts.require(added.id);
  }
  // The batch key spends from the studio's balance (one CheapAI account, two keys).
  core.accounts.update(ids.batch!, { sharesBalanceWith: ids.studio! });
  // The studio's 30-day pack expires in a day and a half, most of it unused: it cuts the runway.
  addPack(core, {
    accountId: ids.studio!,
    credits: '5000000',
    price: '90',
    purchasedAt: new Date(now - 28.5 * DAY).toISOString(),
    validity: '30d',
  });
  const put = (account: StoredAccount, ts: number, o: PollOutcome) =>
    core.repos.readings.insert(readingRecord(account.pk, o, ts));
  const dayStart = Math.floor(now / DAY) * DAY;
  for (const plan of FIFTEEN) {
    const account = accounts[plan.key]!;
    const end = now - MIN - (plan.quietFor ?? 0);
    // Half-hourly back from the newest, so the newest reading is exactly `end`.
    for (let t = end - Math.floor((7 * DAY) / (30 * MIN)) * 30 * MIN; t <= end; t += 30 * MIN) {
      // The balance a week ago was higher by the spend since; the shared key reads the studio's.
      const left = plan.balance + (plan.perDay * (end - t)) / DAY;
      const cap = plan.cap
        ? {
            unit: plan.unit,
            limit: plan.cap.limit * M,
            used: Math.round(
              Math.max(0, Math.min(1, (t - dayStart) / Math.max(1, end - dayStart))) * plan.cap.usedNow * M,
            ),
            remaining: null,
            resetAt: dayStart + DAY,
          }
        : null;
      put(
        account,
        plan.key === 'batch' ? t - 5000 : t,
        outcome({ state: 'ok', httpStatus: 200, balance: { micros: Math.round(left * M), unit: plan.unit }, cap }),
      );
    }
    if (plan.last) {
      put(
        account,
        now - 30_000,
        outcome({
          state: plan.last.state,
          httpStatus: plan.last.httpStatus || null,
          message: plan.last.message,
          retryAfterSeconds: plan.last.retryAfterSeconds ?? null,
        }),
      );
    }
  }
  for (const plan of FIFTEEN) if (plan.enabled === false) core.accounts.update(ids[plan.key]!, { enabled: false });
  // The rules read the history, as they would have after each poll.
  for (const a of core.repos.accounts.list()) core.alerts.evaluate(a.id);
  return ids;
}
