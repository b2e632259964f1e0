import { describe, expect, it } from 'vitest';
import { addAccount, DAY, M, MIN, newCore, rng, store, T0 } from './fixtures.ts';
import { exportHistory } from '../../../src/core/analytics/export.ts';
import { csvRow } from '../../../src/core/analytics/csv.ts';
import { CSV_COLUMNS, readingFields } from '../../../src/core/analytics/transfer-format.ts';
import { toReading } from '../../../src/core/store/readings-repo.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { KEY_STATES } from '../../../src/shared/states.ts';
import { UNITS } from '../../../src/shared/units.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';

/**
 * The export writes readings as bytes straight from raw rows (export-writer.ts). What it
 * writes must be exactly what the reading-object path describes: readingFields + csvRow for
 * CSV, JSON.stringify of toReading for JSON. Checked on readings with every awkward field:
 * negative, tiny and huge amounts, every state and unit, caps with and without figures,
 * messages with quotes, commas, newlines, formulas and non-ASCII, times before 1970 and
 * after 2100.
 */
function awkwardOutcomes(): PollOutcome[] {
  const random = rng(7);
  const out: PollOutcome[] = [];
  const amounts = [0, 1, -1, 999_999, 1_000_000, -1_500_000, 123_456_789_012, Number.MAX_SAFE_INTEGER, -90_000_001];
  const messages = [
    null,
    'plain',
    'quote " and comma, here',
    'line\nbreak',
    '=HYPERLINK("x")',
    "'=already guarded",
    '-12 minus',
    '  spaced  ',
    'ünïcödé ✓ 余额不足',
    '@mention',
  ];
  for (let i = 0; i < 300; i++) {
    const state = KEY_STATES[i % KEY_STATES.length]!;
    const unit = UNITS[i % UNITS.length]!;
    const withBalance = i % 7 !== 3;
    const amount = amounts[i % amounts.length]! + Math.floor(random() * 1000);
    out.push(
      outcome({
        state,
        httpStatus: i % 5 === 0 ? null : [200, 401, 402, 429, 502][i % 5]!,
        retryAfterSeconds: i % 11 === 0 ? 30 + i : null,
        message: messages[i % messages.length]!,
        balance: withBalance ? { micros: Math.min(amount, Number.MAX_SAFE_INTEGER), unit } : null,
        cap:
          i % 4 === 0
            ? {
                unit: UNITS[(i + 1) % UNITS.length]!,
                limit: i % 8 === 0 ? null : 50 * M,
                used: i % 3 === 0 ? null : i * 1234,
                remaining: i % 6 === 0 ? null : 50 * M - i * 1234,
                resetAt:
                  i % 5 === 0 ? null : i % 3 === 0 ? Date.parse('2999-12-31T23:59:59.999Z') : T0 + i * 3_600_000 + 123,
              }
            : null,
        keyExpiresAt: i % 9 === 0 ? T0 + 400 * DAY + 7 : null,
      }),
    );
  }
  return out;
}

describe('the export writer', () => {
  it('writes CSV and JSON byte for byte as the reading objects describe them', async () => {
    const core = newCore();
    const a = await addAccount(core, 'cheapai', '=sum(A1), "quoted" label');
    const b = await addAccount(core, 'openrouter', 'plain');
    const c = await addAccount(core, 'deepseek', 'before 1970');
    const outcomes = awkwardOutcomes();
    // Times across days, with milliseconds; caps and key expiries reach past 2100 (above).
    outcomes.forEach((o, i) => store(core, i % 2 ? a : b, T0 + i * 7 * MIN + (i % 1000), o));
    // Times before 1970 (negative milliseconds), close together so their rollups stay small.
    for (const [i, at] of ['1969-12-31T23:59:59.999Z', '1969-12-31T22:00:00.001Z', '1969-07-20T20:17:40.5Z'].entries())
      store(core, c, Date.parse(at), outcomes[i]!);

    for (const format of ['csv', 'json'] as const) {
      let text = '';
      exportHistory(core, { format, readingsOnly: true }, (chunk) => (text += chunk));
      let expected = format === 'csv' ? csvRow(CSV_COLUMNS) : '[';
      let first = true;
      for (const account of [a, b, c]) {
        for (const r of core.repos.readings.range(account.pk, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) {
          if (format === 'csv') expected += csvRow(readingFields(r, account));
          else
            expected += `${first ? '\n' : ',\n'} ${JSON.stringify({ ...toReading(r, account.id), label: account.label, provider: account.provider })}`;
          first = false;
        }
      }
      if (format === 'json') expected += '\n]\n';
      expect(text.length).toBeGreaterThan(1000);
      // Compared line by line, so a difference shows where it is (a whole-text diff is unreadable).
      const got = text.split('\n');
      const want = expected.split('\n');
      const at = want.findIndex((line, i) => got[i] !== line);
      expect(at === -1 ? null : { line: at, got: got[at], want: want[at] }).toBeNull();
      expect(got.length).toBe(want.length);
      if (format === 'json') expect(JSON.parse(text)).toHaveLength(outcomes.length + 3);
    }
    core.close();
  });
});
