import fs from 'node:fs';
import type { Core } from '../core.ts';
import type { KeyState } from '../../shared/states.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { checkExportTarget, createTempBeside } from '../safe-files.ts';
import { JobCancelled, noControl } from '../jobs/control.ts';
import type { JobControl } from '../jobs/control.ts';
import { resolveAccount } from './context.ts';
import { csvRow } from './csv.ts';
import { CSV_COLUMNS, JSON_FORMAT, JSON_VERSION, metaFields } from './transfer-format.ts';
import { ReadingWriter } from './export-writer.ts';
import { publicPack } from './packs.ts';
import { MONEY_SETTING_NAMES } from './settings.ts';
import { exportedPriceJson, exportedPrices } from '../pricing/transfer.ts';

export interface ExportOptions {
  format: 'csv' | 'json';
  /** Account ids or labels; default every account, removed ones included (their history is kept). */
  accountIds?: readonly string[];
  states?: readonly KeyState[];
  /** Unix ms, inclusive. */
  from?: number;
  /** Unix ms, exclusive. */
  to?: number;
  /**
   * Only readings (the `history` command): no account, pack or setting records, and JSON is
   * a bare list of readings. Rows still name provider and label, so the file imports on its own.
   */
  readingsOnly?: boolean;
}

export interface ExportSummary {
  readings: number;
  accounts: number;
  packs: number;
  prices: number;
}

/**
 * Write history in the transfer format (see transfer-format.ts) through `write`, account by
 * account, oldest first, streaming from the database. Keys are never part of it. Chunks end
 * at whole rows.
 */
export function exportHistory(
  core: Core,
  options: ExportOptions,
  write: (chunk: string) => void,
  control: JobControl = noControl,
): ExportSummary {
  return exportHistoryBytes(core, options, (chunk) => write(chunk.toString('utf8')), control);
}

/**
 * The export itself, as bytes: one read transaction (a consistent snapshot however long it
 * takes), raw rows written straight into a buffer (export-writer.ts), progress by rows, and a
 * cancel check every few thousand rows (JobCancelled; the caller removes what it wrote).
 */
export function exportHistoryBytes(
  core: Core,
  options: ExportOptions,
  sink: (chunk: Buffer) => void,
  control: JobControl = noControl,
): ExportSummary {
  // A read transaction (or a savepoint inside the caller's): one consistent snapshot.
  return core.repos.transaction(() => writeExport(core, options, sink, control));
}

/** Rows between cancel checks and between progress reports. */
const CHECK_EVERY = 4096;

