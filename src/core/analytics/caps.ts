import type { AccountOptions } from '../../shared/domain.ts';
import type { Unit } from '../../shared/units.ts';
import { DecimalError, toMicros } from '../../shared/decimal.ts';
import type { ReadingsRepo } from '../store/readings-repo.ts';
import { unitCode } from '../store/codes.ts';
import { capReset, capWindow } from './cap-window.ts';
import { DAY_MS, MINUTE_MS } from '../store/segments.ts';
import { spendBetween } from './spend.ts';
import { isoOrNull } from './time.ts';

/** A daily (or per-period) cap and how today is pacing against it. Amounts in micros. */
export interface CapStatus {
  /** provider: the provider reported it (OpenRouter key limit, new-api token quota); option: the account's dailyCap. */
  source: 'provider' | 'option';
  unit: Unit;
  limit: number | null;
  used: number | null;
  remaining: number | null;
  /** used / limit; may exceed 1 when a provider lets spend overshoot. */
  fraction: number | null;
  resetAt: number | null;
  /** Start of the current cap window, when known. */
  windowStart: number | null;
  /** When the cap is hit at the pace so far; null when not before the reset (or no pace yet). */
  projectedHitAt: number | null;
  /** What will have been used at the reset at the pace so far. */
  projectedAtReset: number | null;
  reached: boolean;
  reason: string | null;
  /** Where resetAt comes from: the provider, the account's reset time and zone, or assumed (UTC midnight). */
  resetSource: 'provider' | 'account' | 'assumed' | null;
  /** The zone of the account's reset time of day; null when the provider gave the instant. */
  resetTimeZone: string | null;
  /** When the provider refused a request for the cap (a 429 this window); null otherwise. */
  reachedAt: number | null;
}

/** Provider cap figures older than this are not trusted as "today". */
const PROVIDER_CAP_LOOKBACK = 2 * DAY_MS;
/** Less than this much of today observed is not a pace. */
const MIN_PACE_SPAN = 15 * MINUTE_MS;

export interface CapInput {
  readings: ReadingsRepo;
  accountPk: number;
  options: AccountOptions;
  /** The unit of the account's balance (for a dailyCap option). */
  balanceUnit: Unit | null;
  /** When the latest balance was read. */
  balanceAt: number | null;
  now: number;
  /** The 24 h burn (micros/day), a fallback pace early in the window. */
  burnPerDay24h: number | null;
  /** The provider's unit, for a cap it only refused with (no figures). */
  providerUnit?: Unit | null;
}

/**
 * The provider's cap when it reports one recently, otherwise the dailyCap option, otherwise
 * null — except that a provider refusing for the daily cap (429, `daily_cap_reached`) is
 * always a cap, reached, even when nobody knows its size: the panel never says "no daily
 * cap" beside "daily cap reached".
 */
export function capStatus(input: CapInput): CapStatus | null {
  const figures = providerCap(input) ?? optionCap(input);
  const refused = refusal(input);
  if (!refused) return figures;
  if (figures) {
    return {
      ...figures,
      reached: true,
      reachedAt: refused.at,
      remaining: figures.remaining === null ? null : 0,
      projectedHitAt: null,
      ...(figures.resetAt === null || figures.resetAt <= input.now ? refused.reset : {}),
    };
  }
  const { start } = capWindow(input.options, refused.at);
  return {
    source: 'provider',
    unit: input.balanceUnit ?? input.providerUnit ?? 'credits',
    limit: null,
    used: null,
    remaining: null,
    fraction: null,
    windowStart: refused.reset.resetSource === 'provider' ? null : start,
    projectedHitAt: null,
    projectedAtReset: null,
    reached: true,
    reason: 'the provider refused requests for its daily cap (HTTP 429) and does not say how large the cap is',
    reachedAt: refused.at,
    ...refused.reset,
  };
}

/**
 * The newest reading, when it is the provider refusing for the daily cap and the cap has
 * not reset since: when it resets (the provider's time, else the end of the account's cap
 * window that held the refusal).
 */
function refusal({
  readings,
  accountPk,
  options,
  now,
}: CapInput): { at: number; reset: Pick<CapStatus, 'resetAt' | 'resetSource' | 'resetTimeZone'> } | null {
  const latest = readings.latestAt(accountPk, now);
  if (!latest || latest.state !== 'daily_cap_reached') return null;
  const given = latest.cap?.resetAt ?? null;
  const zone = capReset(options);
  const reset =
    given !== null
      ? { resetAt: given, resetSource: 'provider' as const, resetTimeZone: null }
      : { resetAt: capWindow(options, latest.ts).end, resetSource: zone.source, resetTimeZone: zone.timeZone };
  if (reset.resetAt <= now) return null; // reset since: today's state is unknown until the next poll
  return { at: latest.ts, reset };
}

