import type { Core } from '../core.ts';
import { MAX_LABEL_LENGTH, MIN_POLL_INTERVAL_SECONDS, validitySchema } from '../../shared/domain.ts';
import { CURRENCIES } from '../../shared/units.ts';
import type { Currency } from '../../shared/units.ts';
import { DecimalError, toMicros } from '../../shared/decimal.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { PackRecord } from '../store/packs-repo.ts';
import { getProvider } from '../providers/registry.ts';
import { aimlCreditsToUsdMicros } from '../providers/aimlapi.ts';
import { parseOptions, OptionError } from '../providers/options.ts';
import { checkBaseUrl, UrlPolicyError } from '../net/url-policy.ts';
import { UserError } from '../errors.ts';
import { newId } from '../ids.ts';
import { JobCancelled } from '../jobs/control.ts';
import type { JobControl } from '../jobs/control.ts';
import type { PlannedNewAccount, PlannedWrite } from './import-apply.ts';
import { FieldError } from './transfer-format.ts';
import type { CheckedReading } from './transfer-format.ts';
import { normalizeMoneySetting } from './settings.ts';
import { packExpiry } from './packs.ts';
import { parseIsoTime } from './time.ts';
import { applyPrices, planPrice } from '../pricing/transfer.ts';
import type { PlannedPrice } from '../pricing/transfer.ts';
import { ImportError } from './import-error.ts';
import type { ImportProblem } from './import-error.ts';

/**
 * An import's plan, whatever the file's format (import-csv.ts, import-json.ts): the accounts
 * its records name (existing or to create), packs, settings, prices and checked readings,
 * and every problem found on the way. Nothing is written until the whole file is planned.
 */

const MAX_PROBLEMS_KEPT = 20;
const ACCOUNT_ID_RE = /^acc_[a-z0-9]{6,32}$/;
const PACK_ID_RE = /^pack_[a-z0-9]{6,32}$/;

/** An account the file names: one already here (`existing`), or one to create. */
export interface PlannedAccount extends PlannedNewAccount {
  existing: StoredAccount | null;
}

interface AccountHint {
  ref: string;
  provider: string;
  label: string;
  where: Where;
  details: Record<string, unknown> | null;
  at: number | null;
}

export type Where = { line: number | null; where: string };

export class Plan {
  readonly problems: ImportProblem[] = [];
  problemCount = 0;
  readonly hints = new Map<string, AccountHint>();
  readonly settings: Array<{ name: string; value: string }> = [];
  readonly packs: Array<{ ref: string; where: Where; pack: Omit<PackRecord, 'accountPk'> }> = [];
  readonly prices: Array<PlannedPrice & { where: Where }> = [];
  /** Parallel arrays keep a million readings light: the account ref and the checked reading. */
  readonly readingRefs: string[] = [];
  readonly readings: CheckedReading[] = [];
  readonly accounts = new Map<string, PlannedAccount>();
  resolved: PlannedAccount[] = [];
  private readonly core: Core;
  readonly control: JobControl;
  /** Lines (CSV) or readings (JSON) in the file, for progress while checking. */
  expected: number | null = null;
  private checked = 0;

  constructor(core: Core, control: JobControl) {
    this.core = core;
    this.control = control;
  }

  /** Called per record while checking: progress now and then, and stop when cancelled. */
  tick(): void {
    if ((++this.checked & 4095) !== 0) return;
    if (this.control.cancelled()) throw new JobCancelled();
    this.control.progress({ phase: 'checking', done: this.checked, total: this.expected });
  }

  now(): number {
    return this.core.now();
  }

  problem(where: Where, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push({ ...where, message });
  }

  hint(
    ref: string,
    provider: string,
    label: string,
    where: Where,
    details: Record<string, unknown> | null = null,
    at: number | null = null,
  ): void {
    const seen = this.hints.get(ref);
    // An account record wins over the provider/label a reading row repeats.
    if (!seen || (details && !seen.details)) this.hints.set(ref, { ref, provider, label, where, details, at });
  }

