import { tempDir } from './tmp.ts';
import { addAccount, bal, DAY, M, MIN, newCore } from '../core/analytics/fixtures.ts';
import { addPack } from '../../src/core/analytics/packs.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { FakeClock } from './clock.ts';

// Monday 11 May 2026, 15:00 UTC.
export const NOW = Date.parse('2026-05-11T15:00:00Z');
export const NOW_ISO = new Date(NOW).toISOString();

/**
 * The issue's accounts, built in-process: the CheapAI studio whose 30-day pack expires in 36 h
 * holding nearly all its credits; an OpenRouter key at 97 % of its daily cap; a postpaid
 * Lumenfall account; two CheapAI keys on one shared balance.
 */
export async function issueAccountsHome(dir = tempDir()): Promise<{
  home: string;
  ids: Record<'studio' | 'router' | 'team' | 'batch', string>;
}> {
  const clock = new FakeClock(NOW - 5 * DAY);
  const core = newCore(dir, () => clock.now);
  const studio = await addAccount(core, 'cheapai', 'studio');
  const router = await addAccount(core, 'openrouter', 'router');
  const team = await addAccount(core, 'lumenfall', 'team');
  const batch = await addAccount(core, 'cheapai', 'batch');
  addPack(core, {
    accountId: studio.id,
    credits: '5000000',
    price: '90',
    purchasedAt: new Date(NOW - 28.5 * DAY).toISOString(),
    validity: '30d',
  });
  const reset = Math.floor(NOW / DAY) * DAY + DAY;
  for (; clock.now <= NOW; clock.now += 30 * MIN) {
    bal(core, studio, clock.now, 2_100_000 + (365_000 * (NOW - clock.now)) / DAY);
    // The second key of the same account, polled 10 s later, reports the same balance.
    bal(core, batch, clock.now + 10_000, 2_100_000 + (365_000 * (NOW - clock.now)) / DAY);
    const used = Math.max(0, (9.7 * (clock.now - (reset - DAY))) / (NOW - (reset - DAY)));
    core.recordReading(
      router,
      outcome({
        state: 'ok',
        httpStatus: 200,
        balance: { micros: Math.round((21 + (10 * (NOW - clock.now)) / DAY) * M), unit: 'USD' },
        cap: { unit: 'USD', limit: 10 * M, used: Math.round(used * M), remaining: null, resetAt: reset },
      }),
      clock.now,
    );
    core.recordReading(
      team,
      outcome({
        state: 'ok',
        httpStatus: 200,
        billing: 'postpaid',
        balance: { micros: Math.round((250 - (5 * (clock.now - NOW + 5 * DAY)) / DAY) * M), unit: 'USD' },
      }),
      clock.now,
    );
  }
  core.close();
  return { home: dir, ids: { studio: studio.id, router: router.id, team: team.id, batch: batch.id } };
}
