/**
 * What the history queries answer — chart series, pages of readings, an import's report —
 * declared once for analytics (which computes them), the IPC contract and the window, so
 * the shapes cannot drift apart. Pure types.
 */
import type { Reading } from './domain.ts';
import type { Unit } from './units.ts';

/**
 * A balance chart series, downsampled in the query: at most `maxPoints` buckets, each with
 * its last balance (the line), min and max (the band). Floats are for drawing; `exact` holds
 * the decimal strings for tooltips.
 */
export interface BalanceSeries {
  unit: Unit | null;
  from: number;
  to: number;
  /** Times (unix ms) of each bucket's last reading, float values for drawing, and the exact values for tooltips. */
  t: number[];
  v: number[];
  exact: string[];
  /** Lowest and highest balance within each point's bucket (a spike between pixels stays visible). */
  min: number[];
  max: number[];
  /** Readings where the balance went up (a top-up, refund or pack), for markers. */
  topUps: Array<{ t: number; amount: string }>;
  /** Stored readings the points stand for (failed polls included). */
  readings: number;
  /** Bucket width in ms (0 = one point per reading). */
  resolutionMs: number;
  /** The store level the points came from. */
  source: 'readings' | 'hours' | 'days';
}

/** Spend per UTC day. Days with no comparable readings are left out (unknown, not zero). */
export interface DailySpendSeries {
  unit: Unit | null;
  days: Array<{
    day: string;
    start: number;
    /** Exact spend in the part of the day history covers. */
    spend: string;
    topUp: string;
    /** Share of the day covered by readings (a partial day spent only this much so far). */
    coveredFraction: number;
  }>;
}

export interface HistoryRow extends Reading {
  accountLabel: string;
  provider: string;
}

export interface HistoryPage {
  /** Readings matching the filter (counted from the rollups, not by scanning them). */
  total: number;
  rows: HistoryRow[];
}

/** What an import stored (`import --json`; the window adds the file's path). */
export interface ImportReport {
  format: 'csv' | 'json';
  /** Readings added to history. */
  imported: number;
  /** Readings already in history (same account and instant), or repeated in the file. */
  duplicates: number;
  /**
   * Readings older than their account's retention horizon, not stored: that span of its
   * history is kept as hourly and daily totals only, which a single reading cannot join.
   */
  beforeRetention: number;
  /** Labels of the accounts created to hold the imported history. */
  accountsCreated: string[];
  packsImported: number;
  /** Settings taken from the file because this home had not set them. */
  settingsApplied: string[];
  /** Your prices taken from the file (a price this home already had for the same variant is kept). */
  pricesImported: number;
}
