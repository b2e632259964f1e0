import type { AccountOptions, Capability, OptionSpec, ProviderInfo } from '../../shared/domain.ts';
import type { Unit } from '../../shared/units.ts';
import type { ProviderAdapter } from './adapter.ts';
import type { SiteRead, SiteRequest } from './site.ts';

/**
 * What the registry knows about a provider: enough to list it, validate an account's
 * options and render its settings form. The polling side (adapters) builds on this.
 */
export interface ProviderDefinition {
  id: string;
  name: string;
  /** The unit its main balance is reported in. */
  unit: Unit;
  capabilities: Capability[];
  /** Used when the account has no base URL of its own; null when the user must give one. */
  defaultBaseUrl: string | null;
  keyRequired: boolean;
  /** What kind of key to paste, shown next to the key field. */
  keyHint: string;
  options: OptionSpec[];
  docsUrl: string | null;
  /**
   * The path the balance is read from ("/user/balance"), for provenance ("from
   * /user/balance · 3 min ago"); a function when it depends on the account's options.
   * Absent for manual providers.
   */
  balanceEndpoint?: string | ((options: AccountOptions) => string);
  /**
   * Reads the balance/key endpoints. Absent only for manual providers (no balance
   * endpoint: the user records the balance), which the poller skips.
   */
  poll?: ProviderAdapter['poll'];
  /**
   * For software a site runs for itself (new-api): read the units the site publishes on its
   * public endpoint, with no key. Core calls it once a day per base URL and on account add,
   * stores the result, and hands it to `poll` as `ctx.site` (see site.ts).
   */
  readSite?(req: SiteRequest): Promise<SiteRead>;
  /**
   * Checks that span several options or go beyond their type (a path that must stay under
   * the base URL, an option that needs another). Returns a one-line problem, or null.
   */
  checkOptions?(options: AccountOptions): string | null;
  /**
   * What a stored key is bound to besides the origin, for providers whose requests the
   * account shapes (a path, the header and scheme that carry the key, what is read back).
   * When it changes, the key is dropped, as it is when the base URL moves to another origin.
   */
  keyBinding?(baseUrl: string | null, options: AccountOptions): string;
}

export function toProviderInfo(def: ProviderDefinition): ProviderInfo {
  return {
    id: def.id,
    name: def.name,
    unit: def.unit,
    capabilities: [...def.capabilities],
    defaultBaseUrl: def.defaultBaseUrl,
    keyRequired: def.keyRequired,
    keyHint: def.keyHint,
    options: def.options.map((o) => ({ ...o })),
    docsUrl: def.docsUrl,
    balanceEndpoint: typeof def.balanceEndpoint === 'string' ? def.balanceEndpoint : null,
  };
}

/** Where an account's balance is read from, or null (a manual provider, or one that does not say). */
export function balanceEndpointOf(def: ProviderDefinition | undefined, options: AccountOptions): string | null {
  if (!def?.balanceEndpoint) return null;
  return typeof def.balanceEndpoint === 'string' ? def.balanceEndpoint : def.balanceEndpoint(options);
}
