import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { BalanceAt } from '../store/readings-repo.ts';
import { unitCode } from '../store/codes.ts';
import type { Currency } from '../../shared/units.ts';
import type { AccountStatus, BurnWindow, PackStatus, StatusReport } from '../../shared/status.ts';
import { fromMicros } from '../../shared/decimal.ts';
import { freshen, packsRepo } from './context.ts';
import type { BurnFigure } from './burn.ts';
import { allBurns, pickBurn, recentDailyRates } from './burn.ts';
import { computeRunway } from './runway.ts';
import { packLedger } from './pack-ledger.ts';
import type { PackLedgerEntry } from './pack-ledger.ts';
import { capStatus } from './caps.ts';
import { creditPricing, toDisplayMicros, toUsdMicros } from './money.ts';
import type { MoneyContext } from './money.ts';
import { readMoneySettings } from './settings.ts';
import type { MoneySettings } from './settings.ts';
import { suggestedPacks } from './suggestions.ts';
import type { StatusAlertSource } from './status-alerts.ts';
import { activeAlerts } from './status-alerts.ts';
import { isoOrNull } from './time.ts';
import { quotaPerUnitFor } from '../site-settings.ts';

export type { AccountStatus, PackStatus, StatusReport } from '../../shared/status.ts';

/** `status --json` (docs/design.md): the report's shape is declared once, in src/shared/status.ts. */
export interface ComputeStatusOptions {
  /** Unix ms; defaults to the core's clock. Readings and packs after it are ignored. */
  now?: number;
  /** Only these accounts (ids). */
  accountIds?: readonly string[];
  alerts?: StatusAlertSource;
}

const round = (x: number | null, digits: number): number | null =>
  x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits));
const dec = (micros: number | null): string | null => (micros === null ? null : fromMicros(micros));

export function computeStatus(core: Core, options: ComputeStatusOptions = {}): StatusReport {
  freshen(core);
  const now = options.now ?? core.now();
  const settings = readMoneySettings(core.repos.settings);
  const wanted = options.accountIds ? new Set(options.accountIds) : null;
  const accounts = core.repos.accounts.list().filter((a) => !wanted || wanted.has(a.id));
  const figures = accounts.map((a) => accountFigures(core, a, now, settings, options.alerts ?? activeAlerts));
  return {
    generatedAt: new Date(now).toISOString(),
    accounts: figures.map((f) => f.status),
    totals: totals(figures, settings),
  };
}

/** An account's money figures in the display currency, for the totals. */
interface Figures {
  status: AccountStatus;
  value: number | null;
  burn: number | null;
  spend24h: number | null;
}

