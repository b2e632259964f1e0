import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, fail, MIN, newCore, T0 } from '../analytics/fixtures.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { createExposition, createPollTally, METRICS, metricFamilies } from '../../../src/core/metrics/index.ts';
import type { MetricFamily } from '../../../src/core/metrics/index.ts';
import { KEY_STATES } from '../../../src/shared/states.ts';

const NOW = T0 + 8 * DAY;

/** Three accounts: one burning a pack under a daily cap, one whose key was refused, one never read. */
async function seeded() {
  const core = newCore(undefined, () => NOW);
  const main = await addAccount(core, 'cheapai', 'main "team"', { dailyCap: 40000 });
  const revoked = await addAccount(core, 'cheapai', 'revoked');
  const fresh = await addAccount(core, 'deepseek', 'fresh');
  addPack(core, { accountId: main.id, credits: '1000000', price: '25', purchasedAt: '2026-03-01', validity: '30d' });
  for (let t = T0; t <= NOW; t += 30 * MIN) bal(core, main, t, 1_000_000 - (24_000 * (t - T0)) / DAY);
  bal(core, revoked, T0, 500);
  fail(core, revoked, NOW - 10 * MIN, 'invalid_key');
  // The revoked key raises Burnrate's own alert, which the metrics report by kind and severity.
  core.alerts.evaluate(revoked.id);
  return { core, main, revoked, fresh };
}

