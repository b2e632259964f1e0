import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/ui/table.ts';
import type { Column } from '../../src/cli/ui/table.ts';
import { painter, terminalOf } from '../../src/cli/ui/terminal.ts';
import { displayWidth, plain, truncate, wrap } from '../../src/cli/ui/text.ts';

const plainOut = (width: number) => {
  const term = { tty: false, width, color: false };
  return { term, paint: painter(term) };
};

describe('terminalOf', () => {
  const tty = (columns?: number) => ({ isTTY: true, columns });
  it.each<[string, object, NodeJS.ProcessEnv, { tty: boolean; width: number; color: boolean }]>([
    ['a terminal: its width, colour', tty(100), {}, { tty: true, width: 100, color: true }],
    ['NO_COLOR wins', tty(100), { NO_COLOR: '1' }, { tty: true, width: 100, color: false }],
    ['an empty NO_COLOR is unset', tty(100), { NO_COLOR: '' }, { tty: true, width: 100, color: true }],
    ['TERM=dumb: no colour', tty(100), { TERM: 'dumb' }, { tty: true, width: 100, color: false }],
    ['a pipe: COLUMNS, no colour', {}, { COLUMNS: '80' }, { tty: false, width: 80, color: false }],
    ['a pipe without COLUMNS: 120', {}, {}, { tty: false, width: 120, color: false }],
    ['FORCE_COLOR does not colour a pipe', {}, { FORCE_COLOR: '1' }, { tty: false, width: 120, color: false }],
    [
      'a terminal that does not say its width: COLUMNS',
      tty(),
      { COLUMNS: '90' },
      { tty: true, width: 90, color: true },
    ],
    ['a nonsense COLUMNS: 120', {}, { COLUMNS: 'wide' }, { tty: false, width: 120, color: false }],
  ])('%s', (_what, stdout, env, expected) => {
    expect(terminalOf({ stdout: stdout as NodeJS.WritableStream & object, env } as never)).toEqual(expected);
  });
});

describe('text', () => {
  it('measures terminal columns: CJK and emoji take two', () => {
    expect(displayWidth('main')).toBe(4);
    expect(displayWidth('主账户')).toBe(6);
    expect(displayWidth('🔥')).toBe(2);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
  });

  it('cuts with an ellipsis, never through a wide character', () => {
    expect(truncate('OpenRouter team key', 10)).toBe('OpenRoute…');
    expect(truncate('主账户备用', 6)).toBe('主账…');
    expect(displayWidth(truncate('主账户备用', 6))).toBeLessThanOrEqual(6);
    expect(truncate('short', 10)).toBe('short');
  });

  it('wraps words; a word longer than the line is cut', () => {
    expect(wrap('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrap('see https://example.com/a/very/long/path', 12)).toEqual(['see', 'https://exa…']);
  });

  it('removes what would drive a terminal: escapes, OSC titles, control characters', () => {
    expect(plain('ok\u001b]0;pwned\u0007 \u001b[2Jdone\u0000\u0008\u009b')).toBe('ok done');
  });
});

describe('renderTable', () => {
  const columns: Column[] = [
    { header: 'ACCOUNT', flex: true, min: 6 },
    { header: 'BALANCE', align: 'right' },
    { header: 'NOTE', flex: true, keep: 30 },
  ];
  const rows = [
    ['主账户', '$12.50', 'fine'],
    ['OpenRouter team key', '1,234,567 credits', 'a long note that will not fit in a narrow terminal'],
  ];

  it('aligns by display width, right-aligns numbers, trims trailing spaces', () => {
    expect(renderTable(columns, rows, plainOut(120))).toEqual([
      'ACCOUNT                        BALANCE  NOTE',
      '主账户                          $12.50  fine',
      'OpenRouter team key  1,234,567 credits  a long note that will not fit in a narrow terminal',
    ]);
  });

  it('cuts a long message before leaving any column out, ending in "…"', () => {
    const lines = renderTable(columns, rows, plainOut(75));
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(75);
    expect(lines[2]).toBe('OpenRouter team key  1,234,567 credits  a long note that will not fit in a…');
  });

  it('narrows a column that is never left out as far as its minimum', () => {
    const kept = columns.map((c) => (c.header === 'NOTE' ? { ...c, keep: 100 } : c));
    expect(renderTable(kept, rows, plainOut(60))[2]).toBe(
      'OpenRouter team key  1,234,567 credits  a long note that wi…',
    );
    expect(renderTable(kept, rows, plainOut(40))[2]).toBe('OpenRout…  1,234,567 credits  a long no…');
  });

  it('leaves out the least important column when narrowing is not enough', () => {
    expect(renderTable(columns, rows, plainOut(60))).toEqual([
      'ACCOUNT                        BALANCE',
      '主账户                          $12.50',
      'OpenRouter team key  1,234,567 credits',
    ]);
    const lines = renderTable(columns, rows, plainOut(30));
    expect(lines).toEqual([
      'ACCOUNT                BALANCE',
      '主账户                  $12.50',
      'OpenRouter…  1,234,567 credits',
    ]);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(36);
  });

  it('leaves a column that only adds detail out whole before cutting any cell', () => {
    const withId: Column[] = [
      { header: 'ACCOUNT', flex: true },
      { header: 'ID', keep: 10 },
      { header: 'NOTE', flex: true },
    ];
    const lines = renderTable(withId, [['OpenRouter team key', 'acc_0123456789ab', 'a note that fits']], plainOut(40));
    expect(lines).toEqual(['ACCOUNT              NOTE', 'OpenRouter team key  a note that fits']);
  });

  it('colours the text, not the padding; symbols only with colour; cells made plain', () => {
    const cell = { text: 'critical', look: 'red' as const, symbol: { text: '✖', look: 'red' as const } };
    const term = { tty: true, width: 80, color: true };
    const coloured = renderTable([{ header: 'HEALTH' }, { header: 'X' }], [[cell, 'a\u001b[2Jb']], {
      term,
      paint: painter(term),
    });
    expect(coloured[1]).toBe('\u001b[31m✖\u001b[39m \u001b[31mcritical\u001b[39m  ab');
    const uncoloured = renderTable([{ header: 'HEALTH' }, { header: 'X' }], [[cell, 'x']], plainOut(80));
    expect(uncoloured).toEqual(['HEALTH    X', 'critical  x']);
  });
});