  addReading(ref: string, reading: CheckedReading): void {
    this.readingRefs.push(ref);
    this.readings.push(reading);
  }

  /** Turn every account reference into an existing account or one to create. */
  resolveReadings(): void {
    for (const hint of this.hints.values()) {
      const account = this.resolveAccount(hint);
      if (account) this.accounts.set(hint.ref, account);
    }
    this.resolved = new Array<PlannedAccount>(this.readings.length);
    for (let i = 0; i < this.readings.length; i++) {
      const account = this.accounts.get(this.readingRefs[i]!);
      if (account) this.resolved[i] = account;
    }
    for (const p of this.packs)
      if (!this.accounts.has(p.ref)) this.problem(p.where, `pack for unknown account ${JSON.stringify(p.ref)}`);
    for (const p of this.prices) {
      if (p.ref === null) continue;
      const account = this.accounts.get(p.ref);
      if (!account) this.problem(p.where, `price for unknown account ${JSON.stringify(p.ref)}`);
      else if ((account.existing?.provider ?? account.provider) !== p.record.provider)
        this.problem(
          p.where,
          `a ${p.record.provider} price for a ${account.existing?.provider ?? account.provider} account`,
        );
    }
    this.convertLegacyAimlCredits();
  }

  /**
   * A file written before migration 003 holds AIML API balances in raw credits: read them in
   * dollars, as the migration did to stored history, so they join the account's new readings.
   * Only an account whose readings in the file are in credits is such a file's: its packs and
   * daily cap option are in credits too and are converted with them.
   */
  private convertLegacyAimlCredits(): void {
    const legacy = new Set<PlannedAccount>();
    for (let i = 0; i < this.readings.length; i++) {
      const r = this.readings[i]!;
      const account = this.resolved[i];
      if (r.unit !== 'credits' || !account || (account.existing?.provider ?? account.provider) !== 'aimlapi') continue;
      legacy.add(account);
      r.balance = aimlCreditsToUsdMicros(BigInt(r.balance!));
      r.unit = 'USD';
    }
    if (legacy.size === 0) return;
    for (const p of this.packs) {
      if (legacy.has(this.accounts.get(p.ref)!))
        p.pack.credits = Math.max(1, aimlCreditsToUsdMicros(BigInt(p.pack.credits)));
    }
    for (const account of legacy) {
      const cap = account.options.dailyCap;
      if (!account.existing && typeof cap === 'number')
        account.options = { ...account.options, dailyCap: aimlCreditsToUsdMicros(BigInt(Math.round(cap * 1e6))) / 1e6 };
    }
  }

