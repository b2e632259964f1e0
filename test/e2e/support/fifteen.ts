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
  {
    key: 'capped',
    provider: 'deepseek',
    label: 'Capped',
    unit: 'USD',
    balance: 80,
    perDay: 6,
    last: { state: 'daily_cap_reached', httpStatus: 429, message: 'daily limit reached' },
  },
  {
    key: 'relay',
    provider: 'newapi',
    label: 'Relay',
    unit: 'quota',
    balance: 3_000_000,
    perDay: 200_000,
    last: { state: 'invalid_key', httpStatus: 401, message: 'invalid token' },
  },
  {
    key: 'old',
    provider: 'moonshot',
    label: 'Old key',
    unit: 'CNY',
    balance: 120,
    perDay: 8,
    last: { state: 'expired_key', httpStatus: 401, message: 'key expired' },
  },
  {
    key: 'wallet',
    provider: 'openrouter',
    label: 'Wallet',
    unit: 'USD',
    balance: 0,
    perDay: 3,
    last: { state: 'insufficient_balance', httpStatus: 402, message: 'Insufficient credits' },
  },
  {
    key: 'voice',
    provider: 'elevenlabs',
    label: 'Voice',
    unit: 'characters',
    balance: 480_000,
    perDay: 20_000,
    last: { state: 'rate_limited', httpStatus: 429, message: 'too many requests', retryAfterSeconds: 1800 },
  },
  {
    key: 'mirror',
    provider: 'siliconflow',
    label: 'Mirror',
    unit: 'CNY',
    balance: 300,
    perDay: 12,
    last: { state: 'server_error', httpStatus: 502, message: 'Bad Gateway' },
  },
  {
    key: 'parser',
    provider: 'novita',
    label: 'Parser',
    unit: 'USD',
    balance: 55,
    perDay: 2,
    last: { state: 'bad_response', httpStatus: 200, message: 'the reply was not the balance' },
  },
  {
    key: 'offsite',
    provider: 'aimlapi',
    label: 'Offsite',
    unit: 'USD',
    balance: 33,
    perDay: 1.5,
    last: { state: 'network_error', httpStatus: 0, message: 'connection refused' },
  },
  {
    key: 'slow',
    provider: 'fal',
    label: 'Slow',
    unit: 'USD',
    balance: 64,
    perDay: 4,
    last: { state: 'timeout', httpStatus: 0, message: 'no complete answer within 15 s' },
  },
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
