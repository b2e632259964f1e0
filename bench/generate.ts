import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../src/core/store/migrate.ts';
import { ReadingsRepo } from '../src/core/store/readings-repo.ts';
import { providerQuotaResets } from '../src/core/analytics/reset-policy.ts';
import { unitCode } from '../src/core/store/codes.ts';
import { DATABASE_FILE } from '../src/core/store/database.ts';
import { LATEST_SCHEMA_VERSION } from '../src/core/store/migrations/index.ts';
import type { Unit } from '../src/shared/units.ts';
import { seededRandom } from '../src/core/seeded-random.ts';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** 2025 is not a leap year: 365 days of minutes. */
export const START = Date.parse('2025-01-01T00:00:00Z');

export interface Dataset {
  home: string;
  accounts: number;
  minutes: number;
  readings: number;
  /** Seconds it took to build (0 when it came from the cache). */
  builtSeconds: number;
}

/** Bump when the generated data changes, so an old cache is rebuilt. */
const GENERATOR_VERSION = 1;

const PROVIDERS: Array<{ provider: string; unit: Unit; cap: boolean; start: number }> = [
  { provider: 'cheapai', unit: 'credits', cap: false, start: 10_000_000 },
  { provider: 'openrouter', unit: 'USD', cap: true, start: 500 },
  { provider: 'newapi', unit: 'quota', cap: false, start: 250_000_000 },
  { provider: 'deepseek', unit: 'CNY', cap: false, start: 3_000 },
  { provider: 'cheapa', unit: 'USD', cap: false, start: 400 },
];

/**
 * Build (or reuse from bench-data/) a home with `accounts` accounts polled every minute for
 * `days` days. Rows are inserted the way the poller writes them, minute by minute across
 * accounts, so the table's page fill is the real one; all in one transaction with prepared
 * statements, then each account's rollups are built once.
 */
export function dataset(root: string, accounts = 20, days = 365, log: (s: string) => void = () => {}): Dataset {
  const minutes = days * 1440;
  const home = path.join(root, `home-v${GENERATOR_VERSION}-s${LATEST_SCHEMA_VERSION}-${accounts}x${days}d`);
  const file = path.join(home, DATABASE_FILE);
  const readings = accounts * minutes;
  if (fs.existsSync(file)) {
    const db = new BetterSqlite3(file, { readonly: true });
    const done = db.prepare("SELECT value FROM settings WHERE key = 'bench.complete'").get() as
      { value: string } | undefined;
    db.close();
    if (done?.value === String(readings)) return { home, accounts, minutes, readings, builtSeconds: 0 };
  }
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  const started = performance.now();
  const db = new BetterSqlite3(file);
  // A throwaway build: no journal while generating; the bench opens it in WAL like the app.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  migrate(db);
  const addAccount = db.prepare(
    "INSERT INTO accounts (id, provider, label, base_url, options, poll_interval_s, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', 60, ?, ?)",
  );
  const insert = db.prepare(
    'INSERT INTO readings (account_pk, ts, state, balance, unit, http_status, cap_unit, cap_limit, cap_used, cap_remaining, cap_reset_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const kinds = Array.from({ length: accounts }, (_, i) => PROVIDERS[i % PROVIDERS.length]!);
  const pks: number[] = [];
  for (let i = 0; i < accounts; i++) {
    const k = kinds[i]!;
    const id = `acc_bench${String(i).padStart(4, '0')}`;
    pks.push(
      Number(
        addAccount.run(
          id,
          k.provider,
          `${k.provider} ${i}`,
          k.provider === 'newapi' ? 'http://127.0.0.1:3000' : null,
          START,
          START,
        ).lastInsertRowid,
      ),
    );
  }
  const random = seededRandom(20251); // every machine builds the same history
  const balance = kinds.map((k) => k.start * 1_000_000);
  const perMinute = kinds.map((k) => Math.round((k.start * 1_000_000) / (30 * 1440))); // a pack lasts about a month
  const capUsed = kinds.map(() => 0);
  db.transaction(() => {
    for (let m = 0; m < minutes; m++) {
      const ts = START + m * MINUTE;
      const dayStart = ts - (ts % DAY);
      const hour = (ts % DAY) / 3_600_000;
      const diurnal = 0.4 + 1.2 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
      for (let a = 0; a < accounts; a++) {
        const k = kinds[a]!;
        const r = random();
        const use = Math.round(perMinute[a]! * diurnal * 2 * random());
        balance[a]! -= use;
        if (balance[a]! < (k.start * 1_000_000) / 10) balance[a]! += k.start * 1_000_000; // a top-up
        if (ts === dayStart) capUsed[a] = 0;
        capUsed[a]! += use;
        if (r < 0.004) {
          insert.run(pks[a], ts, 9, null, null, null, null, null, null, null, null); // timeout
        } else if (r < 0.005) {
          insert.run(pks[a], ts, 5, null, null, 429, null, null, null, null, null); // rate limited
        } else if (k.cap) {
          const limit = 50_000_000;
          insert.run(
            pks[a],
            ts,
            0,
            balance[a],
            unitCode(k.unit),
            200,
            unitCode('USD'),
            limit,
            capUsed[a],
            Math.max(0, limit - capUsed[a]!),
            dayStart + DAY,
          );
        } else {
          insert.run(pks[a], ts, 0, balance[a], unitCode(k.unit), 200, null, null, null, null, null);
        }
      }
      if (m % (30 * 1440) === 0) log(`  generating: day ${m / 1440} of ${days}`);
    }
  })();
  log(`  rows in ${((performance.now() - started) / 1000).toFixed(1)} s; building rollups`);
  const repo = new ReadingsRepo(db, providerQuotaResets);
  for (const pk of pks) db.transaction(() => repo.rollups.replayFrom(pk, START))();
  db.prepare("INSERT INTO settings (key, value) VALUES ('bench.complete', ?)").run(String(readings));
  db.pragma('journal_mode = DELETE');
  db.close();
  return { home, accounts, minutes, readings, builtSeconds: (performance.now() - started) / 1000 };
}
