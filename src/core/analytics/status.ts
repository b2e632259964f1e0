// Over 400 lines: accountFigures assembles one account's status from every analytic in one pass (one truth per figure); its pieces share that pass's context.
import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { BalanceAt, ReadingRecord } from '../store/readings-repo.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import { unitCode } from '../store/codes.ts';
import type { Currency, Unit } from '../../shared/units.ts';
import type {
  AccountStatus,
  BurnWindow,
  ExpiringBeforeZero,
  FigureReason,
  FigureSource,
  PackStatus,
  PostpaidStatus,
  StatusReport,
} from '../../shared/status.ts';
import { fromMicros } from '../../shared/decimal.ts';
import { getProvider } from '../providers/registry.ts';
import { balanceEndpointOf } from '../providers/types.ts';
import { isSuccessful } from '../alerts/input.ts';
import { KEY_STATES } from '../../shared/states.ts';
import { freshen } from './context.ts';
import { runSteps, runStepsYielding } from '../steps.ts';
import type { Steps } from '../steps.ts';
import type { BurnFigure } from './burn.ts';
import { allBurns, pickBurn, recentDailyRates } from './burn.ts';
import { computeRunway } from './runway.ts';
import type { Runway } from './runway.ts';
import { livePacksAt, packLedger } from './pack-ledger.ts';
import type { PackLedgerEntry } from './pack-ledger.ts';
import { capStatus } from './caps.ts';
import { creditPricing, toDisplayMicros, toUsdMicros } from './money.ts';
import type { MoneyContext } from './money.ts';
import { readMoneySettings } from './settings.ts';
import type { MoneySettings } from './settings.ts';
import { suggestedPacks } from './suggestions.ts';
import type { StatusAlertSource } from './status-alerts.ts';
import { activeAlerts } from './status-alerts.ts';
import { computeHealth } from './health.ts';
import { countOnce, totals } from './status-totals.ts';
import { isPolled, isStale } from './staleness.ts';
import { balanceHolders, sharedBalanceSuggestions } from './shared-balance.ts';
import { spendBetween } from './spend.ts';
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
  return runSteps(statusSteps(core, options));
}

/** The same status, giving the event loop back between accounts (main's replies to the window). */
export function computeStatusYielding(core: Core, options: ComputeStatusOptions = {}): Promise<StatusReport> {
  return runStepsYielding(statusSteps(core, options));
}

/** The status in steps: one per account, then the suggestions across accounts. */
export function* statusSteps(core: Core, options: ComputeStatusOptions = {}): Steps<StatusReport> {
  freshen(core);
  const now = options.now ?? core.now();
  const settings = readMoneySettings(core.repos.settings);
  const everyone = core.repos.accounts.list();
  const wanted = options.accountIds ? new Set(options.accountIds) : null;
  const accounts = everyone.filter((a) => !wanted || wanted.has(a.id));
  const holders = balanceHolders(everyone);
  const packsOf = new Map<number, PackRecord[]>();
  const packs = (pk: number) => {
    if (!packsOf.has(pk)) packsOf.set(pk, core.repos.packs.forAccount(pk));
    return packsOf.get(pk)!;
  };
  // A shared balance's packs are one ledger, whichever key's account they were recorded on.
  const groupPacks = (a: StoredAccount) => {
    const holder = holders.get(a.pk)!;
    return everyone.filter((b) => holders.get(b.pk) === holder).flatMap((b) => packs(b.pk));
  };
  const figures: Figures[] = [];
  for (const a of accounts) {
    figures.push(accountFigures(core, a, now, settings, options.alerts ?? activeAlerts, packs(a.pk), groupPacks(a)));
    yield;
  }
  countOnce(figures, holders);
  // Offered only in the full report (the alert engine asks for one account at a time).
  const suggestions = wanted ? [] : sharedBalanceSuggestions(core, everyone, now);
  return {
    generatedAt: new Date(now).toISOString(),
    accounts: figures.map((f) => f.status),
    totals: totals(figures, settings, now),
    sharedBalanceSuggestions: suggestions,
  };
}

/** An account's money figures in the display currency, for the totals. */
export interface Figures {
  account: StoredAccount;
  status: AccountStatus;
  value: number | null;
  burn: number | null;
  spend24h: number | null;
  balanceAt: number | null;
}

