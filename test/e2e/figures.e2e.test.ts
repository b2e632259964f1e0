import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/harness.ts';
import type { World } from './support/world.ts';
import { addPack } from '../../src/core/analytics/packs.ts';
import { readingRecord } from '../../src/core/core.ts';
import { outcome } from '../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../src/core/providers/adapter.ts';
import type { IpcResult, StatusReport } from '../../src/shared/ipc.ts';

const M = 1_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The accounts, in the window: the CheapAI studio whose 30-day pack expires in
 * 36 h holding all its credits; an OpenRouter key at 97 % of its daily cap; a postpaid
 * Lumenfall account; a second CheapAI key reporting the studio's balance; a key refused
 * for its daily cap (429) with no figures; and one not heard from in two hours.
 */
async function seed(world: World, now: number): Promise<Record<string, string>> {
  const core = world.core;
  const add = async (provider: string, label: string, options: Record<string, unknown> = {}) =>
    core.accounts.require(
      (await core.accounts.add({ provider, label, key: 'sk-e2e-key', options, baseUrl: world.fake.baseUrl(provider) }))
        .id,
    );
  const studio = await add('cheapai', 'studio');
  const router = await add('openrouter', 'router');
  const team = await add('lumenfall', 'team');
  const batch = await add('cheapai', 'batch');
  const capped = await add('cheapai', 'capped');
  const old = await add('deepseek', 'old');
  addPack(core, {
    accountId: studio.id,
    credits: '5000000',
    price: '90',
    purchasedAt: new Date(now - 28.5 * DAY).toISOString(),
    validity: '30d',
  });
  const put = (account: typeof studio, ts: number, o: PollOutcome) =>
    core.repos.readings.insert(readingRecord(account.pk, o, ts));
  const ok = (micros: number, unit: 'credits' | 'USD', extra: Partial<PollOutcome> = {}) =>
    outcome({ state: 'ok', httpStatus: 200, balance: { micros: Math.round(micros), unit }, ...extra });
  const dayStart = Math.floor(now / DAY) * DAY;
  for (let t = now - 5 * DAY - MIN; t <= now - MIN; t += 30 * MIN) {
    const studioLeft = (2_100_000 + (365_000 * (now - MIN - t)) / DAY) * M;
    put(studio, t, ok(studioLeft, 'credits'));
    // The batch key reads the same balance at the same polls, a few seconds earlier.
    put(batch, t - 5000, ok(studioLeft, 'credits'));
    const used = Math.max(0, Math.min(9.7, (9.7 * (t - dayStart)) / Math.max(1, now - MIN - dayStart)));
    put(
      router,
      t,
      ok((21 + (10 * (now - MIN - t)) / DAY) * M, 'USD', {
        cap: { unit: 'USD', limit: 10 * M, used: Math.round(used * M), remaining: null, resetAt: dayStart + DAY },
      }),
    );
    put(team, t, ok((250 - (5 * (t - now + 5 * DAY)) / DAY) * M, 'USD', { billing: 'postpaid' }));
    put(capped, t, ok(900_000 * M, 'credits'));
    if (t <= now - 2 * HOUR) put(old, t, ok(40 * M, 'USD'));
  }
  core.repos.accounts.setBilling(team.pk, 'postpaid');
  put(capped, now - 30_000, outcome({ state: 'daily_cap_reached', httpStatus: 429, message: 'daily limit reached' }));
  // The rules read the history, as they would have after each poll.
  for (const a of core.repos.accounts.list()) core.alerts.evaluate(a.id);
  return { studio: studio.id, router: router.id, team: team.id, batch: batch.id, capped: capped.id, old: old.id };
}

