import type { Core } from '../core.ts';
import type { AccountOptions } from '../../shared/domain.ts';
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
import { readRegularFile } from '../safe-files.ts';
import { JobCancelled, noControl } from '../jobs/control.ts';
import type { JobControl } from '../jobs/control.ts';
import { applyImport, recoverImports } from './import-apply.ts';
import type { PlannedWrite } from './import-apply.ts';
import { CsvSyntaxError, parseCsv, restoreFormula } from './csv.ts';
import {
  CSV_COLUMNS,
  FieldError,
  JSON_FORMAT,
  JSON_VERSION,
  REQUIRED_COLUMNS,
  TEXT_COLUMNS,
  checkReading,
} from './transfer-format.ts';
import type { CheckedReading, CsvColumn, RawReading } from './transfer-format.ts';
import { normalizeMoneySetting } from './settings.ts';
import { packExpiry } from './packs.ts';
import { parseIsoTime } from './time.ts';
import type { ImportReport } from '../../shared/history.ts';
import { applyPrices, planPrice } from '../pricing/transfer.ts';
import type { PlannedPrice } from '../pricing/transfer.ts';

export type { ImportReport } from '../../shared/history.ts';

export interface ImportProblem {
  /** 1-based line (CSV), or null for JSON (see `where`). */
  line: number | null;
  /** "line 12" or "readings[10].balance". */
  where: string;
  message: string;
}

/** The file was refused as a whole; nothing from it was stored. */
export class ImportError extends UserError {
  override name = 'ImportError';
  readonly problems: ImportProblem[];
  /** All problems found; `problems` keeps the first few. */
  readonly problemCount: number;
  constructor(problems: ImportProblem[], total: number) {
    const first = problems[0]!;
    const more = total > 1 ? ` (and ${total - 1} more problem${total > 2 ? 's' : ''})` : '';
    super('validation', `${first.where}: ${first.message}${more}; nothing was imported`);
    this.problems = problems;
    this.problemCount = total;
  }
}

/** Biggest file read in one go: a JavaScript string cannot hold much more. */
export const MAX_IMPORT_BYTES = 480 * 1024 * 1024;
const MAX_PROBLEMS_KEPT = 20;
const ACCOUNT_ID_RE = /^acc_[a-z0-9]{6,32}$/;
const PACK_ID_RE = /^pack_[a-z0-9]{6,32}$/;

/**
 * Import a file: read it whole (a regular file only, in chunks, up to MAX_IMPORT_BYTES; a
 * device or a FIFO is refused without reading or waiting on it), then as importHistory.
 */
export function importHistoryFile(core: Core, file: string, control: JobControl = noControl): ImportReport {
  const bytes = readRegularFile(
    file,
    MAX_IMPORT_BYTES,
    (read, size) => control.progress({ phase: 'reading', done: read, total: size }),
    () => control.cancelled(),
  );
  if (control.cancelled()) throw new JobCancelled();
  return importHistory(core, bytes.toString('utf8'), control);
}

/**
 * Import a history file (CSV or JSON, told apart by its first character). The whole file is
 * checked first; any problem rejects it with the line (CSV) or path (JSON) and nothing is
 * stored. Then it is written in short transactions (import-apply.ts): accounts it needs
 * (never keys), packs, settings this home has not set, and readings with the rollup days
 * they touch. Readings the home already has are skipped, so importing twice adds nothing. A
 * cancel or a failure while writing takes back everything written; so does the next open
 * after a crash.
 */
export function importHistory(core: Core, text: string, control: JobControl = noControl): ImportReport {
  // An import cut short by a crash is taken back before anything new is planned against it.
  recoverImports(core);
  const plan = new Plan(core, control);
  const head = text.trimStart()[0];
  const format = head === '{' || head === '[' ? 'json' : 'csv';
  if (format === 'json') planJson(plan, text);
  else planCsv(plan, text);
  plan.resolveReadings();
  plan.throwIfProblems();
  if (control.cancelled()) throw new JobCancelled();
  const report = applyImport(core, plan.toWrite(), format, control);
  restoreAlerts(core, plan.accountPks());
  return report;
}