function accountFigures(
  core: Core,
  account: StoredAccount,
  now: number,
  settings: MoneySettings,
  alerts: StatusAlertSource,
  ownPacks: readonly PackRecord[],
  sharedPacks: readonly PackRecord[],
): Figures {
  const { readings } = core.repos;
  const rollups = readings.rollups;
  const latest = readings.latestAt(account.pk, now);
  const bal: BalanceAt | null = readings.latestBalanceAt(account.pk, now);
  const unit = bal?.unit ?? null;
  const code = unit === null ? null : unitCode(unit);
  const postpaid = account.billing === 'postpaid';

  const burns = code === null ? null : allBurns(rollups, account.pk, code, now);
  const burn = burns ? pickBurn(burns) : null;
  const burnReason = burns && !burn ? burns['24h'].reason : unit === null ? 'no balance reading yet' : null;
  const burnWhy: FigureReason | null =
    burns && !burn ? burns['24h'].why : unit === null ? { code: 'no_balance' } : null;

  const ledger =
    code === null
      ? []
      : packLedger(
          rollups,
          account.pk,
          code,
          sharedPacks,
          now,
          burn?.perDay ?? null,
          bal ? { balance: bal.balance, at: bal.ts } : null,
        );
  const drawn = bal ? livePacksAt(ledger, Math.min(bal.ts, now)) : [];
  const runway: Runway = postpaid
    ? postpaidRunway()
    : computeRunway({
        balance: bal?.balance ?? null,
        balanceAt: bal?.ts ?? null,
        perDay: burn?.perDay ?? null,
        burnReason,
        burnWhy,
        dailyRates: code === null ? [] : recentDailyRates(rollups, account.pk, code, now),
        packs: drawn.map(({ remaining, expiresAt }) => ({ remaining, expiresAt })),
        now,
      });

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
    providerUnit: getProvider(account.provider)?.unit ?? null,
  });

  const asOf = figuresAsOf(core, account, bal, latest, now);
  // Stale is about hearing from the provider: a 402 or a 429 is a fresh answer, a timeout is not.
  const answeredAt = lastAnswerAt(core, account, bal, latest, now);
  const stale = isStale(account, answeredAt, now);
  const activeNow = alerts(core, account, now);
  const own = new Set(ownPacks.map((p) => p.id));

  const status: AccountStatus = {
    id: account.id,
    label: account.label,
    provider: account.provider,
    state: latest?.state ?? null,
    lastReadingAt: isoOrNull(latest?.ts),
    health: computeHealth({
      enabled: account.enabled,
      polled: Boolean(getProvider(account.provider)?.poll),
      state: latest?.state ?? null,
      alerts: activeNow,
      stale,
      asOf: answeredAt,
      now,
    }),
    asOf: isoOrNull(asOf),
    source: sourceOf(core, account, bal, latest, asOf),
    balanceEndpoint: balanceEndpointOf(getProvider(account.provider), account.options),
    stale,
    billing: postpaid ? 'postpaid' : 'prepaid',
    postpaid: postpaid && bal && code !== null ? postpaidStatus(core, account, bal, code, now) : null,
    sharesBalanceWith: account.sharesBalanceWith,
    countedInTotals: !postpaid,
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
      why: burn ? null : burnWhy,
      windows: burns ? windowsOut(burns) : null,
    },
    runway: {
      days: round(runway.days, 2),
      zeroAt: isoOrNull(runway.zeroAt),
      low: round(runway.low, 2),
      high: round(runway.high, 2),
      reason: runway.reason,
      rangeReason: runway.rangeReason,
      why: runway.why,
      rangeWhy: runway.rangeWhy,
      cause: runway.cause,
      expiringBeforeZero: expiringOut(runway, drawn, unit, money),
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
      resetSource: cap.resetSource,
      resetTimeZone: cap.resetTimeZone,
      reachedAt: isoOrNull(cap.reachedAt),
    },
    // Each account lists the packs recorded on it (a shared balance draws them all, in one ledger).
    packs: ledger.filter((e) => own.has(e.pack.id) && !e.expired && e.remaining > 0).map((e) => packOut(e, money)),
    suggestedPacks: suggestedPacks(rollups, account, sharedPacks, now),
    alerts: activeNow,
  };
  const spend24h = burns?.['24h'].coveredMs ? display(burns['24h'].spend) : null;
  return {
    account,
    status,
    value: valueDisplay,
    burn: display(burn?.perDay ?? null),
    spend24h,
    balanceAt: bal?.ts ?? null,
  };
}

