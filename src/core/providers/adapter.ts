import type { KeyState } from '../../shared/states.ts';
import type { Unit } from '../../shared/units.ts';
import type { AccountOptions } from '../../shared/domain.ts';
import type { HttpClient } from '../net/http.ts';
import type { SiteContext } from './site.ts';

/**
 * What an adapter learned from one poll, in engine terms (integer micros, unix ms).
 * The poller adds the account and the time and stores it as a reading.
 */
export interface PollOutcome {
  state: KeyState;
  balance: { micros: number; unit: Unit } | null;
  httpStatus: number | null;
  /** Seconds to wait before asking again (Retry-After), when the provider said. */
  retryAfterSeconds: number | null;
  /** Short, key-free, human text: the provider's error or a note on what was read. */
  message: string | null;
  cap: {
    unit: Unit;
    limit: number | null;
    used: number | null;
    remaining: number | null;
    resetAt: number | null;
  } | null;
  keyExpiresAt: number | null;
  /**
   * How the provider bills the account, when it says (Lumenfall `billing_type`): a
   * postpaid account's balance is credit left of a limit, not money held. Stored on the account.
   */
  billing?: 'prepaid' | 'postpaid';
}

export interface PollContext {
  /** Base URL with no trailing slash: the account's own, or the provider's default. */
  baseUrl: string;
  /** The key from the keychain (null for accounts without one). Only for request headers. */
  key: string | null;
  options: AccountOptions;
  http: HttpClient;
  now: () => number;
  /** For providers with `readSite`: the site's published units as last read (see site.ts). */
  site?: SiteContext | undefined;
}

/** A provider's polling side. One per provider file, registered with its definition. */
export interface ProviderAdapter {
  poll(ctx: PollContext): Promise<PollOutcome>;
}

export function outcome(partial: Partial<PollOutcome> & Pick<PollOutcome, 'state'>): PollOutcome {
  return {
    balance: null,
    httpStatus: null,
    retryAfterSeconds: null,
    message: null,
    cap: null,
    keyExpiresAt: null,
    ...partial,
  };
}
