/**
 * CSV as RFC 4180 describes it (comma, double quotes, CRLF or LF), plus what history files
 * need: line numbers for errors (a quoted message may span lines) and protection against
 * spreadsheet formula injection in text cells.
 */

export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field, quoted when it has to be. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) out += (i ? ',' : '') + csvField(fields[i]!);
  return `${out}\n`;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab / CR before them) as a
 * formula. Text cells that start so get a leading apostrophe, which spreadsheets show as
 * text. The rule is reversible: a text that already starts with an apostrophe followed by
 * one of those (or another apostrophe) gets one more, and import strips exactly one.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutralizeFormula(text: string): string {
  const c0 = text[0];
  if (c0 === undefined) return text;
  if (FORMULA_START.has(c0) || (c0 === "'" && (FORMULA_START.has(text[1] ?? '') || text[1] === "'"))) return `'${text}`;
  return text;
}

export function restoreFormula(text: string): string {
  return text[0] === "'" && (FORMULA_START.has(text[1] ?? '') || text[1] === "'") ? text.slice(1) : text;
}

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/**
 * Parse CSV text into records. Blank lines are skipped; a byte-order mark is ignored.
 * Throws CsvSyntaxError (with the line) for an unterminated quote or a quote inside an
 * unquoted field. Lines without quotes take a fast path (most history rows).
 */
export function* parseCsv(text: string): Generator<CsvRecord> {
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  // The next quote in the text, found once and reused until passed (looking it up for every
  // line would scan to the end of a quote-free file each time).
  let quote = text.indexOf('"', pos);
  while (pos < n) {
    const start = line;
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
    if (quote < 0 || quote > nl) {
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      const raw = text.slice(pos, end);
      pos = nl + 1;
      line++;
      if (raw !== '') yield { line: start, fields: raw.split(',') };
      continue;
    }
    // Slow path: a record with quoted fields, possibly spanning lines.
    const fields: string[] = [];
    let field = '';
    let i = pos;
    for (;;) {
      if (i < n && text.charCodeAt(i) === 34) {
        // quoted field
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvSyntaxError(start, 'a quoted field is never closed');
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          field += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const c = i < n ? text.charCodeAt(i) : 10;
        if (c !== 44 && c !== 10 && !(c === 13 && (i + 1 >= n || text.charCodeAt(i + 1) === 10))) {
          throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
        }
      } else {
        // unquoted field up to the next comma or line end
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10) break;
          if (c === 34) throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field)');
          j++;
        }
        field = text.slice(i, j);
        if (field.endsWith('\r') && (j >= n || text.charCodeAt(j) === 10)) field = field.slice(0, -1);
        i = j;
      }
      fields.push(field);
      field = '';
      if (i >= n) {
        pos = n;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === 13) i++;
      if (i >= n) {
        pos = n;
        break;
      }
      if (text.charCodeAt(i) === 10) {
        pos = i + 1;
        line++;
        break;
      }
      i++; // the comma
    }
    yield { line: start, fields };
  }
}