  private resolveAccount(hint: AccountHint): PlannedAccount | null {
    const repo = this.core.repos.accounts;
    const idLike = ACCOUNT_ID_RE.test(hint.ref);
    const removed = hint.details?.removedAt !== undefined && hint.details.removedAt !== null;
    // By id first; then by label among accounts in use (labels are how people name them),
    // except for a removed account, whose history must not merge into a new one of that name.
    const byId = repo.get(hint.ref);
    const byLabel = removed
      ? undefined
      : repo.list().find((a) => a.label === hint.ref || (hint.label !== '' && a.label === hint.label));
    const existing = byId ?? byLabel ?? null;
    // References in the file that land on the same account share one plan entry.
    for (const planned of this.accounts.values()) {
      if (existing && planned.existing?.pk === existing.pk) return planned;
      if (
        !existing &&
        !planned.existing &&
        (idLike ? planned.id === hint.ref : planned.label === (hint.label || hint.ref))
      )
        return planned;
    }
    if (existing) return { ...blankAccount(), existing, id: existing.id, pk: existing.pk };
    if (!hint.provider) {
      this.problem(
        hint.where,
        `no account ${JSON.stringify(hint.ref)} here; add it first, or give the provider and label columns so it can be created`,
      );
      return null;
    }
    const def = getProvider(hint.provider);
    if (!def) {
      this.problem(hint.where, `unknown provider ${JSON.stringify(hint.provider)}`);
      return null;
    }
    const label = (hint.label || hint.ref).trim();
    if (!label || label.length > MAX_LABEL_LENGTH) {
      this.problem(hint.where, `account label must be 1–${MAX_LABEL_LENGTH} characters`);
      return null;
    }
    const d = hint.details ?? {};
    const planned: PlannedAccount = {
      ...blankAccount(),
      id: ACCOUNT_ID_RE.test(hint.ref) ? hint.ref : newId('acc'),
      provider: def.id,
      label,
      createdAt: hint.at ?? this.core.now(),
    };
    try {
      if (d.baseUrl !== undefined && d.baseUrl !== null) {
        if (typeof d.baseUrl !== 'string') throw new FieldError('baseUrl must be text');
        planned.baseUrl = checkBaseUrl(d.baseUrl);
      }
      if (!planned.baseUrl && !def.defaultBaseUrl)
        throw new FieldError(`${def.name} needs a base URL (an account record with baseUrl)`);
      if (d.options !== undefined) {
        if (typeof d.options !== 'object' || d.options === null || Array.isArray(d.options))
          throw new FieldError('options must be an object');
        planned.options = parseOptions(def, d.options as Record<string, unknown>);
      }
      if (d.pollIntervalSeconds !== undefined) {
        const n = d.pollIntervalSeconds;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_POLL_INTERVAL_SECONDS)
          throw new FieldError(`pollIntervalSeconds must be a whole number ≥ ${MIN_POLL_INTERVAL_SECONDS}`);
        planned.pollIntervalSeconds = n;
      }
      if (d.enabled !== undefined) {
        if (typeof d.enabled !== 'boolean') throw new FieldError('enabled must be true or false');
        planned.enabled = d.enabled;
      }
      if (d.removedAt !== undefined && d.removedAt !== null) {
        const removed = typeof d.removedAt === 'string' ? parseIsoTime(d.removedAt) : null;
        if (removed === null) throw new FieldError('removedAt must be an ISO 8601 time');
        planned.removedAt = removed;
      }
      if (d.sharesBalanceWith !== undefined && d.sharesBalanceWith !== null) {
        if (typeof d.sharesBalanceWith !== 'string' || !ACCOUNT_ID_RE.test(d.sharesBalanceWith))
          throw new FieldError('sharesBalanceWith must be an account id');
        planned.sharesBalanceWith = d.sharesBalanceWith;
      }
      if (d.billing !== undefined && d.billing !== null) {
        if (d.billing !== 'prepaid' && d.billing !== 'postpaid')
          throw new FieldError('billing must be "prepaid" or "postpaid"');
        planned.billing = d.billing;
      }
    } catch (error) {
      if (error instanceof FieldError || error instanceof OptionError || error instanceof UrlPolicyError) {
        this.problem(hint.where, `account ${JSON.stringify(hint.ref)}: ${error.message}`);
        return null;
      }
      throw error;
    }
    return planned;
  }

  /** The accounts the file's readings and packs went to (after apply). */
  accountPks(): Set<number> {
    return new Set([...this.accounts.values()].map((a) => a.pk).filter((pk) => pk >= 0));
  }

  throwIfProblems(): void {
    if (this.problemCount > 0) throw new ImportError(this.problems, this.problemCount);
  }

  /** What to write, for import-apply: new accounts once each, packs, prices and readings tied to them. */
  toWrite(): PlannedWrite {
    const created = new Set<PlannedAccount>();
    for (const planned of this.accounts.values()) if (!planned.existing) created.add(planned);
    const all = [...this.accounts.values()];
    return {
      settings: this.settings,
      accounts: [...created],
      packs: this.packs.map(({ ref, pack }) => {
        const account = this.accounts.get(ref)!;
        return { pack, accountPk: () => account.pk };
      }),
      readings: this.readings,
      assignAccounts: () => {
        for (let i = 0; i < this.readings.length; i++) {
          this.readings[i]!.accountPk = this.resolved[i]!.pk;
          this.readings[i]!.source = 'import';
        }
      },
      // Shared balances once every account exists: to one the file brought, or one already here.
      sharesBalanceWith: (id) => all.find((a) => a.id === id && a.pk >= 0) ?? null,
      applyPrices: (core) =>
        applyPrices(core, this.prices, (ref) => {
          const a = this.accounts.get(ref)!;
          return { pk: a.pk, provider: a.existing?.provider ?? a.provider };
        }),
    };
  }
}

