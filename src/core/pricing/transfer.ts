import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { PriceOverrideRecord } from '../store/prices-repo.ts';
import { parsePrice, readOverride } from './overrides.ts';

/**
 * Your prices in the history file (export/import). A CSV `price` row names the account in
 * the account column when the price is one account's (empty for every account of the
 * provider) and carries `{"provider","model","params","rule","unit","note"}` in `details`,
 * its timestamp when it was last set. JSON has them under `prices`, each with `accountId`.
 * Importing never replaces a price this home already has for the same variant.
 */

export interface ExportedPrice {
  /** When it was last set (unix ms). */
  at: number;
  account: StoredAccount | null;
  details: {
    provider: string;
    model: string;
    params: Record<string, string>;
    rule: unknown;
    unit: string;
    note: string | null;
  };
}

/** Prices to write, for the given accounts (every provider-wide price is written). */
export function exportedPrices(core: Core, accounts: readonly StoredAccount[]): ExportedPrice[] {
  const byPk = new Map(accounts.map((a) => [a.pk, a]));
  const out: ExportedPrice[] = [];
  for (const record of core.repos.prices.all()) {
    const read = readOverride(record);
    if (!read) continue;
    const account = record.accountPk === null ? null : (byPk.get(record.accountPk) ?? undefined);
    if (account === undefined) continue; // another account's price, outside this export
    out.push({
      at: record.updatedAt,
      account,
      details: {
        provider: read.provider,
        model: read.model,
        params: read.params,
        rule: read.rule,
        unit: read.unit,
        note: read.note,
      },
    });
  }
  return out;
}

/** The JSON form of an exported price. */
export function exportedPriceJson(p: ExportedPrice) {
  return { ...p.details, accountId: p.account?.id ?? null, updatedAt: new Date(p.at).toISOString() };
}

export interface PlannedPrice {
  /** The account reference in the file, or null for a provider-wide price. */
  ref: string | null;
  record: Omit<PriceOverrideRecord, 'id' | 'accountPk'>;
}

/** Check one price from a file; throws UserError with the field's name. */
export function planPrice(details: unknown, ref: string | null, at: number | null, now: number): PlannedPrice {
  if (!details || typeof details !== 'object' || Array.isArray(details))
    throw new UserError('validation', 'price details must be a JSON object');
  const { accountId: _a, updatedAt: _u, ...rest } = details as Record<string, unknown>;
  const p = parsePrice(rest);
  return {
    ref,
    record: {
      provider: p.provider,
      model: p.model,
      params: JSON.stringify(p.params),
      rule: JSON.stringify(p.rule),
      unit: p.unit,
      note: p.note,
      updatedAt: at ?? now,
    },
  };
}

/** Store planned prices (inside the import's transaction); returns how many were new. */
export function applyPrices(
  core: Core,
  planned: readonly PlannedPrice[],
  accountOf: (ref: string) => { pk: number; provider: string },
): number {
  const repo = core.repos.prices;
  let added = 0;
  for (const p of planned) {
    const account = p.ref === null ? null : accountOf(p.ref);
    if (account && account.provider !== p.record.provider) continue;
    if (repo.putIfAbsent({ ...p.record, accountPk: account?.pk ?? null })) added++;
  }
  return added;
}
