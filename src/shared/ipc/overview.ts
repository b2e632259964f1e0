/** `status:get`, `overview:get`, `account:detail`: the window's overview and an account's page. */
import { z } from 'zod';
import type { Account, Amount, ProviderInfo } from '../domain.ts';
import type { KeyState } from '../states.ts';
import type { AccountStatus, PackView, StatusReport } from '../status.ts';
import type { BuysModel } from '../pricing.ts';
import type { InvokeChannel } from '../channels.ts';
import { accountRefSchema } from './fields.ts';

export const overviewChannels = {
  'status:get': z.undefined(),
  'overview:get': z.undefined(),
  'account:detail': accountRefSchema,
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

/** What a card needs beyond the status: all figures computed in core, exact strings. */
export interface OverviewCard {
  accountId: string;
  /** Spend over the last 24 h in the account's unit (top-ups excluded). */
  spend24h: Amount | null;
  /** The newest reading of any kind (failed polls included). */
  lastReadingAt: string | null;
  lastState: KeyState | null;
  lastMessage: string | null;
  /** No reading for well over the account's poll interval. */
  stale: boolean;
  /** The last 7 days of balance, downsampled for a sparkline (floats: drawing only). */
  sparkline: { t: number[]; v: number[] };
  /** What the balance buys of the account's first priced model, in words ("≈ 162 gpt-image-2 calls"). */
  buys: { text: string; model: BuysModel } | null;
  /**
   * Set when the newest poll failed or the balance is gone: the card is drawn compact and says
   * what to do, with the action one click away (src/core/window/overview.ts, cardAction).
   */
  action: CardAction | null;
}

/**
 * What a failed account needs, decided in core from its key state and health:
 * - `replace_key`: the key was rejected or has expired;
 * - `top_up`: out of balance (`billing`: the provider has a billing page to open);
 * - `retry`: the provider could not be read (rate limit, error, network, timeout, an unreadable
 *   reply) — `at` is when it is tried again (the poller's schedule, or the provider's
 *   Retry-After), null when unknown;
 * - `cap_reset`: today's cap is reached — `at` is when it resets and `source` who says so.
 */
export type CardAction =
  | { kind: 'replace_key'; state: KeyState | null }
  | { kind: 'top_up'; billing: boolean }
  | { kind: 'retry'; state: KeyState; at: string | null }
  | { kind: 'cap_reset'; at: string | null; source: 'provider' | 'account' | 'assumed' | null };

export interface OverviewReport {
  status: StatusReport;
  cards: OverviewCard[];
  /** Set when every account's latest poll failed for network reasons. */
  offline: { since: string } | null;
}

export interface AccountDetail {
  account: Account;
  provider: ProviderInfo | null;
  status: AccountStatus | null;
  card: OverviewCard | null;
  packs: PackView[];
  readingsCount: number;
  firstReadingAt: string | null;
}

export interface OverviewResponses {
  'status:get': StatusReport;
  'overview:get': OverviewReport;
  'account:detail': AccountDetail;
}