/**
 * Which alerts are on lives in the alerts engine's episodes, not in the readings: evaluate
 * the accounts the file brought history or packs to, as the source did right after storing
 * their newest reading (as of that reading, never later than now), so their status shows
 * the alerts the history ends with (a zero balance, a rejected key, a cap reached). Silenced
 * as `imported`: restored state, not news, so no notification is shown for it. Rules that
 * fire with time alone (stale data, expiries) are the minute check's, at the real time.
 * An episode that depends on the path taken (on, and not yet off by its margin) may differ
 * from the source's; see docs/design.md.
 */
function restoreAlerts(core: Core, accountPks: Iterable<number>): void {
  for (const pk of accountPks) {
    const account = core.repos.accounts.getByPk(pk);
    if (!account || account.removedAt) continue; // a removed account raises no alerts
    const newest = core.repos.readings.latest(pk)?.ts;
    try {
      core.alerts.evaluate(account.id, { silence: 'imported', at: Math.min(newest ?? core.now(), core.now()) });
    } catch {
      // The import itself is stored; the next poll or minute check evaluates this account again.
    }
  }
}

/* ------------------------------------------------------------------ the plan */

interface PlannedAccount {
  existing: StoredAccount | null;
  /** For a new account. */
  id: string;
  provider: string;
  label: string;
  baseUrl: string | null;
  options: AccountOptions;
  pollIntervalSeconds: number;
  enabled: boolean;
  createdAt: number;
  removedAt: number | null;
  /** The id of the account whose balance it shares (linked once every account exists). */
  sharesBalanceWith: string | null;
  billing: 'prepaid' | 'postpaid' | null;
  pk: number;
}

interface AccountHint {
  ref: string;
  provider: string;
  label: string;
  where: Where;
  details: Record<string, unknown> | null;
  at: number | null;
}

type Where = { line: number | null; where: string };

