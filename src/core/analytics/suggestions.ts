import type { SuggestedPack } from '../../shared/status.ts';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { RollupsRepo } from '../store/rollups-repo.ts';
import { EVENT_TOPUP } from '../store/rollup-accumulator.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import { unitFromCode } from '../store/codes.ts';
import { staticCatalog } from '../providers/catalogs.ts';
import { getProvider } from '../providers/registry.ts';
import { DAY_MS, HOUR_MS } from '../store/segments.ts';

export type { SuggestedPack } from '../../shared/status.ts';

/** How far back top-ups are offered as packs. */
const LOOKBACK = 90 * DAY_MS;
/** A recorded pack bought this close to a top-up is taken to be that top-up. */
const MATCH_WINDOW = 36 * HOUR_MS;
/** Usage between two polls makes the seen increase a little smaller than the pack. */
const SIZE_TOLERANCE = 0.02;

const close = (a: number, b: number) => Math.abs(a - b) <= SIZE_TOLERANCE * Math.max(a, b);

/** Whether an account's provider sells packs we can suggest (the packs capability or a known catalog). */
export function suggestsPacks(providerId: string): boolean {
  return (getProvider(providerId)?.capabilities.includes('packs') ?? false) || staticCatalog(providerId).length > 0;
}

export function suggestedPacks(
  rollups: RollupsRepo,
  account: { pk: number; id: string; provider: string },
  packs: readonly PackRecord[],
  now: number,
): SuggestedPack[] {
  if (!suggestsPacks(account.provider)) return [];
  const catalog = staticCatalog(account.provider);
  const out: SuggestedPack[] = [];
  for (const e of rollups.events(account.pk, now - LOOKBACK, now + 1)) {
    if (e.kind !== EVENT_TOPUP) continue;
    const recorded = packs.some((p) => Math.abs(p.purchasedAt - e.ts) <= MATCH_WINDOW && close(p.credits, e.amount));
    if (recorded) continue;
    const unit = unitFromCode(e.unit);
    const choices = catalog
      .filter((c) => c.unit === unit && close(toMicros(c.credits), e.amount))
      .flatMap((c) =>
        c.prices.map((p) => ({
          name: c.name,
          credits: c.credits,
          validity: p.validity,
          price: p.price,
          currency: p.currency,
        })),
      );
    out.push({ accountId: account.id, at: new Date(e.ts).toISOString(), amount: fromMicros(e.amount), unit, choices });
  }
  return out;
}
