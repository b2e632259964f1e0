import { describe, expect, it } from 'vitest';
import { addAccount, bal, HOUR, newCore, T0 } from './fixtures.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { readMoneySettings, setMoneySetting } from '../../../src/core/analytics/settings.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';

describe('money', () => {
  it('converts each unit explicitly and totals in the display currency', async () => {
    const core = newCore();
    const relay = await addAccount(core, 'newapi', 'relay', {}, 'http://127.0.0.1:3000');
    const ds = await addAccount(core, 'deepseek', 'ds');
    const voice = await addAccount(core, 'elevenlabs', 'voice');
    const cheap = await addAccount(core, 'cheapai', 'cheap');
    bal(core, relay, T0, 2_500_000, 'quota'); // $5
    bal(core, ds, T0, 73, 'CNY'); // $10 at 7.3
    bal(core, voice, T0, 30_000, 'characters');
    bal(core, cheap, T0, 2_000_000, 'credits');
    let s = computeStatus(core, { now: T0 + HOUR });
    expect(s.accounts.map((a) => a.valueUsd)).toEqual(['5', '10', null, null]);
    expect(s.totals).toMatchObject({ currency: 'USD', value: '15', unvalued: 2 });

    setMoneySetting(core.repos.settings, 'usdPer1kCharacters', '0.3');
    addPack(core, {
      accountId: cheap.id,
      credits: '1000000',
      price: '182.5',
      currency: 'CNY',
      purchasedAt: '2026-02-28',
      validity: 'lifetime',
    }); // $25
    addPack(core, { accountId: cheap.id, credits: '1000000', price: '30', purchasedAt: '2026-02-28', validity: '90d' });
    setMoneySetting(core.repos.settings, 'cnyPerUsd', '7.3');
    s = computeStatus(core, { now: T0 + HOUR });
    // characters at $0.30 per 1,000; credits at the packs' price, weighted by what remains of each
    expect(s.accounts.map((a) => a.valueUsd)).toEqual(['5', '10', '9', '55']);
    expect(s.totals).toMatchObject({ value: '79', unvalued: 0 });

    setMoneySetting(core.repos.settings, 'displayCurrency', 'cny');
    s = computeStatus(core, { now: T0 + HOUR });
    expect(s.accounts[1]!.value).toEqual({ amount: '73', currency: 'CNY' }); // no round trip through USD
    expect(s.totals).toMatchObject({ currency: 'CNY', value: '576.7' });
    core.close();
  });

  it('settings are checked and named when refused; an empty value restores the default', () => {
    const core = newCore();
    const repo = core.repos.settings;
    expect(readMoneySettings(repo)).toEqual({ displayCurrency: 'USD', cnyPerUsd: '7.3', usdPer1kCharacters: null });
    expect(() => setMoneySetting(repo, 'cnyPerUsd', '0')).toThrow(/cnyPerUsd must be more than 0/);
    expect(() => setMoneySetting(repo, 'cnyPerUsd', 'seven')).toThrow(/cnyPerUsd must be a number/);
    expect(() => setMoneySetting(repo, 'displayCurrency', 'EUR')).toThrow(/displayCurrency must be one of USD, CNY/);
    expect(() => setMoneySetting(repo, 'colour', 'red')).toThrow(/unknown setting "colour"/);
    expect(setMoneySetting(repo, 'cnyPerUsd', '7.10')).toMatchObject({ cnyPerUsd: '7.1' });
    expect(setMoneySetting(repo, 'cnyPerUsd', '')).toMatchObject({ cnyPerUsd: '7.3' });
    core.close();
  });
});
