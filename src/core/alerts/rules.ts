import type { AlertKind, AlertSettings, AlertSeverity } from '../../shared/alerts.ts';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { AlertInput } from './input.ts';
import { isSuccessful } from './input.ts';
import { formatAmount, formatAmountOf, formatPercent, formatUsd } from './format.ts';
import { renderTimedText } from '../../shared/format/relative-time.ts';
import type { TimedText } from '../../shared/format/relative-time.ts';
import type { AlertPhrase, AlertPhraseKey, PhraseParam } from '../../shared/alert-phrase.ts';
import type { Unit } from '../../shared/units.ts';

/**
 * The alert rules: pure functions from an account's figures to a verdict per rule.
 *
 * Each rule has two thresholds, not one (hysteresis): it fires when its condition is
 * met, and re-arms ("clear") only once the condition is off by a margin. Between the two
 * it holds: an active episode stays active and an idle rule stays quiet, so a figure
 * wobbling around a threshold cannot fire twice. Missing data also holds: a timeout says
 * nothing about the balance.
 *
 * A verdict's `level` lets one episode escalate (cap 80 % → 95 %): the engine fires again
 * only for a higher level than the episode has reached. `episode` is the time of a distinct
 * occurrence for event-like rules (each top-up is its own alert).
 *
 * A verdict's wording keeps its instants open (`text`: "resets {at:resetAt:…}" with the
 * reset time stored), so it is phrased when shown, relative to that moment; `detail` is the
 * same text phrased as of the evaluation (the notification, the stored sentence).
 */
export type Verdict =
  | { status: 'fire'; level: number; severity: AlertSeverity; detail: string; text: TimedText; episode?: number }
  | { status: 'hold' }
  | { status: 'clear' };

export interface RuleResult {
  /** The alert_state key: the kind, or `kind:instance` for per-pack rules. */
  rule: string;
  kind: AlertKind;
  verdict: Verdict;
}

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** Margins for re-arming, as factors of the firing threshold. */
export const MARGINS = {
  /** low_balance re-arms once the runway is 25 % past its threshold… */
  runway: 1.25,
  /** …and the balance 10 % above the amount threshold. */
  amount: 1.1,
  /** zero_balance re-arms on a balance above 1 % of the highest balance of the last 30 days. */
  zeroShareOfPeak: 0.01,
  /** cap_approaching re-arms 5 percentage points below its lowest level (e.g. after the daily reset). */
  capPoints: 5,
  /** cap_reached re-arms once a reading shows the cap under 90 % used (the next window). */
  capReachedFraction: 0.9,
  /** key_expiring / pack_expiring re-arm when the expiry moves 25 % beyond the warning window. */
  expiry: 1.25,
  /** stale re-arms once the last successful reading is younger than half the threshold. */
  stale: 0.5,
} as const;

/** A top-up stays an active (informational) alert this long. */
export const TOP_UP_ACTIVE_MS = DAY_MS;
/** A pack alert needs at least this share of the pack projected unused (not a few stray credits). */
export const PACK_MIN_UNUSED_SHARE = 0.01;

const hold: Verdict = { status: 'hold' };
const clear: Verdict = { status: 'clear' };

/** A sentence with no instants in it. */
const plain = (template: string, phrase: AlertPhrase): TimedText => ({ template, times: {}, phrase });

/** The sentence as data for the catalogs (src/shared/alert-phrase.ts): its key and figures. */
const say = (key: AlertPhraseKey, params: Record<string, PhraseParam> = {}): AlertPhrase => ({ key, params });
const amountOf = (micros: number, unit: Unit): PhraseParam => ({ amount: fromMicros(micros), unit });

/**
 * Fire with a wording whose instants stay open. `now` phrases `detail` as of the evaluation.
 * Braces in figures cannot occur (amounts and percents are digits and symbols).
 */
function fire(now: number, severity: AlertSeverity, text: TimedText, level = 1, episode?: number): Verdict {
  const detail = renderTimedText(text, { now });
  return episode === undefined
    ? { status: 'fire', level, severity, detail, text }
    : { status: 'fire', level, severity, detail, text, episode };
}

/* ------------------------------------------------------------------ balance */

