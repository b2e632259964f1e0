import { getProvider } from '../providers/registry.ts';

/**
 * Whether an account's balance is a quota that the provider refills each period (ElevenLabs
 * characters): its increases are resets, never top-ups. Unknown providers (an imported
 * account whose provider this build lacks) are treated as wallets.
 */
export function providerQuotaResets(providerId: string): boolean {
  return getProvider(providerId)?.capabilities.includes('resets') ?? false;
}
