import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, HOUR, M, MIN, newCore, rel } from './fixtures.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { exportHistory } from '../../../src/core/analytics/export.ts';
import { importHistory } from '../../../src/core/analytics/import.ts';
import { testApi } from '../../helpers/api.ts';

const NOW = Date.parse('2026-05-11T15:00:00Z');

describe('totals count only money the user holds', () => {
  it('a postpaid Lumenfall account: credit left of the limit and spend this cycle, out of the totals and runway', async () => {
    const core = newCore(undefined, () => NOW);
    const wallet = await addAccount(core, 'deepseek', 'wallet');
    const team = await addAccount(core, 'lumenfall', 'team');
    for (let t = NOW - 3 * DAY; t <= NOW; t += 30 * MIN) {
      bal(core, wallet, t, 40 + (2 * (NOW - t)) / DAY, 'USD');
      // The poll says postpaid: the account is marked as such when the reading is stored.
      core.recordReading(
        team,
        outcome({
          state: 'ok',
          httpStatus: 200,
          billing: 'postpaid',
          balance: { micros: Math.round((250 - (5 * (t - NOW + 3 * DAY)) / DAY) * M), unit: 'USD' },
        }),
        t,
      );
    }
    const status = computeStatus(core, { now: NOW });
    const t = status.accounts.find((a) => a.id === team.id)!;
    expect(t.billing).toBe('postpaid');
    expect(t.countedInTotals).toBe(false);
    expect(t.postpaid).toEqual({
      creditLeft: { amount: '235', unit: 'USD' },
      cycleStart: '2026-05-01T00:00:00.000Z',
      // The history starts on 8 May: what it covers of this cycle.
      spendThisCycle: '15',
    });
    expect(t.runway).toMatchObject({ days: null, zeroAt: null, cause: null });
    expect(t.runway.reason).toMatch(/postpaid/);
    const w = status.accounts.find((a) => a.id === wallet.id)!;
    expect(w.billing).toBe('prepaid');
    // Only the wallet's $40 and $2 a day: the $235 of credit is not money held.
    expect(status.totals.value).toBe('40');
    expect(rel(Number(status.totals.burnPerDay), 2)).toBeLessThan(0.01);
    expect(status.totals.postpaid).toBe(1);
    expect(status.totals.nextToRunOut!.id).toBe(wallet.id);
    core.close();
  });

  it('two keys spending from one shared balance: counted once in totals, burn and runway; cap and key state stay per key', async () => {
    const core = newCore(undefined, () => NOW);
    const main = await addAccount(core, 'cheapai', 'main', { dailyCap: 100000 });
    const batch = await addAccount(core, 'cheapai', 'batch');
    const updated = core.accounts.update(batch.id, { sharesBalanceWith: 'main' });
    expect(updated.sharesBalanceWith).toBe(main.id);
    addPack(core, {
      accountId: main.id,
      credits: '5000000',
      price: '100',
      purchasedAt: new Date(NOW - 10 * DAY).toISOString(),
      validity: 'lifetime',
    });
    // Both keys report the one balance: 5,000,000 less 200,000 a day.
    for (let t = NOW - 8 * DAY; t <= NOW; t += 20 * MIN) {
      const left = 5_000_000 - (200_000 * (t - NOW + 8 * DAY)) / DAY;
      bal(core, main, t, left);
      bal(core, batch, t + MIN, left - 200_000 / (24 * 60));
    }
    const status = computeStatus(core, { now: NOW + 2 * MIN });
    const [m, b] = status.accounts;
    // Each key shows the whole balance and its runway…
    expect(m!.balance!.amount).not.toBe('0');
    expect(rel(m!.runway.days, 17)).toBeLessThan(0.01);
    expect(rel(b!.runway.days, 17)).toBeLessThan(0.01);
    expect(b!.sharesBalanceWith).toBe(main.id);
    // …but the totals count it once, from the key that read it last.
    expect([m!.countedInTotals, b!.countedInTotals]).toEqual([false, true]);
    expect(rel(Number(status.totals.value), 3_400_000 * 20e-6)).toBeLessThan(0.01);
    expect(rel(Number(status.totals.burnPerDay), 200_000 * 20e-6)).toBeLessThan(0.01);
    expect(status.totals.sharedCountedOnce).toBe(1);
    expect(status.totals.nextToRunOut!.id).toBe(batch.id);
    // Per key: only main has a daily cap; the shared pack is listed on the account it was recorded on.
    expect(m!.cap).not.toBeNull();
    expect(b!.cap).toBeNull();
    expect(m!.packs).toHaveLength(1);
    expect(b!.packs).toHaveLength(0);
    core.close();
  });

  it('linking is checked: not itself, not another provider, a chain leads to the balance, members follow', async () => {
    const core = newCore(undefined, () => NOW);
    const a = await addAccount(core, 'cheapai', 'a');
    const b = await addAccount(core, 'cheapai', 'b');
    const c = await addAccount(core, 'cheapai', 'c');
    const ds = await addAccount(core, 'deepseek', 'ds');
    expect(() => core.accounts.update(a.id, { sharesBalanceWith: a.id })).toThrow(
      'an account cannot share a balance with itself',
    );
    expect(() => core.accounts.update(a.id, { sharesBalanceWith: 'ds' })).toThrow(
      'ds is a DeepSeek account: a shared balance is spent by keys of one provider',
    );
    expect(() => core.accounts.update(a.id, { sharesBalanceWith: 'nobody' })).toThrow(
      'no account with id or label "nobody" to share a balance with',
    );
    core.accounts.update(b.id, { sharesBalanceWith: a.id });
    // c → b is c → a: a shared balance is one account and the keys pointing straight at it.
    expect(core.accounts.update(c.id, { sharesBalanceWith: b.id }).sharesBalanceWith).toBe(a.id);
    expect(() => core.accounts.update(a.id, { sharesBalanceWith: b.id })).toThrow(
      '"' + b.id + '" already spends from this account\'s balance',
    );
    // Moving the balance's own account moves its members with it.
    const d = await core.accounts.add({ provider: 'cheapai', label: 'd', key: 'sk-test' });
    core.accounts.update(a.id, { sharesBalanceWith: d.id });
    expect(core.accounts.list().map((x) => [x.label, x.sharesBalanceWith])).toEqual([
      ['a', d.id],
      ['b', d.id],
      ['c', d.id],
      ['ds', null],
      ['d', null],
    ]);
    // Removing the balance's account gives the others their own balance again.
    await core.accounts.remove(d.id);
    expect(core.accounts.list().every((x) => x.sharesBalanceWith === null)).toBe(true);
    // Nothing was changed by the refused attempts.
    expect(core.accounts.get(ds.id).sharesBalanceWith).toBeNull();
    core.close();
  });

  it('offers to link two accounts of one provider and base URL that reported the same balance at the same polls for a day', async () => {
    const core = newCore(undefined, () => NOW);
    const one = await addAccount(core, 'cheapai', 'one');
    const two = await addAccount(core, 'cheapai', 'two');
    const other = await addAccount(core, 'cheapai', 'other');
    for (let t = NOW - 25 * HOUR; t <= NOW; t += 30 * MIN) {
      const left = 3_000_000 - Math.floor((t - NOW + 25 * HOUR) / HOUR) * 1000;
      bal(core, one, t, left);
      bal(core, two, t + 20_000, left); // polled 20 s later, same balance
      bal(core, other, t + 10_000, left / 3); // another balance altogether
    }
    const status = computeStatus(core, { now: NOW + MIN });
    expect(status.sharedBalanceSuggestions).toHaveLength(1);
    expect(status.sharedBalanceSuggestions[0]).toMatchObject({
      accountId: two.id,
      sharesBalanceWith: one.id,
      provider: 'cheapai',
    });
    expect(status.sharedBalanceSuggestions[0]!.matches).toBeGreaterThan(40);
    expect(status.sharedBalanceSuggestions[0]!.message).toMatch(/^two and one \(CheapAI\) reported the same balance/);
    // Offered, never linked.
    expect(core.accounts.get(two.id).sharesBalanceWith).toBeNull();
    expect(status.totals.sharedCountedOnce).toBe(0);
    // Once linked, no longer offered; nor for less than a day of agreement.
    core.accounts.update(two.id, { sharesBalanceWith: one.id });
    expect(computeStatus(core, { now: NOW + MIN }).sharedBalanceSuggestions).toEqual([]);
    core.accounts.update(two.id, { sharesBalanceWith: null });
    expect(computeStatus(core, { now: NOW - 12 * HOUR }).sharedBalanceSuggestions).toEqual([]);
    // The alert engine's one-account reports never look for pairs.
    expect(computeStatus(core, { now: NOW + MIN, accountIds: [one.id] }).sharedBalanceSuggestions).toEqual([]);
    core.close();
  });
});