const family = (families: MetricFamily[], name: string) => families.find((f) => f.name === name)!;
const valueOf = (families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined =>
  family(families, name).samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('metric families', () => {
  it("carry the status report's figures, converted only in unit, with no series where a figure is unknown", async () => {
    const { core, main, revoked, fresh } = await seeded();
    const status = computeStatus(core, { now: NOW });
    const families = metricFamilies(status);
    const m = status.accounts.find((a) => a.id === main.id)!;
    const who = { account: main.id };

    expect(m.balance).not.toBeNull();
    expect(valueOf(families, 'burnrate_balance', { ...who, unit: 'credits' })).toBe(Number(m.balance!.amount));
    expect(valueOf(families, 'burnrate_balance_usd', who)).toBe(Number(m.valueUsd));
    expect(valueOf(families, 'burnrate_burn_per_day', { ...who, unit: 'credits' })).toBe(Number(m.burn.perDay));
    expect(valueOf(families, 'burnrate_burn_usd_per_day', who)).toBe(Number(m.burn.perDayUsd));
    // Runway is the report's days, in seconds: never recomputed from balance and burn here.
    expect(m.runway.days).not.toBeNull();
    expect(valueOf(families, 'burnrate_runway_seconds', who)).toBe(m.runway.days! * 86_400);
    expect(valueOf(families, 'burnrate_cap_used_ratio', who)).toBe(m.cap!.fraction);
    expect(valueOf(families, 'burnrate_cap_limit', { ...who, unit: 'credits' })).toBe(40_000);
    expect(valueOf(families, 'burnrate_cap_used', who)).toBe(Number(m.cap!.used));
    expect(valueOf(families, 'burnrate_cap_reset_timestamp_seconds', who)).toBe(Date.parse(m.cap!.resetAt!) / 1000);
    expect(valueOf(families, 'burnrate_balance_timestamp_seconds', who)).toBe(Date.parse(m.balanceAt!) / 1000);
    expect(valueOf(families, 'burnrate_last_reading_timestamp_seconds', who)).toBe(NOW / 1000);
    const pack = m.packs[0]!;
    expect(valueOf(families, 'burnrate_pack_projected_unused', { ...who, pack: pack.id, unit: 'credits' })).toBe(
      Number(pack.projectedUnused),
    );
    expect(valueOf(families, 'burnrate_pack_projected_unused_usd', { ...who, pack: pack.id })).toBe(
      Number(pack.projectedUnusedUsd),
    );
    expect(valueOf(families, 'burnrate_pack_expiry_timestamp_seconds', { ...who, pack: pack.id })).toBe(
      Date.parse('2026-03-31T00:00:00Z') / 1000,
    );
    // Labels name the account as people do; `label` keeps the user's text as it is.
    expect(family(families, 'burnrate_balance').samples.find((s) => s.labels.account === main.id)!.labels).toEqual({
      account: main.id,
      label: 'main "team"',
      provider: 'cheapai',
      unit: 'credits',
    });

    // Key state: one series per state, 1 for the current one; before any reading, all 0.
    const states = (id: string) =>
      Object.fromEntries(
        family(families, 'burnrate_key_state')
          .samples.filter((s) => s.labels.account === id)
          .map((s) => [s.labels.state, s.value]),
      );
    expect(Object.keys(states(revoked.id)).sort()).toEqual([...KEY_STATES].sort());
    expect(Object.entries(states(revoked.id)).filter(([, v]) => v === 1)).toEqual([['invalid_key', 1]]);
    expect(Object.entries(states(main.id)).filter(([, v]) => v === 1)).toEqual([['ok', 1]]);
    expect(Object.values(states(fresh.id)).every((v) => v === 0)).toBe(true);

    // Health: one series per level, 1 for the account's one health (status), whatever else is known.
    const health = (id: string) =>
      family(families, 'burnrate_health')
        .samples.filter((s) => s.labels.account === id && s.value === 1)
        .map((s) => s.labels.level);
    // (the report the families were built from)
    for (const a of status.accounts) expect(health(a.id)).toEqual([a.health.level]);
    expect(health(revoked.id)).toEqual(['critical']);
    expect(family(families, 'burnrate_health').samples.filter((s) => s.labels.account === main.id)).toHaveLength(6);

    // Unknown is absent, never 0: the unread account has no balance, burn, runway or times.
    for (const f of families) {
      if (f.name === 'burnrate_key_state' || f.name === 'burnrate_health') continue;
      expect(f.samples.filter((s) => s.labels.account === fresh.id)).toEqual([]);
    }
    // No cap on the account without one; no pack series without packs.
    expect(valueOf(families, 'burnrate_cap_used_ratio', { account: revoked.id })).toBeUndefined();
    expect(valueOf(families, 'burnrate_pack_projected_unused', { account: revoked.id })).toBeUndefined();

    // Burnrate's own active alerts, by kind and severity.
    expect(valueOf(families, 'burnrate_alerts_active', { account: revoked.id, kind: 'key_invalid' })).toBe(1);
    expect(
      family(families, 'burnrate_alerts_active').samples.find((s) => s.labels.account === revoked.id)!.labels,
    ).toMatchObject({ kind: 'key_invalid', severity: 'critical' });
    core.close();
  });

  it('count polls by result per account, including polls the keychain kept from being sent', async () => {
    const { core, main, revoked } = await seeded();
    const tally = createPollTally();
    tally.record(main.id, 'ok');
    tally.record(main.id, 'ok');
    tally.record(main.id, 'timeout');
    tally.record(revoked.id, 'keychain_unavailable');
    tally.record('acc_gone', 'ok'); // an account removed since: not reported
    const families = metricFamilies(computeStatus(core, { now: NOW }), tally.counts());
    const polls = family(families, 'burnrate_polls_total');
    expect(polls.type).toBe('counter');
    expect(polls.samples.map((s) => [s.labels.account, s.labels.result, s.value]).sort()).toEqual(
      [
        [main.id, 'ok', 2],
        [main.id, 'timeout', 1],
        [revoked.id, 'keychain_unavailable', 1],
      ].sort(),
    );
    core.close();
  });

  it('every family is declared with the labels its samples use', async () => {
    const { core } = await seeded();
    const tally = createPollTally();
    tally.record(core.repos.accounts.list()[0]!.id, 'ok');
    const families = metricFamilies(computeStatus(core, { now: NOW }), tally.counts());
    expect(families.map((f) => f.name)).toEqual(Object.values(METRICS).map((d) => d.name));
    for (const f of families) {
      for (const s of f.samples) expect(Object.keys(s.labels).sort()).toEqual([...f.labelNames].sort());
      expect(f.samples.length, `${f.name} has samples`).toBeGreaterThan(0);
    }
    core.close();
  });
});

describe('the Prometheus text format', () => {
  it('is written by prom-client with escaped labels, and each render replaces every series', async () => {
    const { core, main } = await seeded();
    let families = metricFamilies(computeStatus(core, { now: NOW }));
    const exposition = createExposition(() => families);
    expect(exposition.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await exposition.render();
    expect(text).toContain('# TYPE burnrate_balance gauge');
    expect(text).toContain('# TYPE burnrate_polls_total counter');
    expect(text).toMatch(
      new RegExp(
        `^burnrate_balance\\{account="${main.id}",label="main \\\\"team\\\\"",provider="cheapai",unit="credits"\\} \\d`,
        'm',
      ),
    );
    // The account goes away: its series leave the next scrape instead of lingering.
    families = metricFamilies({ ...computeStatus(core, { now: NOW }), accounts: [] });
    const after = await exposition.render();
    expect(after).not.toContain(main.id);
    expect(after).toContain('# TYPE burnrate_balance gauge');
    core.close();
  });
});
