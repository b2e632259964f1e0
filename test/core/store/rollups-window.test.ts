import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { addAccount, bal, DAY, fail, HOUR, MIN, newCore, rng, T0 } from '../analytics/fixtures.ts';
import { databaseForTests } from '../../../src/core/core.ts';

/**
 * A staged import rebuilds only the days its chunk touches (RollupsRepo.replayWindow via
 * rebuildAround). After each such step the rollups must equal a full rebuild from the
 * readings: checked on histories with gaps, top-ups, failures, a quota that resets and a
 * change of unit, with readings added and removed at random places.
 */
function rollups(db: Database, pk: number) {
  return {
    hour: db.prepare('SELECT * FROM rollup_hour WHERE account_pk = ? ORDER BY bucket').all(pk),
    day: db.prepare('SELECT * FROM rollup_day WHERE account_pk = ? ORDER BY bucket').all(pk),
    events: db.prepare('SELECT * FROM balance_events WHERE account_pk = ? ORDER BY ts').all(pk),
  };
}

describe('rebuilding a window of days', () => {
  it.each(['cheapai', 'newapi'])(
    'leaves the rollups equal to a full rebuild after rows are added or removed anywhere (%s)',
    async (provider) => {
      const core = newCore();
      const account = await addAccount(
        core,
        provider,
        'w',
        {},
        provider === 'newapi' ? 'http://127.0.0.1:9' : undefined,
      );
      const db = databaseForTests(core);
      const repo = core.repos.readings.rollups;
      const random = rng(provider.length);
      let balance = 5000;
      // Twenty days of irregular polling with a three-day gap, top-ups and failures.
      for (let t = T0; t < T0 + 20 * DAY; t += (5 + Math.floor(random() * 40)) * MIN) {
        if (t > T0 + 8 * DAY && t < T0 + 11 * DAY) continue;
        if (random() < 0.03) fail(core, account, t);
        else {
          balance -= random() * 3;
          if (balance < 500) balance += 4000;
          bal(core, account, t, balance, t > T0 + 17 * DAY && provider === 'cheapai' ? 'USD' : 'credits');
        }
      }
      const full = () => {
        repo.markDirty(account.pk, Number.MIN_SAFE_INTEGER);
        db.transaction(() => repo.replayFrom(account.pk, Number.MIN_SAFE_INTEGER))();
        return rollups(db, account.pk);
      };
      const insert = db.prepare(
        'INSERT INTO readings (account_pk, ts, state, balance, unit, http_status) VALUES (?, ?, 0, ?, 2, 200) ON CONFLICT DO NOTHING',
      );
      const remove = db.prepare('DELETE FROM readings WHERE account_pk = ? AND ts >= ? AND ts <= ?');
      for (let step = 0; step < 40; step++) {
        const lo = T0 - 2 * DAY + Math.floor(random() * 24 * DAY);
        const hi = lo + Math.floor(random() * (step % 3 === 0 ? 3 * DAY : 5 * HOUR));
        db.transaction(() => {
          if (step % 2 === 0) {
            // A chunk of new readings in [lo, hi], as an import writes them, spending or topping up.
            let b = 1000 + random() * 3000;
            for (let t = lo; t <= hi; t += 7 * MIN + 13) insert.run(account.pk, t, Math.round((b -= random()) * 1e6));
          } else remove.run(account.pk, lo, hi);
          repo.rebuildAround(account.pk, lo, hi);
        })();
        const windowed = rollups(db, account.pk);
        expect(windowed.day.length).toBeGreaterThan(0);
        expect(windowed, `after step ${step}`).toEqual(full());
      }
      core.close();
    },
  );
});
