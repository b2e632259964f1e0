import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../src/core/poller/bounded.ts';

describe('mapBounded', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 11 }, (_, i) => i);
    const results = await mapBounded(items, 4, async (i) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Later items finish sooner, so completion order differs from input order.
      await new Promise((r) => setTimeout(r, (11 - i) * 2));
      inFlight -= 1;
      return i * 10;
    });
    expect(most).toBe(4);
    expect(results).toEqual(items.map((i) => i * 10));
  });

  it('handles an empty list', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
