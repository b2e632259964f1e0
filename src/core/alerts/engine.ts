import type { AlertKind, AlertSettings, AlertSilence } from '../../shared/alerts.ts';
import type { RuleResult } from './rules.ts';
import { isQuietTime } from './quiet-hours.ts';
import type { TimedText } from '../../shared/format/relative-time.ts';
import { idleState } from '../store/alerts-repo.ts';
import type { EpisodeHold, RuleState } from '../store/alerts-repo.ts';

/** Whether a rule's current episode is held back (by a snooze "until it ends" or a dismissal). */
export function holdOn(state: RuleState | undefined): EpisodeHold | null {
  const hold = state?.hold ?? null;
  if (!state || !hold || !state.active || state.firedAt !== hold.firedAt) return null;
  if (hold.level !== null && state.level > hold.level) return null;
  return hold;
}

export interface Step {
  next: RuleState;
  /** A new alert: the episode started or escalated to a higher level. */
  fired: boolean;
  /** Whether `next` differs from the previous state (worth writing). */
  changed: boolean;
}

/**
 * One rule's transition. Fires once per episode: when the condition comes on while idle,
 * when it reaches a higher level than the episode has fired (cap 80 % → 95 %), or when an
 * event-like rule reports a newer occurrence. Clears only on the rule's clear verdict (the
 * condition off by its margin); a hold changes nothing but the wording.
 */
export function step(
  prev: RuleState | undefined,
  result: RuleResult,
  message: (detail: string) => string,
  now: number,
): Step {
  const before = prev ?? idleState(result.rule, result.kind);
  const v = result.verdict;
  if (v.status === 'hold') return { next: before, fired: false, changed: false };
  if (v.status === 'clear') {
    if (!before.active) return { next: before, fired: false, changed: false };
    return {
      next: {
        ...before,
        active: false,
        level: 0,
        severity: null,
        message: null,
        text: null,
        clearedAt: now,
        hold: null,
      },
      fired: false,
      changed: true,
    };
  }
  const sentence = message(v.detail);
  // Occurrences are ordered by time: only a newer one is news (an old top-up never re-fires).
  const isNew = v.episode !== undefined ? before.episode === null || v.episode > before.episode : !before.active;
  const escalates =
    before.active && v.level > before.level && (v.episode === undefined || v.episode === before.episode);
  if (isNew || escalates) {
    const next: RuleState = {
      ...before,
      active: true,
      level: isNew ? v.level : Math.max(v.level, before.level),
      episode: v.episode ?? null,
      severity: v.severity,
      message: sentence,
      text: v.text,
      firedAt: isNew ? now : (before.firedAt ?? now),
    };
    return { next, fired: true, changed: true };
  }
  // An occurrence already alerted and since cleared (an old top-up) stays quiet.
  if (!before.active) return { next: before, fired: false, changed: false };
  // Time alone does not change the wording (its instants are phrased when shown): only new figures do.
  if (sameText(before.text, v.text) && before.severity === v.severity)
    return { next: before, fired: false, changed: false };
  // Still on: keep the episode, refresh the figures shown for it (a de-escalation keeps its level).
  return { next: { ...before, severity: v.severity, message: sentence, text: v.text }, fired: false, changed: true };
}

/**
 * Why a new alert is kept in the list without a notification, or null to notify. Snoozes
 * are the latest of every snooze that applies (all alerts, the account, the kind, the rule);
 * `held` is a hold on the episode (a snooze until it ends, or a dismissal it has not outgrown).
 */
export function silenceFor(
  settings: AlertSettings,
  snoozedUntil: number | null,
  now: number,
  kind?: AlertKind,
  held = false,
): AlertSilence | null {
  if (!settings.notify || (kind !== undefined && settings.mutedKinds.includes(kind))) return 'muted';
  if (held || (snoozedUntil !== null && snoozedUntil > now)) return 'snoozed';
  if (isQuietTime(settings.quietHours, now)) return 'quiet_hours';
  return null;
}

function sameText(a: TimedText | null, b: TimedText): boolean {
  if (a === null || a.template !== b.template) return false;
  const ka = Object.keys(a.times);
  return ka.length === Object.keys(b.times).length && ka.every((k) => a.times[k] === b.times[k]);
}
