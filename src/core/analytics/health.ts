import type { Health, HealthLevel, HealthReason, StatusAlert } from '../../shared/status.ts';
import type { AlertKind } from '../../shared/alerts.ts';
import type { KeyState } from '../../shared/states.ts';
import { relativeTime } from '../../shared/format/relative-time.ts';

/**
 * One health per account, and the one order of urgency. Every surface — the overview's
 * badge, dot and "needs attention", the tray's icon, title and menu, `status` — reads these
 * instead of judging the key state or the alerts itself.
 *
 * The level is the worst of:
 * - the key's state: rejected or expired key, out of balance and a reached daily cap are
 *   critical; a failed poll (timeout, provider error, rate limit, unreadable reply) is only
 *   info — one failure says nothing about the money, and failures that go on make the
 *   figures stale;
 * - every active alert, at its severity (cap approaching, runway low, pack expiring unused,
 *   key expiring…; `stale` counts as stale, a top-up as info). An alert held back — snoozed,
 *   dismissed, or its kind muted for the account — is listed but does not raise the level:
 *   the person has seen it;
 * - staleness (src/core/analytics/staleness.ts): figures older than three polls.
 * A paused account (polling switched off) is `paused`, whatever its figures said last.
 */

/** Higher is more urgent. Paused accounts need nothing from anyone. */
export const HEALTH_RANK: Record<HealthLevel, number> = {
  paused: 0,
  ok: 1,
  info: 2,
  stale: 3,
  warning: 4,
  critical: 5,
};

/** Levels that count as "needs attention". */
const ATTENTION_LEVELS: ReadonlySet<HealthLevel> = new Set(['critical', 'warning', 'stale']);

export interface HealthInput {
  /** Polling switched on for the account. */
  enabled: boolean;
  /** The provider has an endpoint to poll (false: the balance is kept by hand). */
  polled: boolean;
  state: KeyState | null;
  /** Active alerts, phrased as of `now`. */
  alerts: readonly StatusAlert[];
  stale: boolean;
  /** When the provider last answered (for the stale reason's wording). */
  asOf: number | null;
  now: number;
}

/** The alert that already says what a key state says (its reason is left out then). */
const STATE_ALERT: Partial<Record<KeyState, AlertKind>> = {
  invalid_key: 'key_invalid',
  expired_key: 'key_invalid',
  insufficient_balance: 'zero_balance',
  daily_cap_reached: 'cap_reached',
};

const STATE_REASONS: Record<Exclude<KeyState, 'ok'>, Pick<HealthReason, 'severity' | 'message'>> = {
  invalid_key: { severity: 'critical', message: 'the API key was rejected (invalid or revoked)' },
  expired_key: { severity: 'critical', message: 'the API key has expired' },
  insufficient_balance: { severity: 'critical', message: 'out of balance: the provider refuses requests' },
  daily_cap_reached: { severity: 'critical', message: 'daily cap reached: the provider refuses requests' },
  rate_limited: { severity: 'info', message: 'the last poll was rate limited' },
  server_error: { severity: 'info', message: 'the last poll met a provider error' },
  bad_response: { severity: 'info', message: 'the last poll got a reply Burnrate could not read' },
  network_error: { severity: 'info', message: 'the last poll could not reach the provider' },
  timeout: { severity: 'info', message: 'the last poll timed out' },
};

/** Strip the "CheapAI · main — " an alert message starts with: health reasons belong to their account. */
function detailOf(message: string): string {
  const cut = message.indexOf(' — ');
  return cut >= 0 ? message.slice(cut + 3) : message;
}

export function computeHealth(input: HealthInput): Health {
  const reasons: HealthReason[] = [];
  const alertKinds = new Set(input.alerts.map((a) => a.kind));
  for (const a of input.alerts) {
    const snoozed = a.snoozedUntil ?? null;
    reasons.push({
      kind: a.kind,
      severity: a.kind === 'stale' ? 'stale' : a.severity,
      message: detailOf(a.message),
      ...(a.phrase ? { phrase: a.phrase } : {}),
      ...(a.times ? { times: a.times } : {}),
      ...(snoozed ? { snoozedUntil: snoozed } : {}),
      ...(a.quiet ? { quiet: a.quiet } : {}),
    });
  }
  if (input.state !== null && input.state !== 'ok') {
    const covered = STATE_ALERT[input.state];
    if (!covered || !alertKinds.has(covered))
      reasons.push({
        kind: 'key_state',
        ...STATE_REASONS[input.state],
        phrase: { key: `state_${input.state}`, params: {} },
      });
  } else if (input.state === null && input.enabled) {
    reasons.push({
      kind: 'no_reading',
      severity: 'info',
      message: input.polled ? 'not polled yet' : 'no balance recorded yet',
      phrase: { key: input.polled ? 'notPolled' : 'noBalance', params: {} },
    });
  }
  if (input.stale && !alertKinds.has('stale') && input.asOf !== null) {
    reasons.push({
      kind: 'stale',
      severity: 'stale',
      message: `no answer from the provider since ${relativeTime(input.asOf, input.now)}`,
      phrase: { key: 'noAnswer', params: { since: { when: 'asOf' } } },
      times: { asOf: new Date(input.asOf).toISOString() },
    });
  }
  if (!input.enabled)
    reasons.unshift({
      kind: 'paused',
      severity: 'paused',
      message: 'polling is paused',
      phrase: { key: 'paused', params: {} },
    });

  reasons.sort((a, b) => HEALTH_RANK[b.severity] - HEALTH_RANK[a.severity]);
  let level: HealthLevel = 'ok';
  if (!input.enabled) level = 'paused';
  else
    for (const r of reasons)
      if (!r.snoozedUntil && !r.quiet && HEALTH_RANK[r.severity] > HEALTH_RANK[level])
        level = r.severity as HealthLevel;
  return { level, reasons };
}

/** What urgency is judged on: the health, when the balance runs out, and a name to break ties. */
export interface Urgent {
  id: string;
  label: string;
  health: Pick<Health, 'level'>;
  runway: { zeroAt: string | null };
}

/**
 * The order of urgency, most urgent first: the worse health level; then the balance that
 * runs out sooner (one that does not, last); then the label. Later surfaces sort by this.
 */
export function compareUrgency(a: Urgent, b: Urgent): number {
  const rank = HEALTH_RANK[b.health.level] - HEALTH_RANK[a.health.level];
  if (rank !== 0) return rank;
  const za = a.runway.zeroAt === null ? Infinity : Date.parse(a.runway.zeroAt);
  const zb = b.runway.zeroAt === null ? Infinity : Date.parse(b.runway.zeroAt);
  if (za !== zb) return za < zb ? -1 : 1;
  return a.label.localeCompare(b.label) || a.id.localeCompare(b.id);
}

/** The accounts that need attention (critical, warning, stale), most urgent first. */
export function attention(accounts: readonly Urgent[]): string[] {
  return accounts
    .filter((a) => ATTENTION_LEVELS.has(a.health.level))
    .sort(compareUrgency)
    .map((a) => a.id);
}
