// Child process for crash.test.ts: writes readings through the real recordReading path as
// fast as it can and reports each one on stdout only after it has been committed.
import fs from 'node:fs';
import { openCore } from '../../src/core/core.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';

const home = process.argv[2];
if (!home) throw new Error('usage: crash-writer.ts <home>');
const core = openCore({ home, secrets: new MemorySecrets() });
const account =
  core.repos.accounts.list()[0] ??
  core.repos.accounts.insert({
    id: 'acc_crashtest01',
    provider: 'cheapai',
    label: 'crash',
    baseUrl: null,
    options: {},
    pollIntervalSeconds: 60,
    enabled: true,
    at: Date.now(),
    keyUpdatedAt: null,
  });
let ts = (core.repos.readings.latest(account.pk)?.ts ?? Date.parse('2026-01-01T00:00:00Z')) + 60_000;
let balance = 1_000_000_000_000;
for (;;) {
  // Alternate successes and failures so both kinds of rows are in flight when the kill lands.
  const ok = ts % 7 !== 0;
  balance -= 1_234_567;
  const stored = core.recordReading(
    account,
    ok
      ? outcome({ state: 'ok', httpStatus: 200, balance: { micros: balance, unit: 'credits' } })
      : outcome({ state: 'rate_limited', httpStatus: 429, retryAfterSeconds: 30, message: 'Too many requests' }),
    ts,
  );
  if (stored) fs.writeSync(1, `${ts}\n`);
  ts += 60_000;
}
