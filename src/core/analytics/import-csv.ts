import { CsvSyntaxError, parseCsv, restoreFormula } from './csv.ts';
import { CSV_COLUMNS, FieldError, REQUIRED_COLUMNS, TEXT_COLUMNS, checkReading } from './transfer-format.ts';
import type { CsvColumn, RawReading } from './transfer-format.ts';
import { parseIsoTime } from './time.ts';
import { asObject, planPack, planPriceRecord, planSetting } from './import-plan.ts';
import type { Plan, Where } from './import-plan.ts';

/** A CSV history file into the plan: a header row, then one record per row (see transfer-format.ts). */
export function planCsv(plan: Plan, text: string): void {
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
