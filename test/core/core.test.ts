import { describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('Core.recordReading', () => {
  it('stores the reading, then tells listeners once', async () => {
    const core = openCore({ home: tempDir(), secrets: new MemorySecrets() });
    const added = await core.accounts.add({ provider: 'cheapai', label: 'main', key: 'k' });
    const account = core.accounts.require(added.id);
    const heard: number[] = [];
    const off = core.onReading((a, r) => heard.push(a.pk === account.pk ? r.ts : -1));
    const stored = core.recordReading(
      account,
      outcome({ state: 'ok', httpStatus: 200, balance: { micros: 5_000_000, unit: 'credits' } }),
      1000,
    );
    expect(stored).toMatchObject({ ts: 1000, balance: 5_000_000, unit: 'credits', state: 'ok' });
    expect(core.recordReading(account, outcome({ state: 'timeout' }), 1000)).toBeNull();
    core.recordReading(
      account,
      outcome({ state: 'insufficient_balance', httpStatus: 402, message: 'Insufficient credits' }),
      2000,
    );
    off();
    core.recordReading(account, outcome({ state: 'ok' }), 3000);
    expect(heard).toEqual([1000, 2000]);
    expect(core.repos.readings.range(account.pk, 0, 10_000).map((r) => r.state)).toEqual([
      'ok',
      'insufficient_balance',
      'ok',
    ]);
    core.close();
  });
});
