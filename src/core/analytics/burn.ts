import type { RollupsRepo } from '../store/rollups-repo.ts';
import { mulDivMicros } from '../../shared/decimal.ts';
import { DAY_MS, floorTo } from '../store/segments.ts';
import { spendBetween } from './spend.ts';
import { formatDuration } from './time.ts';
import type { BurnWindow, FigureReason } from '../../shared/status.ts';

export const BURN_WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const satisfies Record<
  BurnWindow,
  number
>;
export type { BurnWindow } from '../../shared/status.ts';

/** Which window `status` reports: a week smooths daily rhythm; a day answers for new accounts. */
export const BURN_PREFERENCE: readonly BurnWindow[] = ['7d', '24h', '30d'];

/**
 * A window's rate is only given when the history covers at least this share of it: a day's
 * rate from ten minutes of polling would be a made-up number.
 */
export const MIN_COVERAGE = 0.25;

export interface BurnFigure {
  window: BurnWindow;
  /** Micros of the unit per day; null when history is too thin (see reason). */
  perDay: number | null;
  /** What was spent in the covered part of the window (micros). */
  spend: number;
  topups: number;
  coveredMs: number;
  reason: string | null;
  /** The reason, for the window to say in its language. */
  why: FigureReason | null;
}

/** Spend per day over the window ending at `now`, measured over the time history covers. */
export function burnOver(
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  now: number,
  window: BurnWindow,
): BurnFigure {
  const length = BURN_WINDOWS[window];
  const totals = spendBetween(rollups, accountPk, unit, now - length, now);
  const figure: BurnFigure = {
    window,
    perDay: null,
    spend: totals.spend,
    topups: totals.topups,
    coveredMs: totals.coveredMs,
    reason: null,
    why: null,
  };
  const needed = length * MIN_COVERAGE;
  if (totals.coveredMs === 0) {
    figure.reason = `no comparable balance readings in the last ${window}`;
    figure.why = { code: 'no_readings', params: { window } };
  } else if (totals.coveredMs < needed) {
    figure.reason = `only ${formatDuration(totals.coveredMs)} of balance history in the last ${window} (needs ${formatDuration(needed)})`;
    figure.why = { code: 'thin_history', params: { window, coveredMs: totals.coveredMs, neededMs: needed } };
  } else {
    figure.perDay = mulDivMicros(totals.spend, DAY_MS, totals.coveredMs);
  }
  return figure;
}

export function allBurns(
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  now: number,
): Record<BurnWindow, BurnFigure> {
  return {
    '24h': burnOver(rollups, accountPk, unit, now, '24h'),
    '7d': burnOver(rollups, accountPk, unit, now, '7d'),
    '30d': burnOver(rollups, accountPk, unit, now, '30d'),
  };
}

/** The figure status reports: the first window in BURN_PREFERENCE that has a rate. */
export function pickBurn(burns: Record<BurnWindow, BurnFigure>): BurnFigure | null {
  for (const window of BURN_PREFERENCE) if (burns[window].perDay !== null) return burns[window];
  return null;
}

/** A day counts toward the spread of daily spend when history covers at least half of it. */
export const MIN_DAY_COVERAGE = 0.5;

/**
 * Spend per day of each recent whole UTC day (micros/day, normalised by the part covered),
 * oldest first; the current, partial day is left out.
 */
export function recentDailyRates(
  rollups: RollupsRepo,
  accountPk: number,
  unit: number,
  now: number,
  days = 30,
): number[] {
  const end = floorTo(now, DAY_MS);
  const rates: number[] = [];
  for (const b of rollups.range('rollup_day', accountPk, end - days * DAY_MS, end)) {
    if (b.unit !== unit || b.covered_ms < DAY_MS * MIN_DAY_COVERAGE) continue;
    rates.push(mulDivMicros(b.spend, DAY_MS, b.covered_ms));
  }
  return rates;
}
