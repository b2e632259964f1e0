/**
 * The status report: what `status --json` prints (docs/design.md), what `status:get` and
 * `overview:get` answer over IPC, and what the tray and the alerts read. Declared once, here,
 * so analytics (which computes it) and every reader agree on one shape. Pure types.
 *
 * Every figure the contract names is null when unknown, never 0; the `reason` fields say
 * why. Amounts are exact decimal strings; days and fractions are numbers (derived, rounded
 * for reading).
 */
import type { AlertPhrase } from './alert-phrase.ts';
import type { Amount, Pack } from './domain.ts';
import type { KeyState } from './states.ts';
import type { Currency, Unit } from './units.ts';
import type { AlertKind, AlertQuiet, AlertSeverity } from './alerts.ts';

/** The windows burn is measured over; status reports the first of 7d, 24h, 30d that has a rate. */
export type BurnWindow = '24h' | '7d' | '30d';

export interface StatusReport {
  generatedAt: string;
  accounts: AccountStatus[];
  /**
   * Across accounts with a known money value, in the display currency: only money the user
   * holds, once. Postpaid accounts (credit left of a limit) are left out; accounts that
   * spend from another account's balance are counted once, under that balance.
   */
  totals: {
    currency: Currency;
    value: string | null;
    burnPerDay: string | null;
    spend24h: string | null;
    /** Accounts with a balance whose money value is unknown (credits without a price…). */
    unvalued: number;
    /** Account ids whose health needs attention (critical, warning, stale), most urgent first. */
    attention: string[];
    /** The balance that runs out first from now (a shared balance once, postpaid never); null when none will. */
    nextToRunOut: { id: string; zeroAt: string; cause: RunwayCause } | null;
    /** Postpaid accounts left out of the totals. */
    postpaid: number;
    /** Accounts whose shared balance is counted under another account. */
    sharedCountedOnce: number;
    /**
     * Every account id in the one order of urgency (src/core/analytics/health.ts, compareUrgency):
     * worse health first, then the balance that runs out sooner, then the label. The overview's
     * cards, its table's default order, the sidebar and the tray menu read this order.
     */
    order: string[];
    /**
     * How long the money held lasts at the combined burn: `value` over `burnPerDay` of the
     * polled accounts with a money value (postpaid and a shared balance's second key left out);
     * null when either is unknown or nothing burns.
     */
    runway: { days: number; zeroAt: string } | null;
  };
  /** Pairs of accounts that look like one shared balance: offered, never linked automatically. */
  sharedBalanceSuggestions: SharedBalanceSuggestion[];
}

/**
 * Why a figure is missing, as the window says it in its language: the catalog key
 * `reason.<code>` with these figures. The `reason` string beside it says the same in English
 * (the CLI, scripts). Durations are in ms; `window` is a burn window ("24h").
 */
export interface FigureReason {
  code:
    | 'no_balance'
    | 'no_readings'
    | 'thin_history'
    | 'burn_unknown'
    | 'no_spend'
    | 'not_running_down'
    | 'postpaid'
    | 'needs_days'
    | 'no_upper_bound';
  params?: { window?: string; coveredMs?: number; neededMs?: number; needed?: number; has?: number };
  /** burn_unknown: why the burn is unknown. */
  cause?: FigureReason;
}

/** Two accounts of one provider and base URL that reported the same balance at the same polls for a day. */
export interface SharedBalanceSuggestion {
  /** The account that would spend from the other's balance, and the other. */
  accountId: string;
  sharesBalanceWith: string;
  provider: string;
  /** ISO: the first and last pair of polls that agreed. */
  since: string;
  until: string;
  /** How many pairs of polls (close in time) reported the same balance. */
  matches: number;
  message: string;
}

/** How worrying an account is, worst first: critical, warning, stale, info, ok; paused when not polled on purpose. */
export type HealthLevel = 'ok' | 'info' | 'warning' | 'critical' | 'stale' | 'paused';
/** Every health level, calmest first (what a state-set metric lists). */
export const HEALTH_LEVELS: readonly HealthLevel[] = ['paused', 'ok', 'info', 'stale', 'warning', 'critical'];

/** One thing behind an account's health: an active alert, the key's state, staleness, a pause. */
export interface HealthReason {
  kind: AlertKind | 'key_state' | 'stale' | 'paused' | 'no_reading';
  severity: Exclude<HealthLevel, 'ok'>;
  message: string;
  /** The message as a catalog key and figures, said in the reader's language (src/shared/alert-phrase.ts). */
  phrase?: AlertPhrase;
  /** The instants the phrase speaks of, ISO. */
  times?: Record<string, string>;
  /** Set when the alert behind it is snoozed: listed, but it does not raise the level. */
  snoozedUntil?: string | null;
  /**
   * Set when the alert behind it is held back (snoozed, dismissed, or its kind muted for the
   * account): listed, but it does not raise the level.
   */
  quiet?: AlertQuiet;
}

/** The one health of an account (src/core/analytics/health.ts); every surface reads this. */
export interface Health {
  level: HealthLevel;
  /** Worst first. */
  reasons: HealthReason[];
}

export type RunwayCause = 'spend' | 'pack_expiry';

/** Where an account's figures come from. */
export type FigureSource = 'poll' | 'manual' | 'import';

