import { describe, expect, it } from 'vitest';
import { csvRow, neutralizeFormula, parseCsv, restoreFormula } from '../../../src/core/analytics/csv.ts';

const parse = (text: string) => [...parseCsv(text)];

describe('CSV', () => {
  it('quotes what needs quoting and parses it back, with the line each record starts on', () => {
    const tricky = ['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded ', '', 'x\r\ny'];
    const text =
      csvRow(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7']) + csvRow(tricky) + csvRow(['1', '2', '3', '4', '5', '6', '7']);
    const records = parse(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'],
      tricky,
      ['1', '2', '3', '4', '5', '6', '7'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('reads CRLF files, skips blank lines and a byte-order mark', () => {
    expect(parse('\ufeffa,b\r\n\r\n1,"x"\r\n2,\r\n').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', 'x']],
      [4, ['2', '']],
    ]);
  });

  it('names the line of a broken quote', () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parse('a,b\n1,x"y\n')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parse('a,b\n1,"x"y\n')).toThrow(/line 2: unexpected text after a closing quote/);
  });

  it('neutralises formulas in text cells, reversibly', () => {
    for (const text of ['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', "'=x", "''", "'plain", 'plain', '', "it's"]) {
      const out = neutralizeFormula(text);
      expect(/^[=+\-@\t\r]/.test(out)).toBe(false);
      expect(restoreFormula(out)).toBe(text);
    }
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
  });
});