function providerCap({ readings, accountPk, now }: CapInput): CapStatus | null {
  const latest = readings.latestCap(accountPk, now - PROVIDER_CAP_LOOKBACK, now);
  if (!latest?.cap) return null;
  const cap = latest.cap;
  const limit = cap.limit;
  let { used, remaining } = cap;
  if (used === null && limit !== null && remaining !== null) used = limit - remaining;
  if (remaining === null && limit !== null && used !== null) remaining = Math.max(0, limit - used);
  const out: CapStatus = {
    source: 'provider',
    unit: cap.unit,
    limit,
    used,
    remaining,
    fraction: limit !== null && limit > 0 && used !== null ? used / limit : null,
    resetAt: cap.resetAt,
    windowStart: null,
    projectedHitAt: null,
    projectedAtReset: null,
    reached: remaining !== null && remaining <= 0,
    reason: null,
    resetSource: cap.resetAt === null ? null : 'provider',
    resetTimeZone: null,
    reachedAt: null,
  };
  if (cap.resetAt !== null && cap.resetAt <= now) {
    // The period these figures describe is over; today's usage is unknown until the next poll.
    return {
      ...out,
      used: null,
      remaining: null,
      fraction: null,
      resetAt: null,
      resetSource: null,
      reached: false,
      reason: `the cap reset at ${isoOrNull(cap.resetAt)}, after the last reading that reported it`,
    };
  }
  if (used === null) return { ...out, reason: 'the provider reports no usage for this period' };
  // Pace: usage growth since the first reading of this same period.
  const first = readings.firstCapOfPeriod(accountPk, now - PROVIDER_CAP_LOOKBACK, latest.ts, cap.resetAt);
  const firstUsed = first?.cap ? usedOf(first.cap) : null;
  if (first && firstUsed !== null && latest.ts - first.ts >= MIN_PACE_SPAN) {
    const perMs = Math.max(0, used - firstUsed) / (latest.ts - first.ts);
    project(out, used, perMs, latest.ts);
  } else {
    out.reason = 'not enough of this period observed for a pace';
  }
  return out;
}

function usedOf(cap: { limit: number | null; used: number | null; remaining: number | null }): number | null {
  if (cap.used !== null) return cap.used;
  if (cap.limit !== null && cap.remaining !== null) return cap.limit - cap.remaining;
  return null;
}

function optionCap({
  readings,
  accountPk,
  options,
  balanceUnit,
  balanceAt,
  now,
  burnPerDay24h,
}: CapInput): CapStatus | null {
  const raw = options.dailyCap;
  if (raw === undefined || raw === null || typeof raw === 'boolean') return null;
  let limit: number;
  try {
    limit = toMicros(raw);
  } catch (error) {
    if (error instanceof DecimalError) return null;
    throw error;
  }
  const { start, end } = capWindow(options, now);
  const reset = capReset(options);
  const out: CapStatus = {
    source: 'option',
    unit: balanceUnit ?? 'credits',
    limit,
    used: null,
    remaining: null,
    fraction: null,
    resetAt: end,
    windowStart: start,
    projectedHitAt: null,
    projectedAtReset: null,
    reached: false,
    reason: null,
    resetSource: reset.source,
    resetTimeZone: reset.timeZone,
    reachedAt: null,
  };
  if (balanceUnit === null) return { ...out, reason: 'no balance reading yet' };
  const totals = spendBetween(readings.rollups, accountPk, unitCode(balanceUnit), start, now);
  const used = totals.spend;
  Object.assign(out, {
    used,
    remaining: Math.max(0, limit - used),
    fraction: limit > 0 ? used / limit : null,
    reached: used >= limit,
  });
  // The pace was seen up to the last balance reading; project from there.
  const seenUntil = balanceAt === null ? now : Math.min(now, Math.max(start, balanceAt));
  if (totals.coveredMs >= MIN_PACE_SPAN) {
    project(out, used, used / totals.coveredMs, seenUntil);
  } else if (burnPerDay24h !== null) {
    project(out, used, burnPerDay24h / DAY_MS, now);
    out.reason = 'pace from the last 24 h: too little of today observed';
  } else {
    out.reason = 'not enough of today observed for a pace';
  }
  return out;
}

/** Fill projectedHitAt / projectedAtReset from a pace (micros per ms) as of `asOf`. */
function project(out: CapStatus, used: number, perMs: number, asOf: number): void {
  const { limit, resetAt } = out;
  if (resetAt !== null) out.projectedAtReset = Math.round(used + perMs * Math.max(0, resetAt - asOf));
  if (limit === null || out.reached) return;
  if (perMs <= 0) return;
  const hitAt = asOf + (limit - used) / perMs;
  if (resetAt === null || hitAt < resetAt) out.projectedHitAt = Math.round(hitAt);
}
