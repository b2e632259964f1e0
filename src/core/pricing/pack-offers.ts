import { z } from 'zod';
import type { PackOffer } from '../../shared/pricing.ts';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { resolveAccount } from '../analytics/context.ts';
import { staticCatalog } from '../providers/catalogs.ts';
import type { CatalogPack } from '../providers/catalogs.ts';
import { fetchPackages } from '../providers/cheapai.ts';
import { scrubSecrets } from '../secrets/scrub.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { providerCall } from './ask.ts';
import type { NetworkUse } from './catalog.ts';
import { LIVE_MAX_AGE_MS } from './catalog.ts';

/**
 * The packs a provider sells, for `packs catalog` and the pack form's prefill. CheapAI
 * publishes its list at GET /v1/packages (seed 000: the dashboard's pack selector), read
 * through the person's CheapAI account and kept with the day it was read; whenever that
 * list cannot be had, the seed's table stands in and the reason is given.
 */

/** Providers with a live pack list. */
const LIVE_PACKS = new Set(['cheapai']);

const cachedPacksSchema = z.array(
  z.object({
    provider: z.string(),
    name: z.string(),
    credits: z.string(),
    unit: z.enum(['USD', 'CNY', 'credits', 'quota', 'characters']),
    prices: z.array(
      z.object({
        validity: z.enum(['30d', '90d', 'lifetime']),
        price: z.string(),
        currency: z.enum(['USD', 'CNY']),
      }),
    ),
  }),
);

export interface PackOffersOptions {
  provider?: string;
  /** The account to read a live list through (id or label); default the provider's first. */
  account?: string;
  network?: NetworkUse;
}

export async function packOffers(core: Core, options: PackOffersOptions = {}): Promise<PackOffer[]> {
  const account = options.account ? resolveAccount(core, options.account) : null;
  const providers = account
    ? [account.provider]
    : options.provider
      ? [options.provider]
      : [...new Set([...LIVE_PACKS, 'cheapa'])];
  const out: PackOffer[] = [];
  for (const provider of providers) {
    if (account && options.provider && account.provider !== options.provider)
      throw new UserError(
        'validation',
        `account ${account.label} is a ${account.provider} account, not ${options.provider}`,
      );
    out.push(...(await offersFor(core, provider, account, options.network ?? 'auto')));
  }
  return out;
}

/** From the cache or the seed table only (no network): for `packs add --pack`. */
export function packOffersOffline(core: Core, account: StoredAccount): PackOffer[] {
  if (!LIVE_PACKS.has(account.provider)) return staticOffers(account.provider, null);
  const cached = readCache(core, account);
  return cached
    ? cached.packs.map((p) => offer(p, 'cached', cached.fetchedAt, null))
    : staticOffers(account.provider, 'the live list has not been read yet');
}

async function offersFor(
  core: Core,
  provider: string,
  given: StoredAccount | null,
  network: NetworkUse,
): Promise<PackOffer[]> {
  if (!LIVE_PACKS.has(provider)) return staticOffers(provider, null);
  const account =
    given ?? core.repos.accounts.list().find((a) => a.provider === provider && a.keyUpdatedAt !== null) ?? null;
  if (!account) return staticOffers(provider, `no ${provider} account with a key to read the live list through`);
  const cached = readCache(core, account);
  if (network === 'never' || (network === 'auto' && cached && core.now() - cached.fetchedAt < LIVE_MAX_AGE_MS)) {
    return cached
      ? cached.packs.map((p) => offer(p, 'cached', cached.fetchedAt, null))
      : staticOffers(provider, 'the live list has not been read yet');
  }
  let reason: string;
  try {
    const call = await providerCall(core, account, { withKey: true });
    const read = await fetchPackages({ baseUrl: call.baseUrl, key: call.key, http: call.http });
    if (read.source === 'live') {
      const at = core.now();
      core.repos.prices.cachePut(account.pk, 'packages', at, JSON.stringify(read.packs));
      return read.packs.map((p) => offer(p, 'live', at, null));
    }
    reason = scrubSecrets(read.reason ?? 'the live list was not understood', [call.key]);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    reason = error.message;
  }
  if (cached) return cached.packs.map((p) => offer(p, 'cached', cached.fetchedAt, reason));
  return staticOffers(provider, reason);
}

function readCache(core: Core, account: StoredAccount): { packs: CatalogPack[]; fetchedAt: number } | null {
  const row = core.repos.prices.cacheGet(account.pk, 'packages');
  if (!row) return null;
  try {
    const parsed = cachedPacksSchema.safeParse(JSON.parse(row.body));
    return parsed.success && parsed.data.length > 0 ? { packs: parsed.data, fetchedAt: row.fetchedAt } : null;
  } catch {
    return null;
  }
}

function staticOffers(provider: string, reason: string | null): PackOffer[] {
  return staticCatalog(provider).map((p) => offer(p, 'static', null, reason));
}

function offer(p: CatalogPack, source: PackOffer['source'], at: number | null, reason: string | null): PackOffer {
  return {
    provider: p.provider,
    name: p.name,
    credits: p.credits,
    unit: p.unit,
    prices: p.prices.map((x) => ({ ...x })),
    source,
    fetchedAt: at === null ? null : new Date(at).toISOString(),
    reason,
  };
}
