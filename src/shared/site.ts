/**
 * The words for a site's own units (new-api, one-api): what a provider reads from a site and
 * what the store keeps of it (see core/providers/site.ts).
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
