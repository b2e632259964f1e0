import type { ProviderInfo } from '../../shared/domain.ts';
import { optionSpecs } from '../providers/options.ts';
import { PROVIDERS } from '../providers/registry.ts';
import { toProviderInfo } from '../providers/types.ts';
import { billingPageFor } from '../external-links.ts';
import type { ProviderDefinition } from '../providers/types.ts';

/**
 * A provider as the window needs it: its own options plus the ones every account has (daily
 * cap…), and whether it has a billing page to top up on (external-links.ts).
 */
export function providerInfo(def: ProviderDefinition): ProviderInfo {
  return {
    ...toProviderInfo(def),
    options: optionSpecs(def).map((o) => ({ ...o })),
    billingUrl: billingPageFor(def.id),
  };
}

export function providerInfos(): ProviderInfo[] {
  return PROVIDERS.map(providerInfo);
}
