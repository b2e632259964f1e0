import { styleText } from 'node:util';
import type { CliIO } from '../io.ts';

/**
 * What the output is going to: a terminal or not, how wide, and whether it may be coloured.
 *
 * - Width: the terminal's own; else `COLUMNS`; else 120.
 * - Colour and symbols only on a terminal, never when `NO_COLOR` is set (no-color.org) and
 *   never in JSON (JSON commands do not ask). `TERM=dumb` is no terminal for colours.
 */
export interface Terminal {
  tty: boolean;
  width: number;
  color: boolean;
}

export const DEFAULT_WIDTH = 120;
/** Narrower than this, tables would be all ellipses: lay out for this and let the terminal wrap. */
const MIN_WIDTH = 40;

export function terminalOf(io: Pick<CliIO, 'stdout' | 'env'>): Terminal {
  const out = io.stdout as { isTTY?: boolean; columns?: number };
  const tty = out.isTTY === true;
  const env = io.env;
  const columns = Number(env.COLUMNS);
  const width =
    tty && Number.isInteger(out.columns) && out.columns! > 0
      ? out.columns!
      : Number.isInteger(columns) && columns > 0
        ? columns
        : DEFAULT_WIDTH;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const color = !noColor && tty && env.TERM !== 'dumb';
  return { tty, width: Math.max(MIN_WIDTH, width), color };
}

/** The few looks human output uses; each maps to one or two SGR attributes. */
export type Look = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan' | 'magenta' | 'boldRed' | 'boldYellow';

const SGR: Record<Look, Parameters<typeof styleText>[0]> = {
  bold: 'bold',
  dim: 'dim',
  red: 'red',
  yellow: 'yellow',
  green: 'green',
  cyan: 'cyan',
  magenta: 'magenta',
  boldRed: ['bold', 'red'],
  boldYellow: ['bold', 'yellow'],
};

export type Paint = (look: Look | undefined, text: string) => string;

/**
 * Colours through Node's own `util.styleText`; whether to colour is decided once, in
 * `terminalOf`, from the stream this command writes to (not from process.stdout).
 */
export function painter(term: Terminal): Paint {
  if (!term.color) return (_look, text) => text;
  return (look, text) => (look && text ? styleText(SGR[look], text, { validateStream: false }) : text);
}
