import type { Core } from '../core.ts';
import type { Pack } from '../../shared/domain.ts';
import { validitySchema } from '../../shared/domain.ts';
import type { Currency } from '../../shared/units.ts';
import { CURRENCIES } from '../../shared/units.ts';
import { DecimalError, fromMicros, toMicros } from '../../shared/decimal.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import { unitCode } from '../store/codes.ts';
import { UserError } from '../errors.ts';
import { newId } from '../ids.ts';
import { freshen, resolveAccount } from './context.ts';
import { allBurns, pickBurn } from './burn.ts';
import { packLedger } from './pack-ledger.ts';
import { creditPricing } from './money.ts';
import { readMoneySettings } from './settings.ts';
import { packOut } from './status.ts';
import type { PackStatus, PackView } from '../../shared/status.ts';
import { suggestedPacks } from './suggestions.ts';
import type { SuggestedPack } from './suggestions.ts';
import { DAY_MS } from '../store/segments.ts';
import { isoOrNull, parseIsoTime } from './time.ts';
import { quotaPerUnitFor } from '../site-settings.ts';

export interface AddPackInput {
  /** Account id or label. */
  accountId: string;
  /** Decimal string in the account's unit. */
  credits: string;
  /** Decimal string: what was paid. */
  price: string;
  currency?: string;
  /** ISO 8601 date or date-time. */
  purchasedAt: string;
  /** 30d, 90d, Nd or lifetime. */
  validity: string;
  note?: string | null;
}

/** When a pack bought at `purchasedAt` with `validity` expires; null for lifetime. */
export function packExpiry(purchasedAt: number, validity: string): number | null {
  if (validity === 'lifetime') return null;
  return purchasedAt + Number(validity.slice(0, -1)) * DAY_MS;
}

/** Record a pack the user bought. Every field is checked; a bad one is named and nothing is stored. */
export function addPack(core: Core, input: AddPackInput): Pack {
  const account = resolveAccount(core, input.accountId);
  const credits = decimal('credits', input.credits);
  if (credits <= 0) throw new UserError('validation', 'credits must be more than 0');
  const price = decimal('price', input.price);
  if (price < 0) throw new UserError('validation', 'price must not be negative');
  const currency = (input.currency ?? 'USD').toUpperCase();
  if (!(CURRENCIES as readonly string[]).includes(currency))
    throw new UserError('validation', `currency must be one of ${CURRENCIES.join(', ')}`);
  const purchasedAt = parseIsoTime(input.purchasedAt);
  if (purchasedAt === null)
    throw new UserError('validation', `purchase date ${JSON.stringify(input.purchasedAt)} is not an ISO 8601 date`);
  if (!validitySchema.safeParse(input.validity).success)
    throw new UserError('validation', 'validity must be 30d, 90d, lifetime or Nd (days)');
  const note = input.note?.trim() || null;
  if (note !== null && note.length > 200) throw new UserError('validation', 'the note is longer than 200 characters');
  const record: PackRecord = {
    id: newId('pack'),
    accountPk: account.pk,
    credits,
    price,
    currency: currency as Currency,
    purchasedAt,
    validity: input.validity,
    expiresAt: packExpiry(purchasedAt, input.validity),
    note,
    createdAt: core.now(),
  };
  core.repos.packs.insert(record);
  return publicPack(record, account.id);
}

export function removePack(core: Core, id: string): void {
  if (!core.repos.packs.remove(id)) throw new UserError('not_found', `no pack with id ${JSON.stringify(id)}`);
}

export function publicPack(p: PackRecord, accountId: string): Pack {
  return {
    id: p.id,
    accountId,
    credits: fromMicros(p.credits),
    price: fromMicros(p.price),
    currency: p.currency,
    purchasedAt: new Date(p.purchasedAt).toISOString(),
    validity: p.validity,
    expiresAt: isoOrNull(p.expiresAt),
    note: p.note,
  };
}

export type { PackView } from '../../shared/status.ts';

/** Every pack of an account, expired ones included, in draw-down order. */
export function listPacks(core: Core, accountId: string, options: { now?: number } = {}): PackView[] {
  freshen(core);
  const now = options.now ?? core.now();
  const account = resolveAccount(core, accountId, true);
  const packs = core.repos.packs.forAccount(account.pk);
  const bal = core.repos.readings.latestBalanceAt(account.pk, now);
  const code = bal?.unit ? unitCode(bal.unit) : null;
  const settings = readMoneySettings(core.repos.settings);
  if (code === null) {
    // No balance yet: nothing drawn, nothing projected.
    return packs.map((p) => ({
      ...publicPack(p, account.id),
      ...blankFigures(p),
      expired: p.expiresAt !== null && p.expiresAt <= now,
    }));
  }
  const burn = pickBurn(allBurns(core.repos.readings.rollups, account.pk, code, now));
  // The newest balance caps what the packs hold, as in status: one remaining figure everywhere.
  const ledger = packLedger(core.repos.readings.rollups, account.pk, code, packs, now, burn?.perDay ?? null, {
    balance: bal!.balance,
    at: bal!.ts,
  });
  const money = {
    settings,
    quotaPerUnit: quotaPerUnitFor(core, account),
    creditPricing: creditPricing(
      ledger.map((e) => ({
        credits: e.pack.credits,
        price: e.pack.price,
        currency: e.pack.currency,
        remaining: e.remaining,
      })),
      settings,
    ),
  };
  const byId = new Map(ledger.map((e) => [e.pack.id, e]));
  return packs.map((p) => {
    const e = byId.get(p.id);
    return { ...publicPack(p, account.id), ...(e ? packOut(e, money) : blankFigures(p)), expired: e?.expired ?? false };
  });
}

function blankFigures(p: PackRecord): PackStatus {
  return {
    id: p.id,
    credits: fromMicros(p.credits),
    remaining: null,
    expiresAt: isoOrNull(p.expiresAt),
    projectedUnused: null,
    projectedUnusedUsd: null,
    price: fromMicros(p.price),
    currency: p.currency,
    purchasedAt: new Date(p.purchasedAt).toISOString(),
    validity: p.validity,
    endsAt: null,
    endReason: null,
    extraPerDay: null,
  };
}

/** Top-ups of the last 90 days that no recorded pack accounts for, with catalog choices. */
export function packSuggestions(core: Core, options: { accountId?: string; now?: number } = {}): SuggestedPack[] {
  freshen(core);
  const now = options.now ?? core.now();
  const accounts = options.accountId ? [resolveAccount(core, options.accountId)] : core.repos.accounts.list();
  return accounts.flatMap((a) =>
    suggestedPacks(core.repos.readings.rollups, a, core.repos.packs.forAccount(a.pk), now),
  );
}

function decimal(name: string, value: string): number {
  try {
    return toMicros(value);
  } catch (error) {
    if (error instanceof DecimalError)
      throw new UserError('validation', `${name} ${JSON.stringify(value)} is not a number`);
    throw error;
  }
}