class Plan {
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

function planPack(plan: Plan, ref: string, details: unknown, purchased: unknown, where: Where): void {
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

function planSetting(plan: Plan, details: unknown, where: Where): void {
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

function planPriceRecord(plan: Plan, ref: string | null, details: unknown, at: unknown, where: Where): void {
  try {
    const when = typeof at === 'string' && at !== '' ? parseIsoTime(at) : null;
    plan.prices.push({ ...planPrice(details, ref, when, plan.now()), where });
  } catch (error) {
    if (error instanceof UserError) plan.problem(where, `price: ${error.message}`);
    else throw error;
  }
}

function asObject(value: unknown, what: string): Record<string, unknown> {
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

/* ------------------------------------------------------------------ CSV */

function planCsv(plan: Plan, text: string): void {
  plan.expected = countLines(text);
  const records = parseCsv(text);
  let header: Map<CsvColumn, number> | null = null;
  let at: Record<CsvColumn, number> | null = null;
  let width = 0;
  const place = (line: number): Where => ({ line, where: `line ${line}` });
  const col = (fields: string[], name: CsvColumn): string => {
    const i = at![name];
    if (i < 0) return '';
    return TEXT_COLUMNS.has(name) ? restoreFormula(fields[i]!) : fields[i]!;
  };
  try {
    for (const { line, fields } of records) {
      plan.tick();
      if (!header) {
        const where = place(line);
        header = new Map();
        const known = new Set<string>(CSV_COLUMNS);
        fields.forEach((raw, i) => {
          const name = raw.trim().toLowerCase();
          if (!known.has(name)) return; // a column of the user's own: ignored
          if (header!.has(name as CsvColumn)) plan.problem(where, `column ${JSON.stringify(name)} appears twice`);
          header!.set(name as CsvColumn, i);
        });
        const missing = REQUIRED_COLUMNS.filter((c) => !header!.has(c));
        if (missing.length) {
          plan.problem(
            where,
            `the header needs the columns ${REQUIRED_COLUMNS.join(',')} (missing: ${missing.join(', ')})`,
          );
          return;
        }
        at = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header!.get(c) ?? -1])) as Record<CsvColumn, number>;
        width = fields.length;
        continue;
      }
      if (fields.length !== width) {
        plan.problem(place(line), `expected ${width} fields like the header, found ${fields.length}`);
        continue;
      }
      const kind = at!.record < 0 ? '' : fields[at!.record]!.trim();
      const ref = col(fields, 'account').trim();
      if (kind === '' || kind === 'reading') {
        // The hot path: a million of these in a big import, so nothing is built that is not kept.
        if (!ref) {
          plan.problem(place(line), 'account is missing');
          continue;
        }
        if (!plan.hints.has(ref))
          plan.hint(ref, col(fields, 'provider').trim(), col(fields, 'label').trim(), place(line));
        try {
          plan.addReading(ref, checkReading(csvReading(fields, at!)));
        } catch (error) {
          if (error instanceof FieldError) plan.problem(place(line), error.message);
          else throw error;
        }
        continue;
      }
      const where = place(line);
      if (kind === 'setting') {
        planSetting(plan, parseDetails(plan, col(fields, 'details'), where), where);
        continue;
      }
      if (kind === 'price') {
        // A provider-wide price names no account; one account's names it like a pack does.
        if (ref) plan.hint(ref, col(fields, 'provider').trim(), col(fields, 'label').trim(), where);
        planPriceRecord(
          plan,
          ref || null,
          parseDetails(plan, col(fields, 'details'), where),
          col(fields, 'timestamp'),
          where,
        );
        continue;
      }
      if (!ref) {
        plan.problem(where, 'account is missing');
        continue;
      }
      const provider = col(fields, 'provider').trim();
      const label = col(fields, 'label').trim();
      if (kind === 'account') {
        const details = parseDetails(plan, col(fields, 'details'), where);
        plan.hint(ref, provider, label, where, details ?? {}, parseIsoTime(col(fields, 'timestamp')));
      } else if (kind === 'pack') {
        plan.hint(ref, provider, label, where);
        planPack(plan, ref, parseDetails(plan, col(fields, 'details'), where), col(fields, 'timestamp'), where);
      } else {
        plan.problem(
          where,
          `record ${JSON.stringify(kind.slice(0, 20))} is not reading, account, pack, setting or price`,
        );
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) plan.problem(place(error.line), error.message.replace(/^line \d+: /, ''));
    else throw error;
  }
  if (!header) plan.problem(place(1), 'the file is empty (expected a header row)');
}

/** Lines in a text (an upper bound of its records), for progress while checking. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n + 1;
}

const cell = (fields: string[], i: number): string => (i < 0 ? '' : fields[i]!);

function csvReading(fields: string[], at: Record<CsvColumn, number>): RawReading {
  return {
    timestamp: cell(fields, at.timestamp),
    balance: cell(fields, at.balance),
    unit: cell(fields, at.unit),
    state: cell(fields, at.state),
    httpStatus: cell(fields, at.http_status),
    retryAfterSeconds: cell(fields, at.retry_after_s),
    message: restoreFormula(cell(fields, at.message)),
    capUnit: cell(fields, at.cap_unit),
    capLimit: cell(fields, at.cap_limit),
    capUsed: cell(fields, at.cap_used),
    capRemaining: cell(fields, at.cap_remaining),
    capResetAt: cell(fields, at.cap_reset_at),
    keyExpiresAt: cell(fields, at.key_expires_at),
  };
}

function parseDetails(plan: Plan, text: string, where: Where): Record<string, unknown> | null {
  if (!text.trim()) return null;
  try {
    return asObject(JSON.parse(text), 'details');
  } catch (error) {
    plan.problem(where, error instanceof FieldError ? error.message : 'details is not valid JSON');
    return null;
  }
}

/* ------------------------------------------------------------------ JSON */

/** Several lines that are each a JSON object: what `watch --json` prints. */
function isJsonLines(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 2) return false;
  return lines.every((l) => {
    try {
      const v: unknown = JSON.parse(l);
      return typeof v === 'object' && v !== null;
    } catch {
      return false;
    }
  });
}

function planJson(plan: Plan, text: string): void {
  let doc: unknown;
  // A byte-order mark (some editors write one) is not part of the JSON.
  const json = text.replace(/^\uFEFF/, '');
  try {
    doc = JSON.parse(json);
  } catch (error) {
    if (isJsonLines(json)) {
      plan.problem(
        { line: null, where: 'the file' },
        'JSON lines (one object per line, as watch --json prints), not a history file: burnrate export --format json writes one',
      );
      return;
    }
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at ? json.slice(0, Number(at[1])).split('\n').length : null;
    plan.problem({ line, where: line ? `line ${line}` : 'the file' }, 'not valid JSON');
    return;
  }
  if (typeof doc === 'object' && doc !== null && 'generatedAt' in doc && 'accounts' in doc && !('format' in doc)) {
    plan.problem(
      { line: null, where: 'the file' },
      'a status report (status --json), not a history file: burnrate export --format json writes one',
    );
    return;
  }
  // A bare list is what `history --format json` prints: readings only.
  if (Array.isArray(doc)) doc = { format: JSON_FORMAT, version: JSON_VERSION, readings: doc };
  const top = doc as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || top.format !== JSON_FORMAT) {
    plan.problem(
      { line: null, where: 'the file' },
      `not a Burnrate history file (expected "format": "${JSON_FORMAT}")`,
    );
    return;
  }
  if (top.version !== 1) {
    plan.problem(
      { line: null, where: 'version' },
      `version ${JSON.stringify(top.version)} is not one this Burnrate reads (1)`,
    );
    return;
  }
  const list = (name: string): unknown[] => {
    const v = top[name];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      plan.problem({ line: null, where: name }, 'must be a list');
      return [];
    }
    return v;
  };
  const settings = top.settings;
  if (settings !== undefined && (typeof settings !== 'object' || settings === null || Array.isArray(settings))) {
    plan.problem({ line: null, where: 'settings' }, 'must be an object');
  } else if (settings) {
    for (const [name, value] of Object.entries(settings))
      planSetting(plan, { name, value }, { line: null, where: `settings.${name}` });
  }
  list('accounts').forEach((a, i) => {
    const where = { line: null, where: `accounts[${i}]` };
    if (typeof a !== 'object' || a === null) return plan.problem(where, 'must be an object');
    const o = a as Record<string, unknown>;
    if (typeof o.id !== 'string' || !o.id) return plan.problem(where, 'id is missing');
    const at = typeof o.createdAt === 'string' ? parseIsoTime(o.createdAt) : null;
    plan.hint(
      o.id,
      typeof o.provider === 'string' ? o.provider : '',
      typeof o.label === 'string' ? o.label : '',
      where,
      o,
      at,
    );
  });
  list('packs').forEach((p, i) => {
    const where = { line: null, where: `packs[${i}]` };
    if (typeof p !== 'object' || p === null) return plan.problem(where, 'must be an object');
    const o = p as Record<string, unknown>;
    if (typeof o.accountId !== 'string') return plan.problem(where, 'accountId is missing');
    if (!plan.hints.has(o.accountId)) plan.hint(o.accountId, '', '', where);
    planPack(plan, o.accountId, o, o.purchasedAt, where);
  });
  list('prices').forEach((p, i) => {
    const where = { line: null, where: `prices[${i}]` };
    if (typeof p !== 'object' || p === null) return plan.problem(where, 'must be an object');
    const o = p as Record<string, unknown>;
    const ref = typeof o.accountId === 'string' && o.accountId ? o.accountId : null;
    if (ref !== null && !plan.hints.has(ref)) plan.hint(ref, '', '', where);
    planPriceRecord(plan, ref, o, o.updatedAt, where);
  });
  const readings = list('readings');
  plan.expected = readings.length;
  readings.forEach((r, i) => {
    plan.tick();
    const where = { line: null, where: `readings[${i}]` };
    if (typeof r !== 'object' || r === null) return plan.problem(where, 'must be an object');
    const o = r as Record<string, unknown>;
    if (typeof o.accountId !== 'string' || !o.accountId) return plan.problem(where, 'accountId is missing');
    if (!plan.hints.has(o.accountId))
      plan.hint(
        o.accountId,
        typeof o.provider === 'string' ? o.provider : '',
        typeof o.label === 'string' ? o.label : '',
        where,
      );
    const balance = o.balance as Record<string, unknown> | null | undefined;
    const cap = o.cap as Record<string, unknown> | null | undefined;
    if (balance !== null && balance !== undefined && typeof balance !== 'object')
      return plan.problem(where, 'balance must be {amount, unit} or null');
    if (cap !== null && cap !== undefined && typeof cap !== 'object')
      return plan.problem(where, 'cap must be an object or null');
    try {
      plan.addReading(
        o.accountId,
        checkReading({
          timestamp: o.at,
          balance: balance?.amount,
          unit: balance?.unit,
          state: o.state,
          httpStatus: o.httpStatus,
          retryAfterSeconds: o.retryAfterSeconds,
          message: o.message,
          capUnit: cap?.unit,
          capLimit: cap?.limit,
          capUsed: cap?.used,
          capRemaining: cap?.remaining,
          capResetAt: cap?.resetAt,
          keyExpiresAt: o.keyExpiresAt,
        }),
      );
    } catch (error) {
      if (error instanceof FieldError) plan.problem(where, error.message);
      else throw error;
    }
  });
}
