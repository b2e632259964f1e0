import { describe, expect, it } from 'vitest';
import { runSteps, runStepsYielding } from '../../src/core/steps.ts';
import type { Steps } from '../../src/core/steps.ts';
import { computeStatus, computeStatusYielding } from '../../src/core/analytics/status.ts';
import { overview, overviewYielding } from '../../src/core/window/overview.ts';
import { addAccount, bal, DAY, HOUR, newCore, T0 } from './analytics/fixtures.ts';

/**
 * One definition of a long computation, run two ways: at once (the CLI, the tray), or
 * giving the event loop back between steps (main's replies to the window), with the same
 * result.
 */
function* busy(steps: number, msEach: number, log: string[]): Steps<number> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + msEach;
    while (performance.now() < until) {
      /* work */
    }
    log.push(`step ${i}`);
    yield;
  }
  return steps;
}

describe('steps', () => {
  it('at once: nothing else runs in between', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other'));
    expect(runSteps(busy(4, 3, log))).toBe(4);
    expect(log).toEqual(['step 0', 'step 1', 'step 2', 'step 3']);
    await new Promise((r) => setImmediate(r));
    expect(log.at(-1)).toBe('other');
  });

  it('yielding: other work runs between slices of about the given length', async () => {
    const log: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const result = await runStepsYielding(busy(10, 5, log), 8);
    clearInterval(timer);
    expect(result).toBe(10);
    expect(log.filter((l) => l.startsWith('step'))).toHaveLength(10);
    // Ten steps of 5 ms in slices of about 8 ms: the loop ran in between several times.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('status and overview give the same answer either way', async () => {
    const core = newCore(undefined, () => T0 + 3 * DAY);
    const a = await addAccount(core, 'cheapai', 'a');
    const b = await addAccount(core, 'deepseek', 'b');
    for (let t = T0; t < T0 + 3 * DAY; t += HOUR) {
      bal(core, a, t, 90_000 - (t - T0) / 1e5);
      bal(core, b, t + 1, 500 - (t - T0) / 1e7, 'CNY');
    }
    expect(await computeStatusYielding(core)).toEqual(computeStatus(core));
    expect(await overviewYielding(core)).toEqual(overview(core));
    core.close();
  });
});