/** Out of money: the provider refuses (402 and kin), or the newest balance is zero or less. */
export function zeroBalanceOn(input: AlertInput): boolean {
  const latest = input.latest;
  if (!latest) return false;
  if (latest.state === 'insufficient_balance') return true;
  return latest.state === 'ok' && latest.balance !== null && latest.balance.micros <= 0;
}

export function zeroBalance(input: AlertInput): Verdict {
  const latest = input.latest;
  if (!latest) return hold;
  if (zeroBalanceOn(input)) {
    const detail =
      latest.state === 'insufficient_balance'
        ? 'out of balance: the provider refuses requests until you top up'
        : `balance is ${formatAmount(latest.balance!.micros, latest.balance!.unit)}: requests will fail until you top up`;
    const phrase =
      latest.state === 'insufficient_balance'
        ? say('outOfBalance')
        : say('balanceZero', { balance: amountOf(latest.balance!.micros, latest.balance!.unit) });
    return fire(input.now, 'critical', plain(detail, phrase));
  }
  // Recovered only on a reading that shows real money again — more than crumbs compared with
  // how this account is usually funded — so a balance flickering around zero is one episode.
  if (latest.state !== 'ok' || latest.balance === null) return hold;
  const margin = input.recentPeakMicros !== null ? input.recentPeakMicros * MARGINS.zeroShareOfPeak : 0;
  return latest.balance.micros > Math.max(0, margin) ? clear : hold;
}

export function lowBalance(input: AlertInput, settings: AlertSettings): Verdict {
  const balance = input.balance;
  if (!balance) return hold;
  // Zero is its own (critical) alert; low-balance neither fires nor re-arms meanwhile.
  if (zeroBalanceOn(input)) return hold;
  const runwayLimit = settings.lowBalanceRunwayDays;
  const amountLimit = settings.lowBalanceAmount === null ? null : toMicros(settings.lowBalanceAmount);
  const runway = input.runwayDays;
  const runwayLow = runwayLimit > 0 && runway !== null && runway < runwayLimit;
  const amountLow = amountLimit !== null && balance.micros < amountLimit;
  const left = formatAmount(balance.micros, balance.unit);
  if (runwayLow) {
    // The runway's end is an instant: "about 1.5 days" is phrased from it when shown.
    const zeroAt = input.runwayZeroAt ?? input.now + runway * DAY_MS;
    const why = input.runwayCause === 'pack_expiry' ? ' (a pack expires with the rest of it)' : '';
    return fire(input.now, 'warning', {
      template: `${left} left, about {days:zeroAt} at the current burn${why}`,
      times: { zeroAt },
      phrase: say(why ? 'lowRunwayPack' : 'lowRunway', {
        left: amountOf(balance.micros, balance.unit),
        days: { days: 'zeroAt' },
      }),
    });
  }
  if (amountLow)
    return fire(
      input.now,
      'warning',
      plain(
        `${left} left, below your ${formatAmount(amountLimit, balance.unit)} warning level`,
        say('lowAmount', { left: amountOf(balance.micros, balance.unit), limit: amountOf(amountLimit, balance.unit) }),
      ),
    );
  const runwayKnown = runwayLimit > 0 && runway !== null;
  if (!runwayKnown && amountLimit === null) return hold;
  const runwayFine = !runwayKnown || runway >= runwayLimit * MARGINS.runway;
  const amountFine = amountLimit === null || balance.micros >= amountLimit * MARGINS.amount;
  return runwayFine && amountFine ? clear : hold;
}

export function topUp(input: AlertInput): Verdict {
  const t = input.topUp;
  if (!t || input.now - t.at >= TOP_UP_ACTIVE_MS) return clear;
  const after = t.balanceAfterMicros === null ? '' : `; balance now ${formatAmount(t.balanceAfterMicros, t.unit)}`;
  const phrase =
    t.balanceAfterMicros === null
      ? say('topUp', { amount: amountOf(t.amountMicros, t.unit) })
      : say('topUpBalance', {
          amount: amountOf(t.amountMicros, t.unit),
          balance: amountOf(t.balanceAfterMicros, t.unit),
        });
  return fire(
    input.now,
    'info',
    plain(`top-up of ${formatAmount(t.amountMicros, t.unit)} detected${after}`, phrase),
    1,
    t.at,
  );
}

/* ------------------------------------------------------------------ daily cap */