describe('shared balances and billing travel with the accounts', () => {
  it.each(['csv', 'json'] as const)('%s: export then import keeps the link and the billing type', async (format) => {
    const source = newCore(undefined, () => NOW);
    const main = await addAccount(source, 'cheapai', 'main');
    const batch = await addAccount(source, 'cheapai', 'batch');
    const team = await addAccount(source, 'lumenfall', 'team');
    source.accounts.update(batch.id, { sharesBalanceWith: main.id });
    for (let t = NOW - DAY; t <= NOW; t += HOUR) {
      bal(source, main, t, 1_000_000 - (t - NOW + DAY) / 1000);
      bal(source, batch, t + 1000, 1_000_000 - (t - NOW + DAY) / 1000);
      source.recordReading(
        team,
        outcome({ state: 'ok', billing: 'postpaid', balance: { micros: 200 * M, unit: 'USD' } }),
        t,
      );
    }
    let text = '';
    exportHistory(source, { format }, (chunk) => (text += chunk));
    const target = newCore(undefined, () => NOW);
    importHistory(target, text);
    const status = computeStatus(target, { now: NOW });
    const byLabel = (label: string) => status.accounts.find((a) => a.label === label)!;
    expect(byLabel('batch').sharesBalanceWith).toBe(byLabel('main').id);
    expect(byLabel('team').billing).toBe('postpaid');
    const before = computeStatus(source, { now: NOW });
    expect(status.totals).toEqual(before.totals);
    source.close();
    target.close();
  });
});

describe('the window links a shared balance by id, checked like the CLI', () => {
  it('accounts:update takes sharesBalanceWith, refuses what is not an account id, and names what it cannot link', async () => {
    const core = newCore(undefined, () => NOW);
    const a = await addAccount(core, 'cheapai', 'a');
    const b = await addAccount(core, 'cheapai', 'b');
    const ds = await addAccount(core, 'deepseek', 'ds');
    const { invoke } = testApi({ core });
    expect(await invoke('accounts:update', { id: b.id, sharesBalanceWith: a.id })).toMatchObject({
      ok: true,
      value: { id: b.id, sharesBalanceWith: a.id },
    });
    expect(await invoke('accounts:update', { id: b.id, sharesBalanceWith: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'sharesBalanceWith: not an account id' },
    });
    expect(await invoke('accounts:update', { id: b.id, sharesBalanceWith: ds.id })).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        message: 'ds is a DeepSeek account: a shared balance is spent by keys of one provider',
      },
    });
    expect(await invoke('accounts:update', { id: b.id, sharesBalanceWith: null })).toMatchObject({
      ok: true,
      value: { sharesBalanceWith: null },
    });
    await invoke.close();
    core.close();
  });
});
