import type { HttpClient } from '../net/http.ts';

/**
 * Some providers are software a site runs for itself (new-api, one-api), and each site sets
 * its own units: how much quota is a dollar, and in what unit its billing endpoints speak. Such
 * a site publishes those settings on an unauthenticated endpoint; a provider that can read them
 * has `readSite`, and core reads them once a day per base URL and on account add.
 */

/** How a site shows amounts (new-api's `quota_display_type`). */
export const SITE_DISPLAY_TYPES = ['USD', 'CNY', 'TOKENS', 'CUSTOM'] as const;
export type SiteDisplayType = (typeof SITE_DISPLAY_TYPES)[number];

/** What a site said about its units; null where it said nothing usable. */
export interface SiteUnits {
  /** Quota per US dollar (decimal string). */
  quotaPerUnit: string | null;
  displayType: SiteDisplayType | null;
  /** The site's own CNY per USD, used by its CNY display (decimal string). */
  usdExchangeRate: string | null;
}

/** Why a site's settings could not be read, by name. */
export const SITE_READ_FAILURES = ['unreachable', 'http_status', 'not_json', 'refused', 'malformed'] as const;
export type SiteReadFailure = (typeof SITE_READ_FAILURES)[number];

export type SiteRead = { ok: true; units: SiteUnits } | { ok: false; reason: SiteReadFailure; message: string };

/** A site read never carries a key: the endpoint is public, and nothing secret goes to it. */
export interface SiteRequest {
  baseUrl: string;
  http: HttpClient;
  now: () => number;
}

/** What a poll is told about the account's site: the settings last read, and the user's CNY rate. */
export interface SiteContext {
  /** The site's settings as last read (null when never read successfully). */
  units: SiteUnits | null;
  /** The `cnyPerUsd` setting: the one CNY rate Burnrate is configured with. */
  cnyPerUsd: string;
}
