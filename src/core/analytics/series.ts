import type { Core } from '../core.ts';
import type { BalanceSeries, DailySpendSeries } from '../../shared/history.ts';
import { fromMicros, microsToNumber } from '../../shared/decimal.ts';
import { unitCode } from '../store/codes.ts';
import type { RollupTable } from '../store/rollups-repo.ts';
import type { BucketRow } from '../store/rollup-accumulator.ts';
import { EVENT_TOPUP } from '../store/rollup-accumulator.ts';
import { freshen, resolveAccount } from './context.ts';
import { DAY_MS, HOUR_MS, floorTo } from '../store/segments.ts';
import { utcDay } from './time.ts';

export type { BalanceSeries, DailySpendSeries } from '../../shared/history.ts';

export const DEFAULT_MAX_POINTS = 2000;

/**
 * Buckets at least this wide are served from the hour rollups (one point per hour or group
 * of hours) rather than by grouping raw readings: a month of minute readings is 43,000 rows
 * to group, its hours are 720 rows already grouped. The points then number fewer than
 * maxPoints, never more.
 */
const MIN_RAW_WIDTH = HOUR_MS / 4;

export interface SeriesRange {
  from: number;
  to: number;
  maxPoints?: number;
}

/**
 * Chooses the store level from the bucket width the range needs: raw readings grouped in SQL
 * for ranges up to about three weeks, hour rollups for weeks to months, day rollups for
 * years. A range that starts before the account's retention horizon is drawn from the hour
 * rollups however short it is (the readings there were pruned). Only readings in the unit of
 * the latest balance are drawn.
 */
export function balanceSeries(core: Core, accountId: string, range: SeriesRange): BalanceSeries {
  freshen(core);
  const account = resolveAccount(core, accountId, true);
  const { from, to } = range;
  const maxPoints = Math.max(2, Math.floor(range.maxPoints ?? DEFAULT_MAX_POINTS));
  const latest = core.repos.readings.latestBalanceAt(account.pk, to - 1);
  const out: BalanceSeries = {
    unit: latest?.unit ?? null,
    from,
    to,
    t: [],
    v: [],
    exact: [],
    min: [],
    max: [],
    topUps: [],
    readings: 0,
    resolutionMs: 0,
    source: 'readings',
  };
  if (to <= from || !latest?.unit) return out;
  const unit = unitCode(latest.unit);
  const width = Math.ceil((to - from) / maxPoints);
  // A range reaching before the retention horizon has no raw readings there: hours at the finest.
  const pruned = from < (core.repos.readings.rollups.horizon(account.pk) ?? Number.NEGATIVE_INFINITY);
  if (width >= MIN_RAW_WIDTH || pruned) {
    const level: RollupTable = width >= DAY_MS ? 'rollup_day' : 'rollup_hour';
    const size = level === 'rollup_day' ? DAY_MS : HOUR_MS;
    const group = Math.max(1, Math.ceil(width / size)) * size;
    out.source = level === 'rollup_day' ? 'days' : 'hours';
    out.resolutionMs = group;
    const base = floorTo(from, size);
    let current: {
      key: number;
      b: Pick<BucketRow, 'last_ts' | 'last_balance' | 'min_balance' | 'max_balance'>;
    } | null = null;
    const flush = () => {
      if (!current || current.b.last_ts === null) return;
      push(out, current.b.last_ts, current.b.last_balance!, current.b.min_balance!, current.b.max_balance!);
    };
    for (const b of core.repos.readings.rollups.range(level, account.pk, base, to)) {
      out.readings += b.n;
      if (b.last_ts === null || b.unit !== unit || b.last_ts < from || b.last_ts >= to) continue;
      const key = Math.floor((b.bucket - base) / group);
      if (!current || current.key !== key) {
        flush();
        current = {
          key,
          b: {
            last_ts: b.last_ts,
            last_balance: b.last_balance,
            min_balance: b.min_balance,
            max_balance: b.max_balance,
          },
        };
      } else {
        current.b.last_ts = b.last_ts;
        current.b.last_balance = b.last_balance;
        current.b.min_balance = Math.min(current.b.min_balance!, b.min_balance!);
        current.b.max_balance = Math.max(current.b.max_balance!, b.max_balance!);
      }
    }
    flush();
  } else {
    out.resolutionMs = width;
    for (const [t, v, mn, mx] of core.repos.history.balanceGroups(account.pk, from, to, width, unit))
      push(out, t, v, mn, mx);
    out.readings = core.repos.history.count(account.pk, from, to);
  }
  for (const e of core.repos.readings.rollups.events(account.pk, from, to)) {
    if (e.kind === EVENT_TOPUP && e.unit === unit) out.topUps.push({ t: e.ts, amount: fromMicros(e.amount) });
  }
  return out;
}

function push(out: BalanceSeries, t: number, v: number, mn: number, mx: number): void {
  out.t.push(t);
  out.v.push(microsToNumber(v));
  out.exact.push(fromMicros(v));
  out.min.push(microsToNumber(mn));
  out.max.push(microsToNumber(mx));
}

export function dailySpendSeries(core: Core, accountId: string, range: { from: number; to: number }): DailySpendSeries {
  freshen(core);
  const account = resolveAccount(core, accountId, true);
  const latest = core.repos.readings.latestBalanceAt(account.pk, range.to - 1);
  const out: DailySpendSeries = { unit: latest?.unit ?? null, days: [] };
  if (!latest?.unit || range.to <= range.from) return out;
  const unit = unitCode(latest.unit);
  for (const b of core.repos.readings.rollups.range('rollup_day', account.pk, floorTo(range.from, DAY_MS), range.to)) {
    if (b.unit !== unit || (b.covered_ms === 0 && b.topups === 0)) continue;
    out.days.push({
      day: utcDay(b.bucket),
      start: b.bucket,
      spend: fromMicros(b.spend),
      topUp: fromMicros(b.topups),
      coveredFraction: Math.round((b.covered_ms / DAY_MS) * 10_000) / 10_000,
    });
  }
  return out;
}
