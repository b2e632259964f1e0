import { computeStatus } from '../analytics/status.ts';
import { EVENT_TOPUP } from '../store/rollup-accumulator.ts';
import { unitFromCode } from '../store/codes.ts';
import type { FigureSources } from './gather.ts';

const TOP_UP_LOOKBACK_MS = 24 * 3600_000;

/**
 * The rules' figures from analytics: the account's status (runway, cap pacing, packs and
 * their projected unused credits) and the newest top-up the rollups classified (a quota
 * that refills on its own is a reset there, never a top-up). Status is computed without
 * its `alerts`: those come from this engine.
 */
export const analyticsSources: FigureSources = {
  status(core, account, now) {
    return computeStatus(core, { now, accountIds: [account.id], alerts: () => [] }).accounts[0] ?? null;
  },
  lastTopUp(core, account, now) {
    const events = core.repos.readings.rollups.events(account.pk, now - TOP_UP_LOOKBACK_MS, now + 1);
    const last = events.filter((e) => e.kind === EVENT_TOPUP).at(-1);
    if (!last) return null;
    const newest = core.repos.readings.latestWithBalance(account.pk);
    const unit = unitFromCode(last.unit);
    return {
      at: last.ts,
      amountMicros: last.amount,
      unit,
      balanceAfterMicros: newest?.unit === unit ? newest.balance : last.balance,
    };
  },
};