export interface AccountStatus {
  id: string;
  label: string;
  provider: string;
  /** The newest reading's state; null before the first poll. */
  state: KeyState | null;
  /** When that newest reading was taken (whatever its state); null before the first poll. */
  lastReadingAt: string | null;
  /** The one health: worst of the key state, every active alert and staleness. */
  health: Health;
  /** The reading the figures come from (the newest balance; else the newest answer), ISO. */
  asOf: string | null;
  /** How that reading was made: polled, recorded by hand (or a booked task), or imported. */
  source: FigureSource | null;
  /** Where a poll reads the balance from ("/user/balance"); null when the provider does not say or is kept by hand. */
  balanceEndpoint: string | null;
  /** The figures are older than the staleness rule allows (src/core/analytics/staleness.ts). */
  stale: boolean;
  /**
   * `postpaid`: billed by invoice against a credit limit (Lumenfall); the balance is credit
   * left of the limit, not money held, and stays out of totals and runway.
   */
  billing: 'prepaid' | 'postpaid';
  /** For a postpaid account: the credit left and what this billing cycle has spent. */
  postpaid: PostpaidStatus | null;
  /** The account whose balance this one spends from (a shared balance); null when its own. */
  sharesBalanceWith: string | null;
  /** Whether this account's money figures are in the totals (false: postpaid, or counted under another account). */
  countedInTotals: boolean;
  /** The newest balance any reading carried (a failed poll keeps the last known one). */
  balance: Amount | null;
  balanceAt: string | null;
  /** Null when the unit has no known money value (credits without packs, characters without a price). */
  valueUsd: string | null;
  /** The same value in the display currency. */
  value: { amount: string; currency: Currency } | null;
  burn: {
    perDay: string | null;
    unit: Unit | null;
    window: BurnWindow | null;
    perDayUsd: string | null;
    reason: string | null;
    /** The reason, for the window to say in its language. */
    why: FigureReason | null;
    windows: Record<BurnWindow, BurnWindowFigure> | null;
  };
  runway: {
    days: number | null;
    zeroAt: string | null;
    low: number | null;
    high: number | null;
    reason: string | null;
    rangeReason: string | null;
    /** `reason` and `rangeReason`, for the window to say in its language. */
    why: FigureReason | null;
    rangeWhy: FigureReason | null;
    /** What takes the last of the balance: spend, or a pack expiring with it; null when it never runs out. */
    cause: RunwayCause | null;
    /** Credits (and their money value) that expire unused before the balance reaches zero; null when unknown. */
    expiringBeforeZero: ExpiringBeforeZero | null;
  };
  cap: CapStatusReport | null;
  packs: PackStatus[];
  suggestedPacks: SuggestedPack[];
  alerts: StatusAlert[];
}

export interface ExpiringBeforeZero {
  amount: string;
  unit: Unit;
  valueUsd: string | null;
  value: { amount: string; currency: Currency } | null;
}

export interface PostpaidStatus {
  /** What is left of the credit limit (the provider's figure). */
  creditLeft: Amount;
  /** Start of the billing cycle the spend is counted from (a calendar month, UTC). */
  cycleStart: string;
  /** Spend since the cycle started, in the credit's unit; null when history does not cover it. */
  spendThisCycle: string | null;
}

/** One burn window's figures, so the window can show why a rate is missing. */
export interface BurnWindowFigure {
  perDay: string | null;
  spend: string;
  topUps: string;
  coveredHours: number;
  reason: string | null;
}

export interface CapStatusReport {
  limit: string | null;
  used: string | null;
  remaining: string | null;
  fraction: number | null;
  resetAt: string | null;
  /** Whether the provider reported the cap or the account's `dailyCap` option set it. */
  source: 'provider' | 'option';
  unit: Unit;
  windowStart: string | null;
  projectedHitAt: string | null;
  projectedAtReset: string | null;
  reached: boolean;
  reason: string | null;
  /**
   * Where `resetAt` comes from: the provider said; the account's cap reset time and zone;
   * or assumed (midnight UTC, nobody said). null when there is no reset time.
   */
  resetSource: 'provider' | 'account' | 'assumed' | null;
  /** The IANA time zone the reset time of day is kept in (provider-given resets: null). */
  resetTimeZone: string | null;
  /** When the provider refused a request for the daily cap (429); null when not refused this window. */
  reachedAt: string | null;
}

/** How a pack ends at the current burn; null when it never does or the burn is unknown. */
export type PackEndReason = 'used_up' | 'expires' | 'expired' | null;

export interface PackStatus {
  id: string;
  credits: string;
  remaining: string | null;
  expiresAt: string | null;
  projectedUnused: string | null;
  projectedUnusedUsd: string | null;
  price: string;
  currency: Currency;
  purchasedAt: string;
  validity: string;
  /** When the pack is used up or expires at the current burn; null if never or unknown. */
  endsAt: string | null;
  endReason: PackEndReason;
  /** Extra spend per day that would use it all before it expires. */
  extraPerDay: string | null;
}

/** A pack with its ledger figures (what remains, what will expire unused and its value). */
export type PackView = Pack & PackStatus & { expired: boolean };

/** A top-up seen in the balance that no recorded pack accounts for: offered, never auto-added. */
export interface SuggestedPack {
  accountId: string;
  /** When the balance showed the increase (ISO). */
  at: string;
  /** How much the balance went up (decimal string in `unit`). */
  amount: string;
  unit: Unit;
  /** Catalog packs of about that size, one entry per validity on offer. */
  choices: Array<{ name: string; credits: string; validity: string; price: string; currency: Currency }>;
}

/** One entry of an account's `alerts`: an alert whose episode is still on (the contract's three fields). */
export interface StatusAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  /** Rendered relative to the report's `generatedAt` from the alert's stored instants. */
  message: string;
  /** The instants the message speaks of (resetAt, expiresAt, zeroAt…), ISO; empty for older alerts. */
  times?: Record<string, string>;
  /** The message as a catalog key and figures (see AlertEvent.phrase). */
  phrase?: AlertPhrase;
  /** Set while the alert is snoozed. */
  snoozedUntil?: string | null;
  /** What holds it back (snoozed, dismissed, muted) and until when; absent when nothing does. */
  quiet?: AlertQuiet;
}