/** The cap's reset time, kept as an instant: the provider's, else the end of the account's cap window. */
function resetTimes(input: AlertInput): Record<string, number> {
  return { resetAt: input.cap?.resetAt ?? input.capWindowEnd };
}
const RESETS = '{at:resetAt:resets:reset}';
const RESETS_PARAM: PhraseParam = { at: 'resetAt', verb: 'resets' };

function capReachedOn(input: AlertInput): boolean {
  if (input.latest?.state === 'daily_cap_reached') return true;
  const f = input.cap?.fraction;
  return f !== null && f !== undefined && f >= 1;
}

export function capApproaching(input: AlertInput, settings: AlertSettings): Verdict {
  const levels = settings.capApproachingPercents;
  const cap = input.cap;
  if (levels.length === 0 || cap === null) return clear;
  // At or over the cap, cap_reached speaks; this rule neither fires nor re-arms.
  if (capReachedOn(input)) return hold;
  const f = cap.fraction;
  if (f === null) return hold;
  const percent = f * 100;
  const level = levels.filter((p) => percent + 1e-9 >= p).length;
  if (level > 0) {
    const amounts =
      cap.usedMicros !== null && cap.limitMicros !== null
        ? ` (${formatAmountOf(cap.usedMicros, cap.limitMicros, cap.unit)})`
        : '';
    const percentParam: PhraseParam = { percent: f };
    const phrase =
      cap.usedMicros !== null && cap.limitMicros !== null
        ? say('capApproachingOf', {
            percent: percentParam,
            of: { amountOf: [fromMicros(cap.usedMicros), fromMicros(cap.limitMicros)], unit: cap.unit },
            resets: RESETS_PARAM,
          })
        : say('capApproaching', { percent: percentParam, resets: RESETS_PARAM });
    return fire(
      input.now,
      'warning',
      { template: `${formatPercent(f)} of today's cap used${amounts}, ${RESETS}`, times: resetTimes(input), phrase },
      level,
    );
  }
  return percent < levels[0]! - MARGINS.capPoints ? clear : hold;
}

export function capReached(input: AlertInput): Verdict {
  if (capReachedOn(input)) {
    const cap = input.cap;
    const limit =
      cap?.limitMicros !== null && cap?.limitMicros !== undefined
        ? ` (${formatAmount(cap.limitMicros, cap.unit)})`
        : '';
    const phrase =
      cap?.limitMicros !== null && cap?.limitMicros !== undefined
        ? say('capReachedLimit', { limit: amountOf(cap.limitMicros, cap.unit), resets: RESETS_PARAM })
        : say('capReached', { resets: RESETS_PARAM });
    return fire(input.now, 'critical', {
      template: `daily cap reached${limit}, ${RESETS}`,
      times: resetTimes(input),
      phrase,
    });
  }
  const latest = input.latest;
  if (!latest || !isSuccessful(latest.state)) return hold;
  const f = input.cap?.fraction ?? null;
  return f === null || f < MARGINS.capReachedFraction ? clear : hold;
}

/* ------------------------------------------------------------------ keys */

export function keyInvalid(input: AlertInput): Verdict {
  const latest = input.latest;
  if (latest?.state === 'invalid_key')
    return fire(
      input.now,
      'critical',
      plain('the API key was rejected (invalid or revoked); replace it to keep polling', say('keyRejected')),
    );
  if (latest?.state === 'expired_key')
    return fire(input.now, 'critical', plain('the API key has expired; replace it to keep polling', say('keyExpired')));
  if (input.keyExpiresAt !== null && input.keyExpiresAt <= input.now) {
    return fire(input.now, 'critical', {
      template: 'the API key expired on {date:keyExpiresAt}; replace it to keep polling',
      times: { keyExpiresAt: input.keyExpiresAt },
      phrase: say('keyExpiredOn', { date: { date: 'keyExpiresAt' } }),
    });
  }
  // Re-armed only by the provider accepting the key again (a new key, usually).
  if (latest && isSuccessful(latest.state)) return clear;
  return hold;
}

export function keyExpiring(input: AlertInput, settings: AlertSettings): Verdict {
  const at = input.keyExpiresAt;
  const window = settings.keyExpiringDays * DAY_MS;
  if (at === null) return input.lastSuccessAt === null ? hold : clear;
  const left = at - input.now;
  if (left <= 0) return hold; // expired: key_invalid speaks
  if (left <= window)
    return fire(input.now, 'warning', {
      template: 'the API key {at:keyExpiresAt:expires:expired}',
      times: { keyExpiresAt: at },
      phrase: say('keyExpiring', { expires: { at: 'keyExpiresAt', verb: 'expires' } }),
    });
  return left > window * MARGINS.expiry ? clear : hold;
}