function writeExport(
  core: Core,
  options: ExportOptions,
  sink: (chunk: Buffer) => void,
  control: JobControl,
): ExportSummary {
  const accounts = options.accountIds
    ? options.accountIds.map((id) => resolveAccount(core, id, true))
    : core.repos.accounts.listAll();
  const from = options.from ?? Number.MIN_SAFE_INTEGER;
  const to = options.to ?? Number.MAX_SAFE_INTEGER;
  const source = core.repos.history.exportReadings(options.states ?? null);
  const packs = options.readingsOnly
    ? []
    : accounts.flatMap((a) => core.repos.packs.forAccount(a.pk).map((p) => ({ p, a })));
  const settings = options.readingsOnly ? [] : storedSettings(core);
  const prices = options.readingsOnly ? [] : exportedPrices(core, accounts);
  const summary: ExportSummary = {
    readings: 0,
    accounts: options.readingsOnly ? 0 : accounts.length,
    packs: packs.length,
    prices: prices.length,
  };
  let total = 0;
  for (const a of accounts) total += source.count(a.pk, from, to);
  control.progress({ phase: 'exporting', done: 0, total });
  const out = new ReadingWriter(sink);
  let sinceCheck = 0;
  const counted = () => {
    summary.readings++;
    if (++sinceCheck < CHECK_EVERY) return;
    sinceCheck = 0;
    if (control.cancelled()) throw new JobCancelled();
    control.progress({ phase: 'exporting', done: summary.readings, total });
  };
  const rows = (a: StoredAccount) => source.rows(a.pk, from, to);

  if (options.format === 'csv') {
    out.text(csvRow(CSV_COLUMNS));
    for (const s of settings) out.text(csvRow(metaFields('setting', null, null, s)));
    if (!options.readingsOnly)
      for (const a of accounts) out.text(csvRow(metaFields('account', Date.parse(a.createdAt), a, accountDetails(a))));
    for (const { p, a } of packs) {
      const { id, credits, price, currency, validity, expiresAt, note } = publicPack(p, a.id);
      out.text(
        csvRow(metaFields('pack', p.purchasedAt, a, { id, credits, price, currency, validity, expiresAt, note })),
      );
    }
    for (const p of prices) out.text(csvRow(metaFields('price', p.at, p.account, p.details)));
    for (const a of accounts) {
      const parts = out.csvAccount(a);
      for (const row of rows(a)) {
        out.csvRow(row, parts);
        counted();
      }
    }
  } else {
    let prefix: Buffer;
    let next: Buffer;
    if (options.readingsOnly) {
      out.text('[');
      prefix = Buffer.from('\n ');
      next = Buffer.from(',\n ');
    } else {
      const head = {
        format: JSON_FORMAT,
        version: JSON_VERSION,
        exportedAt: new Date(core.now()).toISOString(),
        settings: Object.fromEntries(settings.map((s) => [s.name, s.value])),
        accounts: accounts.map((a) => ({
          id: a.id,
          provider: a.provider,
          label: a.label,
          createdAt: a.createdAt,
          ...accountDetails(a),
        })),
        packs: packs.map(({ p, a }) => publicPack(p, a.id)),
        prices: prices.map(exportedPriceJson),
      };
      const opening = JSON.stringify(head, null, 1);
      out.text(`${opening.slice(0, -2)},\n "readings": [`);
      prefix = Buffer.from('\n  ');
      next = Buffer.from(',\n  ');
    }
    for (const a of accounts) {
      const parts = out.jsonAccount(a);
      for (const row of rows(a)) {
        out.jsonRow(prefix, row, parts);
        prefix = next;
        counted();
      }
    }
    out.text(options.readingsOnly ? '\n]\n' : '\n ]\n}\n');
  }
  out.flush();
  control.progress({ phase: 'exporting', done: summary.readings, total });
  return summary;
}

/**
 * Export to a file: written beside it under an unpredictable temporary name created
 * exclusively (0600, never through a symlink someone planted), then renamed, so a failed,
 * cancelled or interrupted export never leaves a half-written file where the user expects a
 * whole one, and nobody else can read or redirect it on the way (see safe-files.ts).
 */
export function exportHistoryToFile(
  core: Core,
  options: ExportOptions,
  file: string,
  control: JobControl = noControl,
): ExportSummary {
  const target = checkExportTarget(file);
  const temp = createTempBeside(target);
  try {
    const summary = exportHistoryBytes(
      core,
      options,
      (chunk) => {
        for (let off = 0; off < chunk.length;) off += fs.writeSync(temp.fd, chunk, off);
      },
      control,
    );
    if (control.cancelled()) throw new JobCancelled();
    temp.commit();
    return summary;
  } catch (error) {
    temp.discard();
    throw error;
  }
}

function accountDetails(a: StoredAccount) {
  return {
    baseUrl: a.baseUrl,
    options: a.options,
    pollIntervalSeconds: a.pollIntervalSeconds,
    enabled: a.enabled,
    removedAt: a.removedAt,
    sharesBalanceWith: a.sharesBalanceWith,
    billing: a.billing,
  };
}

/** The money settings the user has set (defaults are not written, so they stay defaults). */
function storedSettings(core: Core): Array<{ name: string; value: unknown }> {
  const out: Array<{ name: string; value: unknown }> = [];
  for (const name of MONEY_SETTING_NAMES) {
    // An unreadable setting is left behind, like the app would ignore it.
    const stored = core.repos.settings.stored(name);
    if (stored) out.push({ name, value: stored.value });
  }
  return out;
}
