import type { ProviderInfo } from '../../shared/domain.ts';
import { optionSpecs } from '../providers/options.ts';
import { PROVIDERS } from '../providers/registry.ts';
import { toProviderInfo } from '../providers/types.ts';
import type { ProviderDefinition } from '../providers/types.ts';

/** A provider as the settings form needs it: its own options plus the ones every account has (daily cap…). */
export function providerInfo(def: ProviderDefinition): ProviderInfo {
  return { ...toProviderInfo(def), options: optionSpecs(def).map((o) => ({ ...o })) };
}

export function providerInfos(): ProviderInfo[] {
  return PROVIDERS.map(providerInfo);
}
