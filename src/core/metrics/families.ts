import type { StatusReport } from '../../shared/status.ts';
import { HEALTH_LEVELS } from '../../shared/status.ts';
import { KEY_STATES } from '../../shared/states.ts';
import type { PollCounts } from './poll-tally.ts';

/**
 * What Burnrate exports to Prometheus (`GET /metrics`) and OpenTelemetry (`--otlp-endpoint`):
 * one list of metric families, built from core's status report and nothing else. No figure
 * is computed here: runway, burn, caps and pack projections are the report's, converted only
 * in unit (days to seconds, ISO times to unix seconds, decimal strings to numbers). A figure
 * the report does not know (null) has no series at all, never a 0.
 *
 * Labels name the account (`account` = its id, `label`, `provider`) and, where a figure is
 * an amount, its `unit`. No key and no base URL is ever a label or a value.
 */

export type MetricType = 'gauge' | 'counter';

export interface MetricDef {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
}

export interface Sample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily extends MetricDef {
  samples: Sample[];
}

const ACCOUNT = ['account', 'label', 'provider'] as const;
const WITH_UNIT = [...ACCOUNT, 'unit'] as const;

const def = (name: string, type: MetricType, labelNames: readonly string[], help: string): MetricDef => ({
  name,
  type,
  labelNames,
  help,
});

/** Every family, in the order /metrics lists them. Names follow Prometheus' conventions (base units, `_total`). */
export const METRICS = {
  balance: def('burnrate_balance', 'gauge', WITH_UNIT, 'Newest balance of the account, in its unit (label unit).'),
  balanceUsd: def('burnrate_balance_usd', 'gauge', ACCOUNT, 'Newest balance valued in US dollars.'),
  balanceTimestamp: def(
    'burnrate_balance_timestamp_seconds',
    'gauge',
    ACCOUNT,
    'When the newest balance was read (unix seconds).',
  ),
  burnPerDay: def(
    'burnrate_burn_per_day',
    'gauge',
    WITH_UNIT,
    'Spend per day at the current burn, in the balance unit.',
  ),
  burnUsdPerDay: def(
    'burnrate_burn_usd_per_day',
    'gauge',
    ACCOUNT,
    'Spend per day at the current burn, in US dollars.',
  ),
  runway: def('burnrate_runway_seconds', 'gauge', ACCOUNT, 'Time until the balance reaches zero at the current burn.'),
  capUsedRatio: def(
    'burnrate_cap_used_ratio',
    'gauge',
    ACCOUNT,
    "Share of the current cap window's limit used (1 = cap reached).",
  ),
  capLimit: def('burnrate_cap_limit', 'gauge', WITH_UNIT, 'The cap (daily or per key) in its unit.'),
  capUsed: def('burnrate_cap_used', 'gauge', WITH_UNIT, 'What the current cap window has used, in the cap unit.'),
  capReset: def('burnrate_cap_reset_timestamp_seconds', 'gauge', ACCOUNT, 'When the cap window resets (unix seconds).'),
  keyState: def(
    'burnrate_key_state',
    'gauge',
    [...ACCOUNT, 'state'],
    "The newest reading's key state: one series per state, 1 for the current one.",
  ),
  health: def(
    'burnrate_health',
    'gauge',
    [...ACCOUNT, 'level'],
    "The account's one health (the worst of its key state, active alerts and staleness): one series per level, 1 for the current one.",
  ),
  lastReading: def(
    'burnrate_last_reading_timestamp_seconds',
    'gauge',
    ACCOUNT,
    'When the newest reading was taken, whatever its state (unix seconds).',
  ),
  packUnused: def(
    'burnrate_pack_projected_unused',
    'gauge',
    [...WITH_UNIT, 'pack'],
    'Credits of a pack projected to expire unused at the current burn.',
  ),
  packUnusedUsd: def(
    'burnrate_pack_projected_unused_usd',
    'gauge',
    [...ACCOUNT, 'pack'],
    'US dollar value of the credits a pack is projected to leave unused.',
  ),
  packExpiry: def(
    'burnrate_pack_expiry_timestamp_seconds',
    'gauge',
    [...ACCOUNT, 'pack'],
    'When a pack expires (unix seconds); lifetime packs have no series.',
  ),
  polls: def(
    'burnrate_polls_total',
    'counter',
    [...ACCOUNT, 'result'],
    'Polls by result (a key state, or keychain_unavailable) since this process started.',
  ),
  alertsActive: def(
    'burnrate_alerts_active',
    'gauge',
    [...ACCOUNT, 'kind', 'severity'],
    "Burnrate's own alerts whose episode is on, by kind and severity.",
  ),
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;

const DAY_SECONDS = 86_400;

const num = (decimal: string | null | undefined): number | null => {
  if (decimal === null || decimal === undefined) return null;
  const n = Number(decimal);
  return Number.isFinite(n) ? n : null;
};
const unixSeconds = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
};