/** A postpaid account's credit does not run out on a schedule the way money held does: no runway. */
function postpaidRunway(): Runway {
  return {
    days: null,
    zeroAt: null,
    cause: null,
    low: null,
    high: null,
    expiringBeforeZero: null,
    lostByPack: [],
    reason: 'postpaid account: billed by invoice against a credit limit, so there is no prepaid balance to run out',
    rangeReason: null,
    why: { code: 'postpaid' },
    rangeWhy: null,
  };
}

/**
 * The billing cycle Lumenfall invoices monthly; taken as the calendar month in UTC (the
 * provider does not report its cycle). Spend excludes the credit coming back after an invoice.
 */
function postpaidStatus(core: Core, account: StoredAccount, bal: BalanceAt, code: number, now: number): PostpaidStatus {
  const d = new Date(now);
  const cycleStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const spent = spendBetween(core.repos.readings.rollups, account.pk, code, cycleStart, now);
  return {
    creditLeft: { amount: fromMicros(bal.balance), unit: bal.unit },
    cycleStart: new Date(cycleStart).toISOString(),
    spendThisCycle: spent.coveredMs > 0 ? fromMicros(spent.spend) : null,
  };
}

const ANSWERED = KEY_STATES.filter(isSuccessful);

/**
 * The reading the figures come from: the newest balance; for an account that never had one,
 * the newest reading in which the provider answered about it.
 */
function figuresAsOf(
  core: Core,
  account: StoredAccount,
  bal: BalanceAt | null,
  latest: ReadingRecord | null,
  now: number,
): number | null {
  if (bal) return bal.ts;
  return lastAnswerAt(core, account, bal, latest, now);
}

/** The newest reading in which the provider answered about the account (a balance, or a definite refusal). */
function lastAnswerAt(
  core: Core,
  account: StoredAccount,
  bal: BalanceAt | null,
  latest: ReadingRecord | null,
  now: number,
): number | null {
  if (!latest) return bal?.ts ?? null;
  if (isSuccessful(latest.state)) return latest.ts;
  // Only failures lately: the newest answer, if any, is further back.
  const known = [core.repos.readings.latestInStatesAt(account.pk, now, ANSWERED), bal?.ts ?? null].filter(
    (t): t is number => t !== null,
  );
  return known.length > 0 ? Math.max(...known) : null;
}

function sourceOf(
  core: Core,
  account: StoredAccount,
  bal: BalanceAt | null,
  latest: ReadingRecord | null,
  asOf: number | null,
): FigureSource | null {
  if (asOf === null) return null;
  if (bal?.source) return bal.source;
  const reading =
    latest && latest.ts === asOf ? latest : (core.repos.readings.range(account.pk, asOf, asOf + 1)[0] ?? null);
  if (reading) return reading.source ?? 'poll';
  // Pruned by retention (only its hour rollup is left): a manual provider's readings are all by hand.
  return isPolled({ ...account, enabled: true }) ? 'poll' : 'manual';
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

/** What expires unused before zero, with its value at each pack's own price. */
function expiringOut(
  runway: Runway,
  drawn: ReturnType<typeof livePacksAt>,
  unit: Unit | null,
  money: MoneyContext,
): ExpiringBeforeZero | null {
  if (runway.expiringBeforeZero === null || unit === null) return null;
  let usd: number | null = 0;
  runway.lostByPack.forEach((lost, k) => {
    const pack = drawn[k]?.entry.pack;
    if (!pack || lost <= 0 || usd === null) return;
    const v = toUsdMicros(lost, 'credits', {
      ...money,
      creditPricing: { terms: [{ weight: 1, priceUsd: usdPrice(pack, money), credits: pack.credits }] },
    });
    usd = v === null ? null : usd + v;
  });
  const lostUsd: number | null = runway.expiringBeforeZero === 0 ? 0 : usd;
  const display =
    lostUsd === null
      ? null
      : money.settings.displayCurrency === 'USD'
        ? lostUsd
        : toDisplayMicros(lostUsd, 'USD', money);
  return {
    amount: fromMicros(runway.expiringBeforeZero),
    unit,
    valueUsd: dec(lostUsd),
    value: display === null ? null : { amount: fromMicros(display), currency: money.settings.displayCurrency },
  };
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