function blankAccount(): PlannedAccount {
  return {
    existing: null,
    id: '',
    provider: '',
    label: '',
    baseUrl: null,
    options: {},
    pollIntervalSeconds: 300,
    enabled: true,
    createdAt: 0,
    removedAt: null,
    sharesBalanceWith: null,
    billing: null,
    pk: -1,
  };
}

/* ------------------------------------------------------------------ pack and setting records */

export function planPack(plan: Plan, ref: string, details: unknown, purchased: unknown, where: Where): void {
  try {
    const d = asObject(details, 'pack details');
    const id = d.id;
    if (typeof id !== 'string' || !PACK_ID_RE.test(id)) throw new FieldError('pack id must look like pack_xxxxxxxx');
    const credits = micros('credits', d.credits);
    if (credits <= 0) throw new FieldError('credits must be more than 0');
    const price = micros('price', d.price);
    if (price < 0) throw new FieldError('price must not be negative');
    const currency = d.currency ?? 'USD';
    if (typeof currency !== 'string' || !(CURRENCIES as readonly string[]).includes(currency))
      throw new FieldError(`currency must be one of ${CURRENCIES.join(', ')}`);
    const validity = d.validity;
    if (typeof validity !== 'string' || !validitySchema.safeParse(validity).success)
      throw new FieldError('validity must be 30d, 90d, lifetime or Nd');
    const purchasedAt = typeof purchased === 'string' ? parseIsoTime(purchased) : null;
    if (purchasedAt === null) throw new FieldError('the purchase time must be an ISO 8601 time');
    const note = d.note ?? null;
    if (note !== null && (typeof note !== 'string' || note.length > 200))
      throw new FieldError('note must be text of at most 200 characters');
    plan.packs.push({
      ref,
      where,
      pack: {
        id,
        credits,
        price,
        currency: currency as Currency,
        purchasedAt,
        validity,
        expiresAt: packExpiry(purchasedAt, validity),
        note,
        createdAt: purchasedAt,
      },
    });
  } catch (error) {
    if (error instanceof FieldError) plan.problem(where, error.message);
    else throw error;
  }
}

export function planSetting(plan: Plan, details: unknown, where: Where): void {
  try {
    const d = asObject(details, 'setting details');
    if (typeof d.name !== 'string') throw new FieldError('a setting needs a name');
    const value = normalizeMoneySetting(d.name, typeof d.value === 'string' ? d.value : String(d.value ?? ''));
    if (value !== null) plan.settings.push({ name: d.name, value });
  } catch (error) {
    if (error instanceof FieldError || error instanceof UserError) plan.problem(where, error.message);
    else throw error;
  }
}

export function planPriceRecord(plan: Plan, ref: string | null, details: unknown, at: unknown, where: Where): void {
  try {
    const when = typeof at === 'string' && at !== '' ? parseIsoTime(at) : null;
    plan.prices.push({ ...planPrice(details, ref, when, plan.now()), where });
  } catch (error) {
    if (error instanceof UserError) plan.problem(where, `price: ${error.message}`);
    else throw error;
  }
}

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FieldError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function micros(name: string, v: unknown): number {
  try {
    return toMicros(v);
  } catch (error) {
    if (error instanceof DecimalError) throw new FieldError(`${name} is not a decimal number`);
    throw error;
  }
}
