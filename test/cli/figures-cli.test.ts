import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { HOUR } from '../core/analytics/fixtures.ts';
import { issueAccountsHome, NOW, NOW_ISO } from '../helpers/issue-accounts.ts';
import type { StatusReport } from '../../src/shared/status.ts';

// Monday 11 May 2026, 15:00 UTC.
const env = (home: string) => ({ BURNRATE_HOME: home, BURNRATE_KEYCHAIN_SERVICE: testService(), TZ: 'UTC' });
const home = issueAccountsHome;

// Each test runs several CLI processes: allow for a loaded machine.
describe('burnrate status: figures you can act on', { timeout: 60_000 }, () => {
  it('status --json: runway cut by the pack expiry, one health per account, totals of money held once', async () => {
    const { home: dir, ids } = await home();
    const res = await runCli(['status', '--now', NOW_ISO, '--json'], { env: env(dir) });
    expect(res.stderr).toBe('');
    const report = JSON.parse(res.stdout) as StatusReport;
    const by = (id: string) => report.accounts.find((a) => a.id === id)!;

    const studio = by(ids.studio);
    expect(studio.runway).toMatchObject({ cause: 'pack_expiry', zeroAt: '2026-05-13T03:00:00.000Z' });
    expect(studio.runway.days).toBeCloseTo(1.5, 1);
    expect(Number(studio.runway.expiringBeforeZero!.amount)).toBeCloseTo(1_552_500, -3);
    expect(studio.packs[0]!.remaining).toBe('2100000');
    expect(studio).toMatchObject({ source: 'poll', balanceEndpoint: '/v1/credits', stale: false, asOf: NOW_ISO });

    const router = by(ids.router);
    expect(router.state).toBe('ok');
    expect(router.health.level).toBe('warning');
    expect(router.health.reasons.map((r) => r.kind).sort()).toEqual(['cap_approaching', 'low_balance']);

    const team = by(ids.team);
    expect(team).toMatchObject({ billing: 'postpaid', countedInTotals: false, runway: { days: null, cause: null } });
    expect(team.postpaid!.creditLeft).toEqual({ amount: '225', unit: 'USD' });

    // The studio's balance is not shared yet: both CheapAI keys count, and the pair is offered.
    expect(report.sharedBalanceSuggestions).toEqual([
      expect.objectContaining({ accountId: ids.batch, sharesBalanceWith: ids.studio, provider: 'cheapai' }),
    ]);
    expect(report.totals.postpaid).toBe(1);
    expect(report.totals.attention[0]).toBe(ids.router);
    expect(report.totals.nextToRunOut).toMatchObject({ cause: 'pack_expiry' });

    // Unlinked, the batch key has no packs of its own, so no money value: left out as unvalued.
    expect(by(ids.batch).value).toBeNull();
    expect(report.totals.unvalued).toBe(1);
    // Linked, the shared balance is one ledger (the pack values both keys' figures) and counts once.
    const linked = await runCli(['accounts', 'link', 'batch', 'studio', '--json'], { env: env(dir) });
    expect(linked.stderr).toBe('');
    expect(JSON.parse(linked.stdout)).toMatchObject({ id: ids.batch, sharesBalanceWith: ids.studio });
    const after = JSON.parse(
      (await runCli(['status', '--now', NOW_ISO, '--json'], { env: env(dir) })).stdout,
    ) as StatusReport;
    const [s2, b2] = [ids.studio, ids.batch].map((id) => after.accounts.find((a) => a.id === id)!);
    // (batch's newest reading before --now is half an hour older: a little more was left then)
    expect(Number(b2!.value!.amount)).toBeCloseTo(Number(s2!.value!.amount), 0);
    // The key with the newest reading speaks for the shared balance.
    expect([s2!.countedInTotals, b2!.countedInTotals]).toEqual([true, false]);
    expect(after.sharedBalanceSuggestions).toEqual([]);
    expect(after.totals).toMatchObject({ sharedCountedOnce: 1, unvalued: 0 });
    expect(Number(after.totals.value)).toBeCloseTo(Number(s2!.value!.amount) + Number(by(ids.router).value!.amount), 4);
    const unlinked = await runCli(['accounts', 'unlink', 'batch'], { env: env(dir) });
    expect(unlinked.stdout.trim()).toBe('batch has its own balance again');
  });

  it('status in words speaks relative to --now, names health, cause, provenance and what needs attention', async () => {
    const { home: dir } = await home();
    const res = await runCli(['status', '--now', NOW_ISO], { env: env(dir) });
    expect(res.stderr).toBe('');
    const lines = res.stdout.split('\n');
    // Most urgent first, health first; the pack expiry that ends studio's runway is marked.
    const header = lines.findIndex((l) => l.startsWith('HEALTH'));
    const rows = lines.slice(header + 1, header + 5);
    expect(rows.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'warning router',
      'stale batch',
      'ok studio',
      'ok team',
    ]);
    expect(rows[2]).toMatch(/2,100,000 credits {2}≈ \$37\.80 .* 1\.5 days\* · Wed 03:00/);
    expect(rows[3]).toMatch(/\$225\.00 credit .* postpaid/);
    expect(lines).toContain('* when a pack expires with the rest of the balance');
    expect(lines).toContain('Next to run out: studio, in 36 h, Wed 03:00, when a pack expires with the rest');
    expect(lines[0]).toMatch(/^4 accounts · \$\d+\.\d\d held · .* · 2 need attention$/);
    expect(lines).toContain('Totals leave out: 1 account without a money value; 1 postpaid.');
    expect(lines).toContain(
      "        warning  97 % of today's cap used ($9.70 of $10.00), resets in 9 h, tomorrow 00:00",
    );
    expect(res.stdout).toMatch(/burnrate accounts link batch studio/);
    // One account in detail: where its figures come from.
    const studio = await runCli(['status', 'studio', '--now', NOW_ISO], { env: env(dir) });
    expect(studio.stdout).toMatch(/^Balance {7}2,100,000 credits ≈ \$37\.80 · from \/v1\/credits, now$/m);
    expect(studio.stdout).toMatch(/^Runway {8}1\.5 days: zero in 36 h, Wed 03:00, when a pack expires with the rest$/m);

    // A day later, the same report speaks of the same instant from then.
    const later = await runCli(['status', '--now', new Date(NOW + 26 * HOUR).toISOString()], { env: env(dir) });
    expect(later.stdout).toContain('Next to run out: studio, in 10 h, tomorrow 03:00');
  });

  it('alerts --json still carries each message, phrased when listed', async () => {
    const { home: dir } = await home();
    const res = await runCli(['alerts', '--json'], { env: env(dir) });
    const alerts = JSON.parse(res.stdout) as Array<{ kind: string; message: string; at: string }>;
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts)
      expect(Object.keys(a).sort()).toEqual(['accountId', 'at', 'id', 'kind', 'message', 'severity']);
    expect(alerts.find((a) => a.kind === 'cap_approaching')!.message).toMatch(
      /^OpenRouter · router — \d+ % of today's cap used/,
    );
  });

  it('linking refuses with a named reason and changes nothing', async () => {
    const { home: dir } = await home();
    const self = await runCli(['accounts', 'link', 'studio', 'studio'], { env: env(dir) });
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/an account cannot share a balance with itself/);
    const other = await runCli(['accounts', 'link', 'batch', 'router'], { env: env(dir) });
    expect(other.stderr).toMatch(/router is a OpenRouter account: a shared balance is spent by keys of one provider/);
    const missing = await runCli(['accounts', 'link', 'batch'], { env: env(dir) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/accounts link needs two accounts/);
    const add = await runCli(
      'accounts add --provider cheapai --label third --key-stdin --shares-balance-with nobody'.split(' '),
      { env: env(dir), stdin: 'sk_test_123' },
    );
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/no account with id or label "nobody" to share a balance with/);
    const list = JSON.parse((await runCli(['accounts', 'list', '--json'], { env: env(dir) })).stdout) as Array<{
      label: string;
      sharesBalanceWith: string | null;
    }>;
    expect(list.map((a) => [a.label, a.sharesBalanceWith])).toEqual([
      ['studio', null],
      ['router', null],
      ['team', null],
      ['batch', null],
    ]);
  });
});

describe.skipIf(!keyringAvailable)(
  `burnrate accounts add --shares-balance-with (${keyringAvailable ? 'Secret Service present' : SKIP_REASON})`,
  () => {
    it('adds a key that spends from another account’s balance, named by label', async () => {
      const { home: dir, ids } = await home();
      // The home's accounts point at no server: skip the key check on add (--no-check).
      const args =
        'accounts add --provider cheapai --label night --key-stdin --shares-balance-with studio --json --no-check';
      const res = await runCli(args.split(' '), { env: env(dir), stdin: 'sk_test_night' });
      expect(res.stderr).toBe('');
      expect(JSON.parse(res.stdout)).toMatchObject({ label: 'night', sharesBalanceWith: ids.studio });
      await runCli(['accounts', 'remove', JSON.parse(res.stdout).id as string], { env: env(dir) });
    });
  },
);
