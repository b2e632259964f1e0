import type { AlertInput } from '../../../src/core/alerts/input.ts';

/** The clock and the healthy CheapAI account the rule tests start from. */
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const NOW = Date.parse('2026-05-12T21:00:00Z');
export const M = 1_000_000;

/** One account's alert input at NOW: 500,000 credits, 25 days of runway, nothing wrong; `over` changes it. */
export function input(over: Partial<AlertInput> = {}): AlertInput {
  return {
    now: NOW,
    account: {
      id: 'acc_test01',
      name: 'CheapAI · main',
      pollIntervalSeconds: 300,
      enabled: true,
      createdAt: NOW - 30 * DAY,
    },
    latest: { at: NOW - 60_000, state: 'ok', balance: { micros: 500_000 * M, unit: 'credits' } },
    lastSuccessAt: NOW - 60_000,
    watchingSince: null,
    keyExpiresAt: null,
    balance: { micros: 500_000 * M, unit: 'credits' },
    recentPeakMicros: 800_000 * M,
    runwayDays: 25,
    cap: null,
    capWindowEnd: Date.parse('2026-05-13T00:00:00Z'),
    packs: [],
    topUp: null,
    ...over,
  };
}
