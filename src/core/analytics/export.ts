import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../core.ts';
import type { KeyState } from '../../shared/states.ts';
import { KEY_STATE_CODES } from '../../shared/states.ts';
import { fromRow, toReading } from '../store/readings-repo.ts';
import type { ReadingRow } from '../store/readings-repo.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { packsRepo, resolveAccount } from './context.ts';
import { csvRow } from './csv.ts';
import { CSV_COLUMNS, JSON_FORMAT, JSON_VERSION, metaFields, readingFields } from './transfer-format.ts';
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

/** Chunks are handed to the writer at about this size, so memory stays flat for any history. */
const CHUNK = 256 * 1024;

/**
 * Write history in the transfer format (see transfer-format.ts) through `write`, account by
 * account, oldest first, streaming from the database. Keys are never part of it.
 */
export function exportHistory(core: Core, options: ExportOptions, write: (chunk: string) => void): ExportSummary {
  const accounts = options.accountIds
    ? options.accountIds.map((id) => resolveAccount(core, id, true))
    : core.repos.accounts.listAll();
  const from = options.from ?? Number.MIN_SAFE_INTEGER;
  const to = options.to ?? Number.MAX_SAFE_INTEGER;
  const stateFilter =
    options.states && options.states.length > 0
      ? ` AND state IN (${options.states.map((s) => KEY_STATE_CODES[s]).join(',')})`
      : '';
  const readingsStmt = core.db.prepare(
    `SELECT * FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ?${stateFilter} ORDER BY ts`,
  );
  const packs = options.readingsOnly
    ? []
    : accounts.flatMap((a) =>
        packsRepo(core)
          .forAccount(a.pk)
          .map((p) => ({ p, a })),
      );
  const settings = options.readingsOnly ? [] : storedSettings(core);
  const prices = options.readingsOnly ? [] : exportedPrices(core, accounts);
  const summary: ExportSummary = {
    readings: 0,
    accounts: options.readingsOnly ? 0 : accounts.length,
    packs: packs.length,
    prices: prices.length,
  };

  let buffer = '';
  const emit = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = '';
    }
  };

  if (options.format === 'csv') {
    emit(csvRow(CSV_COLUMNS));
    for (const s of settings) emit(csvRow(metaFields('setting', null, null, s)));
    if (!options.readingsOnly)
      for (const a of accounts) emit(csvRow(metaFields('account', Date.parse(a.createdAt), a, accountDetails(a))));
    for (const { p, a } of packs) {
      const { id, credits, price, currency, validity, expiresAt, note } = publicPack(p, a.id);
      emit(csvRow(metaFields('pack', p.purchasedAt, a, { id, credits, price, currency, validity, expiresAt, note })));
    }
    for (const p of prices) emit(csvRow(metaFields('price', p.at, p.account, p.details)));
    for (const a of accounts) {
      for (const row of readingsStmt.iterate(a.pk, from, to)) {
        emit(csvRow(readingFields(fromRow(row as ReadingRow), a)));
        summary.readings++;
      }
    }
  } else if (options.readingsOnly) {
    let first = true;
    emit('[');
    for (const a of accounts) {
      for (const row of readingsStmt.iterate(a.pk, from, to)) {
        emit(
          `${first ? '\n' : ',\n'} ${JSON.stringify({ ...toReading(fromRow(row as ReadingRow), a.id), label: a.label, provider: a.provider })}`,
        );
        first = false;
        summary.readings++;
      }
    }
    emit('\n]\n');
  } else {
    const head = {
      format: JSON_FORMAT,
      version: JSON_VERSION,
      exportedAt: new Date(core.now()).toISOString(),
      settings: Object.fromEntries(settings.map((s) => [s.name, s.value])),
      accounts: options.readingsOnly
        ? []
        : accounts.map((a) => ({
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
    emit(`${opening.slice(0, -2)},\n "readings": [`);
    let first = true;
    for (const a of accounts) {
      for (const row of readingsStmt.iterate(a.pk, from, to)) {
        const reading = toReading(fromRow(row as ReadingRow), a.id);
        emit(`${first ? '\n' : ',\n'}  ${JSON.stringify({ ...reading, label: a.label, provider: a.provider })}`);
        first = false;
        summary.readings++;
      }
    }
    emit('\n ]\n}\n');
  }
  if (buffer) write(buffer);
  return summary;
}

/**
 * Export to a file: written beside it under a temporary name, then renamed, so a failed or
 * interrupted export never leaves a half-written file where the user expects a whole one.
 */
export function exportHistoryToFile(core: Core, options: ExportOptions, file: string): ExportSummary {
  const target = path.resolve(file);
  const temp = `${target}.${process.pid}.partial`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    const summary = exportHistory(core, options, (chunk) => {
      fs.writeSync(fd, chunk);
    });
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, target);
    return summary;
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(temp, { force: true });
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
  const stmt = core.db.prepare('SELECT value FROM settings WHERE key = ?');
  for (const name of MONEY_SETTING_NAMES) {
    const row = stmt.get(name) as { value: string } | undefined;
    if (!row) continue;
    try {
      out.push({ name, value: JSON.parse(row.value) as unknown });
    } catch {
      /* an unreadable setting is left behind, like the app would ignore it */
    }
  }
  return out;
}