function accountFigures(
  core: Core,
  account: StoredAccount,
  now: number,
  settings: MoneySettings,
  alerts: StatusAlertSource,
): Figures {
  const { readings } = core.repos;
  const rollups = readings.rollups;
  const latest = readings.latestAt(account.pk, now);
  const bal: BalanceAt | null = readings.latestBalanceAt(account.pk, now);
  const unit = bal?.unit ?? null;
  const code = unit === null ? null : unitCode(unit);

  const burns = code === null ? null : allBurns(rollups, account.pk, code, now);
  const burn = burns ? pickBurn(burns) : null;
  const burnReason = burns && !burn ? burns['24h'].reason : unit === null ? 'no balance reading yet' : null;
  const runway = computeRunway({
    balance: bal?.balance ?? null,
    balanceAt: bal?.ts ?? null,
    perDay: burn?.perDay ?? null,
    burnReason,
    dailyRates: code === null ? [] : recentDailyRates(rollups, account.pk, code, now),
    now,
  });

  const packs = packsRepo(core).forAccount(account.pk);
  const ledger = code === null ? [] : packLedger(rollups, account.pk, code, packs, now, burn?.perDay ?? null);
  const money: MoneyContext = {
    settings,
    quotaPerUnit: quotaPerUnitFor(core, account),
    creditPricing: creditPricing(
      ledger.map((e) => ({
        credits: e.pack.credits,
        price: e.pack.price,
        currency: e.pack.currency,
        remaining: e.remaining,
      })),
      settings,
    ),
  };
  const usd = (micros: number | null) => (micros === null || unit === null ? null : toUsdMicros(micros, unit, money));
  const display = (micros: number | null) =>
    micros === null || unit === null ? null : toDisplayMicros(micros, unit, money);
  const valueUsd = usd(bal?.balance ?? null);
  const burnUsd = usd(burn?.perDay ?? null);
  const valueDisplay = display(bal?.balance ?? null);

  const cap = capStatus({
    readings,
    accountPk: account.pk,
    options: account.options,
    balanceUnit: unit,
    balanceAt: bal?.ts ?? null,
    now,
    burnPerDay24h: burns?.['24h'].perDay ?? null,
  });

  const status: AccountStatus = {
    id: account.id,
    label: account.label,
    provider: account.provider,
    state: latest?.state ?? null,
    lastReadingAt: isoOrNull(latest?.ts),
    balance: bal && unit ? { amount: fromMicros(bal.balance), unit } : null,
    balanceAt: isoOrNull(bal?.ts),
    valueUsd: dec(valueUsd),
    value: valueDisplay === null ? null : { amount: fromMicros(valueDisplay), currency: settings.displayCurrency },
    burn: {
      perDay: dec(burn?.perDay ?? null),
      unit,
      window: burn?.window ?? null,
      perDayUsd: dec(burnUsd),
      reason: burn ? null : burnReason,
      windows: burns ? windowsOut(burns) : null,
    },
    runway: {
      days: round(runway.days, 2),
      zeroAt: isoOrNull(runway.zeroAt),
      low: round(runway.low, 2),
      high: round(runway.high, 2),
      reason: runway.reason,
      rangeReason: runway.rangeReason,
    },
    cap: cap && {
      limit: dec(cap.limit),
      used: dec(cap.used),
      remaining: dec(cap.remaining),
      fraction: round(cap.fraction, 4),
      resetAt: isoOrNull(cap.resetAt),
      source: cap.source,
      unit: cap.unit,
      windowStart: isoOrNull(cap.windowStart),
      projectedHitAt: isoOrNull(cap.projectedHitAt),
      projectedAtReset: dec(cap.projectedAtReset),
      reached: cap.reached,
      reason: cap.reason,
    },
    packs: ledger.filter((e) => !e.expired && e.remaining > 0).map((e) => packOut(e, money)),
    suggestedPacks: suggestedPacks(rollups, account, packs, now),
    alerts: alerts(core, account, now),
  };
  const spend24h = burns?.['24h'].coveredMs ? display(burns['24h'].spend) : null;
  return { status, value: valueDisplay, burn: display(burn?.perDay ?? null), spend24h };
}

function windowsOut(burns: Record<BurnWindow, BurnFigure>): NonNullable<AccountStatus['burn']['windows']> {
  const one = (b: BurnFigure) => ({
    perDay: dec(b.perDay),
    spend: fromMicros(b.spend),
    topUps: fromMicros(b.topups),
    coveredHours: Math.round((b.coveredMs / 3_600_000) * 100) / 100,
    reason: b.reason,
  });
  return { '24h': one(burns['24h']), '7d': one(burns['7d']), '30d': one(burns['30d']) };
}

export function packOut(e: PackLedgerEntry, money: MoneyContext): PackStatus {
  const p = e.pack;
  const unusedUsd =
    e.projectedUnused === null
      ? null
      : toUsdMicros(e.projectedUnused, 'credits', {
          ...money,
          creditPricing: { terms: [{ weight: 1, priceUsd: usdPrice(p, money), credits: p.credits }] },
        });
  return {
    id: p.id,
    credits: fromMicros(p.credits),
    remaining: fromMicros(e.remaining),
    expiresAt: isoOrNull(p.expiresAt),
    projectedUnused: dec(e.projectedUnused),
    projectedUnusedUsd: dec(unusedUsd),
    price: fromMicros(p.price),
    currency: p.currency,
    purchasedAt: new Date(p.purchasedAt).toISOString(),
    validity: p.validity,
    endsAt: isoOrNull(e.endsAt),
    endReason: e.endReason,
    extraPerDay: dec(e.extraPerDay),
  };
}

function usdPrice(p: { price: number; currency: Currency }, money: MoneyContext): number {
  return toUsdMicros(p.price, p.currency, money) ?? 0;
}

function totals(figures: Figures[], settings: MoneySettings): StatusReport['totals'] {
  const sum = (pick: (f: Figures) => number | null): string | null => {
    const known = figures.map(pick).filter((x): x is number => x !== null);
    if (known.length === 0) return null;
    return fromMicros(known.reduce((a, b) => a + b, 0));
  };
  return {
    currency: settings.displayCurrency,
    value: sum((f) => f.value),
    burnPerDay: sum((f) => f.burn),
    spend24h: sum((f) => f.spend24h),
    unvalued: figures.filter((f) => f.status.balance !== null && f.value === null).length,
  };
}