/* ------------------------------------------------------------------ packs */

export function packExpiring(input: AlertInput, settings: AlertSettings): RuleResult[] {
  const window = settings.packExpiringDays * DAY_MS;
  return input.packs.map((pack) => {
    const rule = `pack_expiring:${pack.id}`;
    const result = (verdict: Verdict): RuleResult => ({ rule, kind: 'pack_expiring', verdict });
    if (pack.expiresAt === null) return result(clear); // lifetime
    const left = pack.expiresAt - input.now;
    if (left <= 0) return result(hold); // expired: the episode ends with the pack
    if (left > window * MARGINS.expiry) return result(clear);
    const unused = pack.projectedUnusedMicros;
    if (unused === null) return result(hold);
    if (unused <= 0) return result(clear);
    if (left > window || unused < pack.creditsMicros * PACK_MIN_UNUSED_SHARE) return result(hold);
    const value = pack.projectedUnusedUsd === null ? '' : ` (${formatUsd(pack.projectedUnusedUsd)})`;
    return result(
      fire(input.now, 'warning', {
        template: `a pack of ${formatAmount(pack.creditsMicros, pack.unit)} {at:expiresAt:expires:expired}, with about ${formatAmount(unused, pack.unit)}${value} projected unused`,
        times: { expiresAt: pack.expiresAt },
        phrase: say(pack.projectedUnusedUsd === null ? 'packExpiring' : 'packExpiringValue', {
          credits: amountOf(pack.creditsMicros, pack.unit),
          expires: { at: 'expiresAt', verb: 'expires' },
          unused: amountOf(unused, pack.unit),
          ...(pack.projectedUnusedUsd === null ? {} : { value: { amount: pack.projectedUnusedUsd, unit: 'USD' } }),
        }),
      }),
    );
  });
}

/* ------------------------------------------------------------------ staleness */

/** No successful reading for the longer of `staleHours` and `staleIntervals` poll intervals. */
export function staleThresholdMs(input: AlertInput, settings: AlertSettings): number {
  return Math.max(settings.staleHours * HOUR_MS, settings.staleIntervals * input.account.pollIntervalSeconds * 1000);
}

export function stale(input: AlertInput, settings: AlertSettings): Verdict {
  if (!input.account.enabled) return clear; // paused on purpose: not stale, just not polled
  const threshold = staleThresholdMs(input, settings);
  const since = input.lastSuccessAt ?? input.account.createdAt;
  const age = input.now - since;
  const tried = input.now - Math.max(since, input.watchingSince ?? since);
  if (age >= threshold && tried >= threshold) {
    const what = input.lastSuccessAt === null ? 'no successful reading yet' : 'no successful reading';
    return fire(input.now, 'warning', {
      template: `${what} for {span:since}`,
      times: { since },
      phrase: say(input.lastSuccessAt === null ? 'staleNever' : 'stale', { since: { span: 'since' } }),
    });
  }
  return age < threshold * MARGINS.stale ? clear : hold;
}

/* ------------------------------------------------------------------ all rules */

/**
 * Every rule's verdict for one account. Disabled kinds clear (ending an active episode);
 * an account that is switched off is not judged at all except for staleness.
 */
export function evaluateRules(input: AlertInput, settings: AlertSettings): RuleResult[] {
  const one = (kind: AlertKind, verdict: Verdict): RuleResult => ({ rule: kind, kind, verdict });
  const results: RuleResult[] = input.account.enabled
    ? [
        one('zero_balance', zeroBalance(input)),
        one('low_balance', lowBalance(input, settings)),
        one('cap_reached', capReached(input)),
        one('cap_approaching', capApproaching(input, settings)),
        one('key_invalid', keyInvalid(input)),
        one('key_expiring', keyExpiring(input, settings)),
        ...packExpiring(input, settings),
        one('stale', stale(input, settings)),
        one('top_up', topUp(input)),
      ]
    : [one('stale', stale(input, settings))];
  const disabled = new Set(settings.disabledKinds);
  return results.map((r) => (disabled.has(r.kind) ? { ...r, verdict: clear } : r));
}
