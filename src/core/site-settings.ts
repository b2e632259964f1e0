import type { Core } from './core.ts';
import { readMoneySettings } from './analytics/settings.ts';
import { getProvider } from './providers/registry.ts';
import { resolveQuotaUnits } from './providers/newapi-site.ts';
import type { QuotaUnits } from './providers/newapi-site.ts';
import type { SiteContext } from './providers/site.ts';
import type { ProviderDefinition } from './providers/types.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { SiteSettingsRecord } from './store/site-settings-repo.ts';
import type { HttpClient } from './net/http.ts';
import { DEFAULT_CNY_PER_USD } from '../shared/units.ts';

/**
 * The units self-hosted sites publish about themselves (new-api's GET /api/status), read once
 * a day per base URL and when an account is added, and kept in `site_settings`. Every account
 * on one base URL shares the read. What they say is the truth for that site's quota (how
 * much is a dollar, what its billing endpoints speak) unless the account's own options say
 * otherwise; money is then valued with the cnyPerUsd setting like everything else.
 */

/** A site's settings are read again after a day. */
export const SITE_REFRESH_MS = 24 * 60 * 60_000;
/** A failed read is tried again after an hour (at the next poll after it). */
export const SITE_RETRY_MS = 60 * 60_000;

/** The base URL a site is known by: the account's own or the provider's, without a trailing slash. */
export function siteBaseUrl(account: StoredAccount, def: ProviderDefinition): string {
  return (account.baseUrl ?? def.defaultBaseUrl ?? '').replace(/\/+$/, '');
}

/** What is stored for the account's site; null for providers without published settings or a site never tried. */
export function storedSiteSettings(core: Core, account: StoredAccount): SiteSettingsRecord | null {
  const def = getProvider(account.provider);
  if (!def?.readSite) return null;
  return core.repos.siteSettings.get(def.id, siteBaseUrl(account, def));
}

/** Whether the stored settings are old enough to read again. */
export function siteReadDue(record: SiteSettingsRecord | null, now: number): boolean {
  if (!record) return true;
  const wait = record.error ? SITE_RETRY_MS : SITE_REFRESH_MS;
  return now - record.checkedAt >= wait;
}

const inFlight = new WeakMap<Core['repos'], Map<string, Promise<SiteSettingsRecord>>>();

export interface RefreshSiteOptions {
  /** Read now even when the stored settings are fresh (account add, `accounts site --refresh`). */
  force?: boolean;
  http?: HttpClient;
}

/**
 * Read the account's site settings when they are due (or forced) and store what came back;
 * returns what is stored afterwards, or null for providers that publish none. Never throws
 * for what the site or the network did: a failure is stored with its named reason and the
 * settings last read stay in use. Concurrent calls for one site share one request.
 */
export async function refreshSiteSettings(
  core: Core,
  account: StoredAccount,
  options: RefreshSiteOptions = {},
): Promise<SiteSettingsRecord | null> {
  const def = getProvider(account.provider);
  if (!def?.readSite) return null;
  const baseUrl = siteBaseUrl(account, def);
  const repo = core.repos.siteSettings;
  const stored = repo.get(def.id, baseUrl);
  if (!options.force && !siteReadDue(stored, core.now())) return stored;

  let pending = inFlight.get(core.repos);
  if (!pending) inFlight.set(core.repos, (pending = new Map()));
  const key = `${def.id} ${baseUrl}`;
  const running = pending.get(key);
  if (running) return running;
  const read = def.readSite;
  const job = (async () => {
    const result = await read({ baseUrl, http: options.http ?? core.http, now: core.now }).catch(
      (error: unknown) =>
        ({
          ok: false,
          reason: 'unreachable',
          message: `could not read the site's settings: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
        }) as const,
    );
    const at = core.now();
    return result.ok
      ? repo.saveRead(def.id, baseUrl, at, result.units)
      : repo.saveFailure(def.id, baseUrl, at, result.reason, result.message);
  })();
  pending.set(key, job);
  try {
    return await job;
  } finally {
    pending.delete(key);
  }
}

/** What a poll of this account is told about its site. */
export function siteContext(core: Core, record: SiteSettingsRecord | null): SiteContext {
  return {
    units: record && record.readAt !== null ? record.units : null,
    cnyPerUsd: readMoneySettings(core.repos.settings).cnyPerUsd,
  };
}

/**
 * The units the account's quota is read and valued with, and where each came from; null for
 * accounts whose provider publishes no site settings.
 */
export function quotaUnitsFor(core: Core, account: StoredAccount): QuotaUnits | null {
  const record = storedSiteSettings(core, account);
  if (record === null && !getProvider(account.provider)?.readSite) return null;
  const site = siteContext(core, record);
  return resolveQuotaUnits(account.options, site.units, site.cnyPerUsd);
}

/** Quota per US dollar for valuing this account's quota; undefined = the default (500,000). */
export function quotaPerUnitFor(core: Core, account: StoredAccount): string | undefined {
  if (!getProvider(account.provider)?.readSite) return undefined;
  const record = storedSiteSettings(core, account);
  const units = record && record.readAt !== null ? record.units : null;
  // The CNY rate plays no part in the quota per dollar; the default stands in for it.
  return resolveQuotaUnits(account.options, units, DEFAULT_CNY_PER_USD).quotaPerUnit.value;
}

/** What `accounts site` shows: what the site published, when, and what the account uses. */
export interface SiteSettingsView {
  accountId: string;
  label: string;
  provider: string;
  baseUrl: string;
  /** The last attempt to read the site's settings (ISO); null when never tried. */
  checkedAt: string | null;
  /** The last attempt that worked (ISO); null when none has. */
  readAt: string | null;
  /** What the site said at that read; null when none has worked. */
  published: SiteUnitsView | null;
  /** Why the last attempt failed; null when it worked or none was made. */
  lastError: { reason: string; message: string; at: string } | null;
  /** The units in use for this account, and where each comes from. */
  inUse: QuotaUnits;
}

export type SiteUnitsView = SiteSettingsRecord['units'];

const isoOrNull = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** The view of one account's site settings; null for providers that publish none. */
export function siteSettingsView(core: Core, account: StoredAccount): SiteSettingsView | null {
  const def = getProvider(account.provider);
  if (!def?.readSite) return null;
  const record = core.repos.siteSettings.get(def.id, siteBaseUrl(account, def));
  const site = siteContext(core, record);
  return {
    accountId: account.id,
    label: account.label,
    provider: account.provider,
    baseUrl: siteBaseUrl(account, def),
    checkedAt: isoOrNull(record?.checkedAt),
    readAt: isoOrNull(record?.readAt),
    published: record && record.readAt !== null ? { ...record.units } : null,
    lastError: record?.error ? { ...record.error, at: new Date(record.checkedAt).toISOString() } : null,
    inUse: resolveQuotaUnits(account.options, site.units, site.cnyPerUsd),
  };
}
