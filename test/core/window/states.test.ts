import { describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import { stateSegments } from '../../../src/core/window/states.ts';
import type { ReadingRecord } from '../../../src/core/store/readings-repo.ts';
import type { KeyState } from '../../../src/shared/states.ts';
import { KEY_STATES } from '../../../src/shared/states.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 60_000;

async function setup(states: KeyState[]) {
  const core = openCore({ home: tempDir(), secrets: new MemorySecrets(), now: () => T0 + states.length * STEP });
  const account = await core.accounts.add({ provider: 'cheapai', label: 'x', key: 'sk_x' });
  const pk = core.accounts.require(account.id).pk;
  const records: ReadingRecord[] = states.map((state, i) => ({
    accountPk: pk,
    ts: T0 + i * STEP,
    state,
    balance: state === 'ok' ? 1_000_000 : null,
    unit: state === 'ok' ? 'credits' : null,
    httpStatus: null,
    retryAfterSeconds: null,
    cap: null,
    keyExpiresAt: null,
    message: null,
  }));
  core.repos.readings.insertMany(records);
  return { core, pk };
}

/** The obvious definition: walk every reading and cut where the state changes. */
function naive(states: KeyState[], from: number, to: number, end: number) {
  const out: Array<{ state: KeyState; from: number; to: number }> = [];
  states.forEach((state, i) => {
    const ts = T0 + i * STEP;
    if (ts < from || ts >= to) return;
    const prev = out[out.length - 1];
    if (prev && prev.state === state) return;
    if (prev) prev.to = ts;
    out.push({ state, from: ts, to: end });
  });
  return out;
}

describe('stateSegments', () => {
  it('is one ok run for history with no failures', async () => {
    const states = Array<KeyState>(500).fill('ok');
    const { core, pk } = await setup(states);
    expect(stateSegments(core, pk, T0, T0 + 1e9)).toEqual([{ state: 'ok', from: T0, to: T0 + 500 * STEP }]);
    core.close();
  });

  it('matches a reading-by-reading walk on mixed history, for whole and partial ranges', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const states: KeyState[] = [];
    for (let i = 0; i < 3000; i++) {
      const prev = states[i - 1] ?? 'ok';
      states.push(random() < 0.9 ? prev : KEY_STATES[Math.floor(random() * KEY_STATES.length)]!);
    }
    const { core, pk } = await setup(states);
    const now = T0 + states.length * STEP;
    for (const [from, to] of [
      [T0, now + 1],
      [T0 + 700 * STEP + 13, T0 + 2100 * STEP],
      [T0 + 1500 * STEP, T0 + 1501 * STEP],
    ] as const) {
      // The last run lasts until now (the clock is past every reading), or the range's end.
      expect(stateSegments(core, pk, from, to)).toEqual(naive(states, from, to, Math.min(to, now)));
    }
    core.close();
  });
});