describe('figures you can act on, in the window', () => {
  const browser = useBrowser();

  it('the overview reads one health, a runway cut by an expiring pack, totals of money held once, and where each figure comes from', async () => {
    const now = Date.now();
    let ids: Record<string, string> = {};
    const { page, world } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        ids = await seed(w, now);
      },
    });
    const card = (id: string) => page.locator(`.cards > li[data-account="${id}"]`);
    await expect.poll(() => page.locator('.cards > li').count(), { timeout: 15_000 }).toBe(6);

    // The studio's runway ends when its pack expires with the rest of the balance in it.
    const studio = card(ids.studio!);
    await expect(studio.getByTestId('runway').textContent()).resolves.toMatch(/^1\.5 days · a pack expires/);
    await expect(studio.getByTestId('runway').getAttribute('data-cause')).resolves.toBe('pack_expiry');
    await expect(studio.getByTestId('provenance').textContent()).resolves.toMatch(/^from \/v1\/credits · \d+ min ago$/);

    // The router's key is fine, its health is a warning: the badge, the dot and the count say so.
    const router = card(ids.router!);
    const badge = router.locator('.card-head [data-health]');
    await expect(badge.getAttribute('data-health')).resolves.toBe('warning');
    await expect(badge.getAttribute('data-state')).resolves.toBe('ok');
    await expect(badge.textContent()).resolves.toBe('Warning');
    await expect(router.locator('.card-alerts').textContent()).resolves.toMatch(/97 % of today's cap used/);
    await expect(
      page.locator(`.nav-account[href$="${ids.router}"] [data-health]`).getAttribute('data-health'),
    ).resolves.toBe('warning');
    const status = (await world.invoke('status:get', undefined)) as IpcResult<StatusReport>;
    if (!status.ok) throw new Error(status.error.message);
    const attention = status.value.totals.attention;
    expect(attention.slice(0, 1)).toEqual([ids.capped]);
    expect([...attention].sort()).toEqual([ids.capped, ids.router, ids.studio, ids.old].sort());
    await expect(page.getByTestId('attention').textContent()).resolves.toMatch(/^4 need attention:/);
    const next = page.getByTestId('next-to-run-out');
    await expect(next.textContent()).resolves.toMatch(/^studio runs out in 36 h, .+ — a pack expires/);

    // Postpaid credit is credit, not money held: shown as such, left out of the total.
    await expect(card(ids.team!).getByTestId('postpaid').textContent()).resolves.toMatch(
      /^credit left of the limit \(postpaid, billed monthly\) · this cycle \$\d+\.\d\d$/,
    );
    await expect(page.getByTestId('money-held').textContent()).resolves.toContain('1 postpaid account left out');

    // A figure not confirmed for two hours is drawn as stale.
    const old = card(ids.old!);
    await expect(old.getAttribute('class')).resolves.toContain('is-stale');
    await expect(old.getByTestId('provenance').textContent()).resolves.toMatch(
      /^Stale · from \/user\/balance · 2 h ago$/,
    );
    await expect(old.locator('.card-head [data-health]').getAttribute('data-health')).resolves.toBe('stale');

    // Two keys on one balance are offered as such; linked, the balance counts once.
    const suggestion = page.getByTestId('shared-suggestion');
    await expect(suggestion.textContent()).resolves.toMatch(/^batch and studio \(CheapAI\) reported the same balance/);
    const before = (await world.invoke('status:get', undefined)) as IpcResult<StatusReport>;
    expect(before.ok && before.value.totals.sharedCountedOnce).toBe(0);
    await suggestion.getByRole('button', { name: 'Link them' }).click();
    await expect.poll(() => page.getByTestId('shared-suggestion').count()).toBe(0);
    await expect(card(ids.batch!).getByTestId('shared-balance').textContent()).resolves.toBe(
      'shares studio’s balance · counted once in the totals',
    );
    await expect.poll(() => page.getByTestId('money-held').textContent()).toContain('1 shared balance counted once');
    expect(world.core.accounts.get(ids.batch!).sharesBalanceWith).toBe(ids.studio);

    // The account form shows the link and takes it back; its cap reset has a time and a zone.
    await page.locator(`.nav-account[href$="${ids.batch}"]`).click();
    await page.getByRole('heading', { name: 'batch', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    const balance = page.getByLabel('Balance', { exact: true });
    await expect(balance.inputValue()).resolves.toBe(ids.studio);
    await expect(page.getByLabel('Time zone of the cap reset (optional)').count()).resolves.toBe(1);
    await balance.selectOption('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    expect(world.core.accounts.get(ids.batch!).sharesBalanceWith).toBeNull();
  });

  it('the account view: the cut runway and what expires first, and a 429 cap reached with where its reset comes from', async () => {
    const now = Date.now();
    let ids: Record<string, string> = {};
    const { page } = await browser.start({
      startPoller: false,
      prepare: async (w) => {
        ids = await seed(w, now);
      },
    });
    await page.locator(`.nav-account[href$="${ids.studio}"]`).click();
    await page.getByRole('heading', { name: 'studio', level: 1 }).waitFor();
    await expect(page.getByTestId('account-runway').textContent()).resolves.toBe('1.5 days');
    await expect(page.getByTestId('expiring-before-zero').textContent()).resolves.toMatch(
      /^1,55\d,\d{3} credits \(\$27\.9\d\) expire unused first$/,
    );
    await expect(page.locator('.pack').first().textContent()).resolves.toMatch(/Expires in 36 h, /);
    await expect(page.locator('.pack').first().textContent()).resolves.not.toMatch(/tomorrow/);
    await expect(page.getByTestId('account-provenance').textContent()).resolves.toMatch(/^from \/v1\/credits · /);
    await expect(page.getByTestId('health-reasons').textContent()).resolves.toMatch(
      /A pack of 5,000,000 credits expires/,
    );

    await page.locator(`.nav-account[href$="${ids.capped}"]`).click();
    await page.getByRole('heading', { name: 'capped', level: 1 }).waitFor();
    const panel = page.getByTestId('cap-panel');
    await expect(panel.textContent()).resolves.toContain('Daily cap reached');
    await expect(panel.textContent()).resolves.toMatch(/resets in \d+ (h|min), /);
    await expect(page.getByTestId('cap-reset-source').getAttribute('data-source')).resolves.toBe('assumed');
    await expect(page.getByTestId('cap-reset-source').textContent()).resolves.toMatch(
      /^Reset time assumed: midnight UTC/,
    );
    await expect(page.getByText('No daily cap for this key').count()).resolves.toBe(0);
    await expect(page.locator('.header-actions [data-health]').getAttribute('data-health')).resolves.toBe('critical');
  });
});
