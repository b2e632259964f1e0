import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { Unit } from '../../shared/units.ts';
import { KEY_STATES, KEY_STATE_CODES } from '../../shared/states.ts';
import { toMicros } from '../../shared/decimal.ts';
import { getProvider } from '../providers/registry.ts';
import { capWindow } from '../analytics/cap-window.ts';
import { unitCode } from '../store/codes.ts';
import type { AlertInput } from './input.ts';
import { isSuccessful } from './input.ts';

/**
 * The analytics figures the rules read, in the words of the status contract
 * (`status --json`, AccountStatus): decimal strings and ISO times. Analytics provides them;
 * null when it has nothing for the account.
 */
export interface StatusFigures {
  balance: { amount: string; unit: Unit } | null;
  runway: { days: number | null; zeroAt?: string | null; cause?: 'spend' | 'pack_expiry' | null };
  cap: {
    limit: string | null;
    used: string | null;
    fraction: number | null;
    resetAt: string | null;
    unit?: Unit;
  } | null;
  packs: Array<{
    id: string;
    credits: string;
    expiresAt: string | null;
    projectedUnused: string | null;
    projectedUnusedUsd: string | null;
  }>;
}

export interface TopUpFigure {
  at: number;
  amountMicros: number;
  unit: Unit;
  balanceAfterMicros: number | null;
}

/** Where the figures come from: analytics in the app and CLI, anything in tests. */
export interface FigureSources {
  status(core: Core, account: StoredAccount, now: number): StatusFigures | null;
  lastTopUp(core: Core, account: StoredAccount, now: number): TopUpFigure | null;
}

const micros = (value: string | null | undefined): number | null =>
  value === null || value === undefined ? null : toMicros(value);
const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** "CheapAI · main": provider name and the account's label. */
export function accountName(account: Pick<StoredAccount, 'provider' | 'label'>): string {
  return `${getProvider(account.provider)?.name ?? account.provider} · ${account.label}`;
}

/** Build the rules' input for one account from its readings and the analytics figures. */
export function gatherInput(
  core: Core,
  account: StoredAccount,
  now: number,
  sources: FigureSources,
  watchingSince: number | null = null,
): AlertInput {
  const readings = core.repos.readings;
  const latest = readings.latest(account.pk);
  const lastSuccess = latest && isSuccessful(latest.state) ? latest : lastSuccessful(core, account.pk);
  const status = sources.status(core, account, now);
  const providerUnit = getProvider(account.provider)?.unit ?? null;
  const fallbackBalance = readings.latestWithBalance(account.pk);
  const balance = status?.balance
    ? { micros: toMicros(status.balance.amount), unit: status.balance.unit }
    : fallbackBalance && fallbackBalance.balance !== null && fallbackBalance.unit !== null
      ? { micros: fallbackBalance.balance, unit: fallbackBalance.unit }
      : null;
  const unit: Unit | null = balance?.unit ?? latest?.cap?.unit ?? providerUnit;
  const recentPeak = balance ? peakBalance(core, account.pk, balance.unit, now) : null;
  return {
    now,
    account: {
      id: account.id,
      name: accountName(account),
      pollIntervalSeconds: account.pollIntervalSeconds,
      enabled: account.enabled,
      createdAt: Date.parse(account.createdAt),
    },
    latest: latest
      ? {
          at: latest.ts,
          state: latest.state,
          balance:
            latest.balance !== null && latest.unit !== null ? { micros: latest.balance, unit: latest.unit } : null,
        }
      : null,
    lastSuccessAt: lastSuccess?.ts ?? null,
    watchingSince,
    keyExpiresAt: lastSuccess?.keyExpiresAt ?? null,
    balance,
    recentPeakMicros: recentPeak,
    runwayDays: status?.runway.days ?? null,
    runwayZeroAt: ms(status?.runway.zeroAt),
    runwayCause: status?.runway.cause ?? null,
    cap:
      status?.cap && (status.cap.unit ?? unit)
        ? {
            unit: status.cap.unit ?? unit!,
            limitMicros: micros(status.cap.limit),
            usedMicros: micros(status.cap.used),
            fraction: status.cap.fraction,
            resetAt: ms(status.cap.resetAt),
          }
        : null,
    capWindowEnd: capWindow(account.options, now).end,
    packs:
      status && unit
        ? status.packs.map((p) => ({
            id: p.id,
            unit,
            creditsMicros: toMicros(p.credits),
            expiresAt: ms(p.expiresAt),
            projectedUnusedMicros: micros(p.projectedUnused),
            projectedUnusedUsd: p.projectedUnusedUsd,
          }))
        : [],
    topUp: sources.lastTopUp(core, account, now),
  };
}

const PEAK_LOOKBACK_MS = 30 * 24 * 3600_000;

function peakBalance(core: Core, accountPk: number, unit: Unit, now: number): number | null {
  return core.repos.history.peakBalance(accountPk, now - PEAK_LOOKBACK_MS, now, unitCode(unit));
}

/** How far back to look for the last successful reading when the newest one failed. */
const SUCCESS_LOOKBACK_MS = 400 * 24 * 3600_000;
const SUCCESS_CODES = KEY_STATES.filter(isSuccessful).map((state) => KEY_STATE_CODES[state]);

function lastSuccessful(core: Core, accountPk: number) {
  const ts = core.repos.history.latestInStates(accountPk, core.now() - SUCCESS_LOOKBACK_MS, SUCCESS_CODES);
  if (ts === null) return null;
  return core.repos.readings.range(accountPk, ts, ts + 1)[0] ?? null;
}
