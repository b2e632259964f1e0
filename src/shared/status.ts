/**
 * The status report: what `status --json` prints (docs/design.md), what `status:get` and
 * `overview:get` answer over IPC, and what the tray and the alerts read. Declared once, here,
 * so analytics (which computes it) and every reader agree on one shape. Pure types.
 *
 * Every figure the contract names is null when unknown, never 0; the `reason` fields say
 * why. Amounts are exact decimal strings; days and fractions are numbers (derived, rounded
 * for reading).
 */
import type { Amount, Pack } from './domain.ts';
import type { KeyState } from './states.ts';
import type { Currency, Unit } from './units.ts';
import type { AlertKind, AlertSeverity } from './alerts.ts';

/** The windows burn is measured over; status reports the first of 7d, 24h, 30d that has a rate. */
export type BurnWindow = '24h' | '7d' | '30d';

export interface StatusReport {
  generatedAt: string;
  accounts: AccountStatus[];
  /** Across accounts with a known money value, in the display currency. */
  totals: {
    currency: Currency;
    value: string | null;
    burnPerDay: string | null;
    spend24h: string | null;
    /** Accounts with a balance whose money value is unknown (credits without a price…). */
    unvalued: number;
  };
}

export interface AccountStatus {
  id: string;
  label: string;
  provider: string;
  /** The newest reading's state; null before the first poll. */
  state: KeyState | null;
  /** When that newest reading was taken (whatever its state); null before the first poll. */
  lastReadingAt: string | null;
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
    windows: Record<BurnWindow, BurnWindowFigure> | null;
  };
  runway: {
    days: number | null;
    zeroAt: string | null;
    low: number | null;
    high: number | null;
    reason: string | null;
    rangeReason: string | null;
  };
  cap: CapStatusReport | null;
  packs: PackStatus[];
  suggestedPacks: SuggestedPack[];
  alerts: StatusAlert[];
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
  message: string;
}
