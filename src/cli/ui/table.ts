import type { Look, Paint, Terminal } from './terminal.ts';
import { displayWidth, oneLine, pad, truncate } from './text.ts';

/**
 * Aligned columns with a header row, the way `kubectl get` and `docker ps` print: no
 * borders, two spaces between columns, numbers right-aligned. It fits the width it is
 * given: first the flexible columns (labels, messages) give up space down to their minimum
 * and end in "…"; if that is not enough, the columns that matter least are left out.
 */
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** May be narrowed (cut with "…") to fit, down to `min` columns (default: the header's width, at least 6). */
  flex?: boolean;
  min?: number;
  /**
   * How much the column matters when the table does not fit: the lowest is left out first,
   * when narrowing the flexible columns a little is not enough (an id or a provider before
   * a message). Default 100: never left out.
   */
  keep?: number;
}

export interface Cell {
  text: string;
  look?: Look;
  /** Drawn before the text on a colour terminal only ("●"); not measured when colour is off. */
  symbol?: { text: string; look?: Look };
}

export type CellInput = string | Cell | null | undefined;

const GAP = '  ';
/** Before a column is left out, only flexible cells wider than this (a message) are cut, to this. */
const SOFT_MAX = 24;

export function renderTable(
  columns: readonly Column[],
  rows: ReadonlyArray<readonly CellInput[]>,
  out: { term: Terminal; paint: Paint },
  width = out.term.width,
): string[] {
  const options = { width, paint: out.paint, color: out.term.color };
  const cells = rows.map((row) => columns.map((_, i) => toCell(row[i], options.color)));
  let shown = columns.map((_, i) => i);
  // Cut only long flexible cells (a message, to SOFT_MAX), leaving out the least important
  // remaining column each time that is not enough — those that only add detail first; only
  // when no column may be left out are the flexible ones narrowed down to their minimum.
  let widths = fit(columns, cells, shown, options.width, true);
  while (!widths) {
    const droppable = shown.slice(1).filter((i) => (columns[i]!.keep ?? 100) < 100);
    if (droppable.length === 0) break;
    const drop = droppable.reduce((a, b) => ((columns[b]!.keep ?? 100) < (columns[a]!.keep ?? 100) ? b : a));
    shown = shown.filter((i) => i !== drop);
    widths = fit(columns, cells, shown, options.width, true);
  }
  widths ??= fit(columns, cells, shown, options.width, false);
  widths ??= natural(columns, cells, shown).map((w, k) => (columns[shown[k]!]!.flex ? minOf(columns[shown[k]!]!) : w));

  const line = (parts: string[]) => parts.join(GAP).trimEnd();
  const lines: string[] = [];
  lines.push(
    line(
      shown.map((i, k) => {
        const col = columns[i]!;
        const padded = pad(truncate(col.header, widths![k]!), widths![k]!, col.align);
        const text = padded.trim();
        const at = padded.indexOf(text);
        return padded.slice(0, at) + options.paint('dim', text) + padded.slice(at + text.length);
      }),
    ),
  );
  for (const row of cells) {
    lines.push(
      line(
        shown.map((i, k) => {
          const col = columns[i]!;
          const cell = row[i]!;
          const w = widths![k]!;
          const symbol = cell.symbol ? `${options.paint(cell.symbol.look, cell.symbol.text)} ` : '';
          const symbolWidth = cell.symbol ? displayWidth(cell.symbol.text) + 1 : 0;
          const text = truncate(cell.text, w - symbolWidth);
          const padded = pad(text, w - symbolWidth, col.align);
          // Colour the text, not the padding, so trailing spaces stay plain.
          const trimmed = padded.trimEnd();
          return symbol + options.paint(cell.look, trimmed) + padded.slice(trimmed.length);
        }),
      ),
    );
  }
  return lines;
}

function toCell(input: CellInput, color: boolean): Cell {
  if (input === null || input === undefined) return { text: '' };
  if (typeof input === 'string') return { text: oneLine(input) };
  const cell: Cell = { text: oneLine(input.text) };
  if (input.look) cell.look = input.look;
  if (color && input.symbol) cell.symbol = input.symbol;
  return cell;
}

const cellWidth = (c: Cell) => displayWidth(c.text) + (c.symbol ? displayWidth(c.symbol.text) + 1 : 0);

function natural(columns: readonly Column[], cells: Cell[][], shown: number[]): number[] {
  return shown.map((i) => Math.max(displayWidth(columns[i]!.header), ...cells.map((r) => cellWidth(r[i]!))));
}

function minOf(col: Column): number {
  return col.min ?? Math.max(6, displayWidth(col.header));
}

/**
 * Column widths that fit `width`, narrowing the widest flexible column one step at a time,
 * none below its minimum (`soft`: nor below SOFT_MAX); null when they cannot.
 */
function fit(
  columns: readonly Column[],
  cells: Cell[][],
  shown: number[],
  width: number,
  soft: boolean,
): number[] | null {
  const widths = natural(columns, cells, shown);
  const floors = shown.map((i, k) => Math.min(widths[k]!, Math.max(minOf(columns[i]!), soft ? SOFT_MAX : 0)));
  let over = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1) - width;
  while (over > 0) {
    let pick = -1;
    for (let k = 0; k < shown.length; k++) {
      if (!columns[shown[k]!]!.flex || widths[k]! <= floors[k]!) continue;
      if (pick === -1 || widths[k]! > widths[pick]!) pick = k;
    }
    if (pick === -1) return null;
    widths[pick] = widths[pick]! - 1;
    over -= 1;
  }
  return widths;
}