/** The families for one status report and this process's poll counts. */
export function metricFamilies(status: StatusReport, polls: PollCounts = new Map()): MetricFamily[] {
  const out = new Map<MetricKey, Sample[]>(Object.keys(METRICS).map((k) => [k as MetricKey, []]));
  const add = (key: MetricKey, labels: Record<string, string>, value: number | null) => {
    if (value !== null) out.get(key)!.push({ labels, value });
  };

  for (const a of status.accounts) {
    const who = { account: a.id, label: a.label, provider: a.provider };
    if (a.balance) add('balance', { ...who, unit: a.balance.unit }, num(a.balance.amount));
    add('balanceUsd', who, num(a.valueUsd));
    add('balanceTimestamp', who, unixSeconds(a.balanceAt));
    if (a.burn.unit) add('burnPerDay', { ...who, unit: a.burn.unit }, num(a.burn.perDay));
    add('burnUsdPerDay', who, num(a.burn.perDayUsd));
    add('runway', who, a.runway.days === null ? null : a.runway.days * DAY_SECONDS);
    if (a.cap) {
      add('capUsedRatio', who, a.cap.fraction);
      add('capLimit', { ...who, unit: a.cap.unit }, num(a.cap.limit));
      add('capUsed', { ...who, unit: a.cap.unit }, num(a.cap.used));
      add('capReset', who, unixSeconds(a.cap.resetAt));
    }
    // Before the first reading there is no state: every series is 0.
    for (const state of KEY_STATES) add('keyState', { ...who, state }, a.state === state ? 1 : 0);
    for (const level of HEALTH_LEVELS) add('health', { ...who, level }, a.health.level === level ? 1 : 0);
    add('lastReading', who, unixSeconds(a.lastReadingAt));
    for (const p of a.packs) {
      const pack = { ...who, pack: p.id };
      // A pack's ledger runs in the account's balance unit (credits, for every provider that sells packs).
      add('packUnused', { ...pack, unit: a.burn.unit ?? 'credits' }, num(p.projectedUnused));
      add('packUnusedUsd', pack, num(p.projectedUnusedUsd));
      add('packExpiry', pack, unixSeconds(p.expiresAt));
    }
    for (const [result, count] of polls.get(a.id) ?? []) add('polls', { ...who, result }, count);
    const alerts = new Map<string, { kind: string; severity: string; n: number }>();
    for (const alert of a.alerts) {
      const k = `${alert.kind}\u0000${alert.severity}`;
      const entry = alerts.get(k) ?? { kind: alert.kind, severity: alert.severity, n: 0 };
      entry.n++;
      alerts.set(k, entry);
    }
    for (const { kind, severity, n } of alerts.values()) add('alertsActive', { ...who, kind, severity }, n);
  }

  return (Object.keys(METRICS) as MetricKey[]).map((key) => ({ ...METRICS[key], samples: out.get(key)! }));
}
