import type { PriceSetInput } from '../../shared/ipc.ts';
import type { BuysAccount, EstimateReport, PackOffer } from '../../shared/pricing.ts';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { computeBuys } from '../pricing/buys.ts';
import { estimate } from '../pricing/estimate.ts';
import { removePriceById, setPrice } from '../pricing/overrides.ts';
import { packOffers } from '../pricing/pack-offers.ts';

/**
 * The account view's pricing panels, by account id only (the window never names an
 * account by label, so a label cannot reach another account).
 */

export async function accountBuys(core: Core, accountId: string): Promise<BuysAccount> {
  const account = core.accounts.require(accountId);
  const [buys] = await computeBuys(core, { accounts: [account.id] });
  return buys!;
}

export function accountEstimate(
  core: Core,
  input: { accountId: string; model: string; params?: Record<string, string> | undefined; count?: number | undefined },
): Promise<EstimateReport> {
  const account = core.accounts.require(input.accountId);
  return estimate(core, {
    account: account.id,
    model: input.model,
    ...(input.params ? { params: input.params } : {}),
    ...(input.count ? { count: input.count } : {}),
  });
}

export function accountSetPrice(core: Core, input: PriceSetInput): { id: number } {
  const account = core.accounts.require(input.accountId);
  const saved = setPrice(core, {
    provider: account.provider,
    account: input.forProvider ? null : account.id,
    model: input.model,
    params: input.params ?? {},
    rule: input.rule,
    unit: input.unit,
    note: input.note ?? null,
  });
  return { id: saved.id };
}

export function removeOwnPrice(core: Core, id: number): { removed: true } {
  if (!removePriceById(core, id)) throw new UserError('not_found', 'that price is no longer there');
  return { removed: true };
}

export function accountPackOffers(core: Core, accountId: string): Promise<PackOffer[]> {
  const account = core.accounts.require(accountId);
  return packOffers(core, { account: account.id });
}
