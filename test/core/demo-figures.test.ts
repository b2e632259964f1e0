import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDemo } from '../../src/core/demo.ts';
import { computeStatus } from '../../src/core/analytics/status.ts';
import { tempDir } from '../helpers/tmp.ts';

describe("the demo's figures", () => {
  it('CheapAI studio: a runway cut by its expiring pack, a warning while its key is ok; a postpaid account left out', async () => {
    const demo = await startDemo({ home: path.join(tempDir(), 'demo'), poll: false });
    try {
      const status = computeStatus(demo.core);
      const studio = status.accounts.find((a) => a.label === 'Demo · CheapAI studio')!;
      const balance = Number(studio.balance!.amount);
      const burn = Number(studio.burn.perDay);
      const spendOnly = balance / burn;
      // Spend alone would give ~25 days; over a million credits leave with the 30-day pack in
      // 4 days, so the projected balance runs out days earlier.
      expect(spendOnly).toBeGreaterThan(20);
      expect(studio.runway.days!).toBeLessThan(spendOnly - 5);
      expect(Number(studio.runway.expiringBeforeZero!.amount)).toBeGreaterThan(1_000_000);
      // What the 30-day pack holds never exceeds the balance.
      const held = studio.packs.reduce((sum, p) => sum + Number(p.remaining), 0);
      expect(held).toBeLessThanOrEqual(balance);
      // Its key is fine; its health is a warning (the cap at ~88 %, the pack expiring unused).
      expect(studio.state).toBe('ok');
      expect(studio.health.level).toBe('warning');
      expect(studio.health.reasons.map((r) => r.kind)).toEqual(
        expect.arrayContaining(['cap_approaching', 'pack_expiring']),
      );
      expect(studio.cap).toMatchObject({ resetSource: 'account', resetTimeZone: 'Asia/Shanghai' });

      const team = status.accounts.find((a) => a.label === 'Demo · Lumenfall team')!;
      expect(team).toMatchObject({ billing: 'postpaid', countedInTotals: false });
      expect(status.totals.postpaid).toBe(1);
      expect(status.totals.attention).toContain(studio.id);
    } finally {
      await demo.close();
    }
  });
});
