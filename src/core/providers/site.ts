import type { HttpClient } from '../net/http.ts';
import type { SiteReadFailure, SiteUnits } from '../../shared/site.ts';

/**
 * Some providers are software a site runs for itself (new-api, one-api), and each site sets
 * its own units: how much quota is a dollar, and in what unit its billing endpoints speak. Such
 * a site publishes those settings on an unauthenticated endpoint; a provider that can read them
 * has `readSite`, and core reads them once a day per base URL and on account add.
 */

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
