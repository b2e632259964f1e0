// Over 400 lines: createAlertService is one closure over the alert state (episodes, listeners, settings) that every method of AlertService shares.
import type {
  ActiveAlert,
  AlertEvent,
  AlertKind,
  AlertQuiet,
  AlertSettings,
  AlertSettingsPatch,
  AlertSilence,
  DismissResult,
  MuteResult,
  SnoozeResult,
} from '../../shared/alerts.ts';
import { alertDismissInputSchema, alertMuteInputSchema, alertSnoozeForInputSchema } from '../../shared/alerts.ts';
import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { ReadingRecord } from '../store/readings-repo.ts';
import { UserError } from '../errors.ts';
import type { RuleState, StoredAlertEvent } from '../store/alerts-repo.ts';
import { evaluateRules } from './rules.ts';
import { holdOn, silenceFor, step } from './engine.ts';
import { snoozeEnd } from './snooze-time.ts';
import type { FigureSources } from './gather.ts';
import type { AlertFigures } from './figures.ts';
import { alertFigures } from './figures.ts';
import { accountName, gatherInput } from './gather.ts';
import { renderTimedText } from '../../shared/format/relative-time.ts';
import type { TimedText } from '../../shared/format/relative-time.ts';
import { analyticsSources } from './analytics-sources.ts';
import {
  effectiveAlertSettings,
  getAccountAlertOverrides,
  getAlertDefaults,
  parseAlertInput,
  parseSnooze,
  setAccountAlertOverrides,
  setAlertDefaults,
} from './settings.ts';

/**
 * What a listener learns besides the event: the account it is about and the figures that
 * raised it (alerts/figures.ts). Alert channels send both; the history keeps neither.
 */
export interface AlertContext {
  account: { id: string; label: string; provider: string };
  figures: AlertFigures;
}

/**
 * Hears every alert raised in this process. `event.silenced` is the one decision on
 * announcing it (snooze, quiet hours, notifications off): the desktop notifier and the alert
 * channels both announce exactly the alerts where it is null.
 */
export type AlertListener = (event: AlertEvent, context?: AlertContext) => void;

export interface AlertHistoryFilter {
  accountId?: string | undefined;
  /** Unix ms: only alerts at or after this time. */
  since?: number | undefined;
  /** Only the newest this many (still listed oldest first). */
  limit?: number | undefined;
}

/**
 * The alerts engine of one Core: evaluates the rules for an account after each stored
 * reading (in whichever process stored it) and on the periodic check, keeps episodes in
 * alert_state and every alert in alert_events, and tells listeners (the app's notifier and
 * tray, `watch`'s printer) about each new alert.
 */
export interface AlertService {
  /**
   * Evaluate one account now (or as of `at`). Returns the alerts that fired. `silence` keeps
   * them from notifying whatever the settings say (an import restores alerts as of the
   * history it brought; it does not announce them).
   */
  evaluate(accountId: string, options?: { silence?: AlertSilence; at?: number }): AlertEvent[];
  /**
   * The periodic check for rules that fire with time alone (stale, key and pack expiry,
   * the cap window rolling over): evaluates every account in use. Run by whoever runs the
   * poller (the app, `watch`) once a minute.
   */
  check(): AlertEvent[];
  /** Hear every alert raised in this process. Returns an unsubscribe function. */
  on(listener: AlertListener): () => void;
  /**
   * Hear every change a person made in this process: a snooze, dismissal or mute, or alert
   * settings (accountId null: the defaults). The tray redraws and the window reloads on it.
   */
  onChanged(listener: (accountId: string | null) => void): () => void;
  /**
   * The alert history, oldest first. Each message is phrased when asked: its instants
   * ("resets {at}") relative to now, its spans ("for 7 h") as they stood when it fired.
   */
  history(filter?: AlertHistoryFilter): AlertEvent[];
  /**
   * Alerts whose episode is on, oldest first (what the status `alerts` and health read),
   * phrased relative to `now` (the report's time; default the clock).
   */
  active(filter?: { accountId?: string | undefined; now?: number | undefined }): ActiveAlert[];
  /** Record that a notification was shown for an alert. */
  markNotified(id: number): void;
  /** Alerts since `since` that should have notified and have not (raised by `poll`, or before a crash). */
  pendingNotifications(since: number): AlertEvent[];
  /** Snooze one kind for an account, or the whole account (`kind` absent), until a time. Input is validated. */
  snooze(input: unknown): void;
  /**
   * Lift the snoozes of one kind, or (`kind` absent) every snooze of the account: its own,
   * each kind's and each rule's, timed or "until it ends". Dismissals and mutes stay.
   */
  unsnooze(accountId: string, kind?: AlertKind): void;
  /**
   * Snooze an account's alerts (one kind, or all) for an hour, until 09:00 tomorrow, or until
   * the active episode ends. Input `{accountId, kind?, for}` is validated.
   */
  snoozeFor(input: unknown): SnoozeResult;
  /**
   * Dismiss one alert by its history id: its episode is held back (no tray colour, no
   * "needs attention", no notification) until it ends or rises to a higher level, and the
   * history marks it dismissed. Input `{id}` is validated.
   */
  dismiss(input: unknown): DismissResult;
  /** Mute or unmute one kind for one account. Input `{accountId, kind, muted}` is validated. */
  mute(input: unknown): MuteResult;
  /** The global rule settings. */
  getDefaults(): AlertSettings;
  /**
   * Change the global rule settings; `patch` is validated (UserError 'validation'); fields in
   * `reset` go back to the built-in defaults.
   */
  setDefaults(patch: unknown, reset?: ReadonlyArray<keyof AlertSettings>): AlertSettings;
  /** An account's overrides and what applies to it. */
  getAccountSettings(accountId: string): { overrides: AlertSettingsPatch; effective: AlertSettings };
  /** Change an account's overrides; keys in `inherit` go back to the defaults. */
  setAccountSettings(accountId: string, patch: unknown, inherit?: ReadonlyArray<keyof AlertSettings>): AlertSettings;
  /**
   * Tell the engine this process polls continuously since `at` (start, wake, back online),
   * or null when it stopped. Stale data then gets one threshold of polling before its alert.
   */
  setWatchingSince(at: number | null): void;
  /** The core.onReading listener. */
  onReading(account: StoredAccount, record: ReadingRecord): void;
}

export interface AlertServiceOptions {
  /** Where the figures come from; analytics when absent. */
  sources?: FigureSources;
  /** Something failed while evaluating after a reading (never thrown into the poller). */
  onError?: (error: unknown) => void;
  /** The zone "until tomorrow" is reckoned in; the computer's own when absent. */
  timeZone?: string;
}

/** Readings older than this when stored are back-filled history (an import), not news. */
const NEWS_WINDOW_MS = 24 * 3600_000;

export function createAlertService(core: Core, options: AlertServiceOptions = {}): AlertService {
  const repo = core.repos.alerts;
  const listeners = new Set<AlertListener>();
  const changeListeners = new Set<(accountId: string | null) => void>();
  function changed<T>(accountId: string | null, result: T): T {
    for (const listener of [...changeListeners]) {
      try {
        listener(accountId);
      } catch (error) {
        onError(error);
      }
    }
    return result;
  }
  const sources = options.sources ?? analyticsSources;
  const onError =
    options.onError ??
    ((error: unknown) => process.stderr.write(`burnrate: alert evaluation failed: ${firstLine(error)}\n`));
  const settings = core.repos.settings;
  let watchingSince: number | null = null;

  const idOf = (() => {
    const cache = new Map<number, string | null>();
    return (pk: number): string | null => {
      if (!cache.has(pk)) cache.set(pk, core.repos.accounts.getByPk(pk)?.id ?? null);
      return cache.get(pk)!;
    };
  })();

  /** An event as shown at `now`: rows with open instants are phrased again; older rows keep their sentence. */
  function publicEvent(e: StoredAlertEvent, accountId: string, now: number): AlertEvent {
    const text = e.data.text;
    const detail = text ? renderTimedText(text, { now, spanTo: e.ts }) : null;
    return {
      id: e.id,
      accountId,
      kind: e.kind,
      severity: e.severity,
      message: detail === null ? e.message : `${e.data.title} — ${detail}`,
      at: new Date(e.ts).toISOString(),
      title: e.data.title,
      body: detail === null ? e.data.body : capitalize(detail),
      silenced: e.data.silenced,
      ...(e.data.dismissedAt !== undefined ? { dismissedAt: new Date(e.data.dismissedAt).toISOString() } : {}),
      ...(text ? { times: isoTimes(text) } : {}),
      ...(text?.phrase ? { phrase: text.phrase } : {}),
    };
  }

  function emit(event: AlertEvent, context: AlertContext): void {
    for (const listener of [...listeners]) {
      try {
        listener(event, context);
      } catch (error) {
        onError(error);
      }
    }
  }

  function evaluateAccount(
    account: StoredAccount,
    silence: AlertSilence | null = null,
    at: number | null = null,
  ): AlertEvent[] {
    const now = at ?? core.now();
    const accountSettings = effectiveAlertSettings(settings, account.id);
    const input = gatherInput(core, account, now, sources, watchingSince);
    const results = evaluateRules(input, accountSettings);
    const title = input.account.name;
    const figures = new Map<number, AlertFigures>();
    const fired = repo.exclusive(() => {
      const states = new Map(repo.states(account.pk).map((s) => [s.rule, s]));
      const out: AlertEvent[] = [];
      for (const result of results) {
        const prev = states.get(result.rule);
        const s = step(prev, result, (detail) => `${title} — ${detail}`, now);
        if (s.changed) repo.saveState(account.pk, s.next);
        if (!s.fired || result.verdict.status !== 'fire') continue;
        const snoozedUntil = latest(
          prev?.snoozedUntil,
          states.get(result.kind)?.snoozedUntil,
          ms(accountSettings.snoozedUntil),
        );
        const held = holdOn(s.next) !== null;
        const detail = result.verdict.detail;
        const stored: StoredAlertEvent = {
          id: 0,
          accountPk: account.pk,
          ts: now,
          kind: result.kind,
          severity: result.verdict.severity,
          message: s.next.message!,
          notified: false,
          data: {
            rule: result.rule,
            level: s.next.level,
            title,
            body: capitalize(detail),
            silenced: silence ?? silenceFor(accountSettings, snoozedUntil, now, result.kind, held),
            text: result.verdict.text,
          },
        };
        stored.id = repo.insertEvent(stored);
        figures.set(stored.id, alertFigures(result.kind, result.rule, input));
        out.push(publicEvent(stored, account.id, now));
      }
      return out;
    });
    const about = { id: account.id, label: account.label, provider: account.provider };
    for (const event of fired) emit(event, { account: about, figures: figures.get(event.id) ?? {} });
    return fired;
  }

  function requireAccount(accountId: string): StoredAccount {
    const account = core.repos.accounts.get(accountId);
    if (!account || account.removedAt)
      throw new UserError('not_found', `no account with id ${JSON.stringify(accountId)}`);
    return account;
  }

  return {
    evaluate: (accountId, options = {}) =>
      evaluateAccount(requireAccount(accountId), options.silence ?? null, options.at ?? null),

    check() {
      const out: AlertEvent[] = [];
      for (const account of core.repos.accounts.list()) out.push(...evaluateAccount(account));
      return out;
    },

    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    onChanged(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },

    history(filter = {}) {
      const accountPk = filter.accountId === undefined ? undefined : core.repos.accounts.get(filter.accountId)?.pk;
      if (filter.accountId !== undefined && accountPk === undefined) return [];
      const now = core.now();
      return repo.events({ accountPk, since: filter.since, limit: filter.limit }).flatMap((e) => {
        const id = idOf(e.accountPk);
        return id === null ? [] : [publicEvent(e, id, now)];
      });
    },

    active(filter = {}) {
      const now = filter.now ?? core.now();
      const accounts = new Map(core.repos.accounts.list().map((a) => [a.pk, a]));
      const all = repo.activeStates();
      const kindSnoozes = new Map<string, number | null>();
      const out: Array<ActiveAlert & { firedAt: number }> = [];
      for (const { accountPk, state } of all) {
        const account = accounts.get(accountPk);
        if (!account || (filter.accountId !== undefined && account.id !== filter.accountId)) continue;
        if (!kindSnoozes.has(`${accountPk}:${state.kind}`)) {
          kindSnoozes.set(
            `${accountPk}:${state.kind}`,
            repo.states(accountPk).find((s) => s.rule === state.kind)?.snoozedUntil ?? null,
          );
        }
        const effective = effectiveAlertSettings(settings, account.id);
        const until = latest(
          state.snoozedUntil,
          kindSnoozes.get(`${accountPk}:${state.kind}`),
          ms(effective.snoozedUntil),
        );
        const snoozedUntil = until !== null && until > now ? new Date(until).toISOString() : null;
        const text = state.text;
        out.push({
          accountId: account.id,
          kind: state.kind,
          severity: state.severity ?? 'warning',
          message: text ? `${accountName(account)} — ${renderTimedText(text, { now })}` : (state.message ?? ''),
          ...(text ? { times: isoTimes(text) } : {}),
          ...(text?.phrase ? { phrase: text.phrase } : {}),
          since: new Date(state.firedAt ?? now).toISOString(),
          snoozedUntil,
          id: state.firedAt === null ? null : repo.latestEventOfRule(accountPk, state.rule, state.firedAt),
          quiet: quietOf(state, effective, snoozedUntil),
          firedAt: state.firedAt ?? now,
        });
      }
      return out.sort((a, b) => a.firedAt - b.firedAt).map(({ firedAt: _f, ...alert }) => alert);
    },

    markNotified: (id) => repo.markNotified(id),

    pendingNotifications(since) {
      const now = core.now();
      return repo.unnotified(since).flatMap((e) => {
        const id = idOf(e.accountPk);
        return id === null ? [] : [publicEvent(e, id, now)];
      });
    },

    snooze(input) {
      const { accountId, kind, until } = parseSnooze(input);
      const account = requireAccount(accountId);
      if (kind === null)
        setAccountAlertOverrides(settings, account.id, { snoozedUntil: new Date(until).toISOString() });
      else repo.setSnooze(account.pk, kind, kind, until);
      changed(account.id, null);
    },

    unsnooze(accountId, kind) {
      const account = requireAccount(accountId);
      repo.exclusive(() => {
        for (const s of repo.states(account.pk)) {
          if (kind !== undefined && s.kind !== kind) continue;
          const hold = s.hold?.reason === 'snoozed' ? null : s.hold;
          if (hold !== s.hold || s.snoozedUntil !== null)
            repo.saveState(account.pk, { ...s, hold, snoozedUntil: null });
        }
        if (kind === undefined) setAccountAlertOverrides(settings, account.id, {}, ['snoozedUntil']);
      });
      changed(account.id, null);
    },

    snoozeFor(input) {
      const parsed = parseAlertInput(alertSnoozeForInputSchema, input, 'snooze');
      const account = requireAccount(parsed.accountId);
      const kind = parsed.kind ?? null;
      const now = core.now();
      const matches = (s: RuleState) => s.active && (kind === null || s.kind === kind);
      if (parsed.for === 'episode') {
        const held = repo.exclusive(() => {
          const on = repo.states(account.pk).filter(matches);
          for (const s of on)
            repo.saveState(account.pk, { ...s, hold: { firedAt: s.firedAt ?? now, level: null, reason: 'snoozed' } });
          return on.length;
        });
        if (held === 0)
          throw new UserError(
            'not_found',
            `${account.label} has no active ${kind === null ? '' : `${kind} `}alert to snooze until it ends`,
          );
        return changed(account.id, { accountId: account.id, kind, for: parsed.for, until: null, alerts: held });
      }
      const until = snoozeEnd(parsed.for, now, options.timeZone)!;
      if (kind === null)
        setAccountAlertOverrides(settings, account.id, { snoozedUntil: new Date(until).toISOString() });
      else repo.setSnooze(account.pk, kind, kind, until);
      const alerts = repo.states(account.pk).filter(matches).length;
      return changed(account.id, {
        accountId: account.id,
        kind,
        for: parsed.for,
        until: new Date(until).toISOString(),
        alerts,
      });
    },

    dismiss(input) {
      const { id } = parseAlertInput(alertDismissInputSchema, input, 'dismiss');
      const now = core.now();
      const result = repo.exclusive((): DismissResult => {
        const event = repo.event(id);
        const account = event ? core.repos.accounts.getByPk(event.accountPk) : null;
        if (!event || !account || account.removedAt)
          throw new UserError('not_found', `no alert with id ${id} (see: burnrate alerts --json)`);
        const state = repo.states(account.pk).find((s) => s.rule === event.data.rule);
        // The alert belongs to the episode still on when that episode fired at or before it.
        const episodeActive = !!state && state.active && state.firedAt !== null && state.firedAt <= event.ts;
        if (episodeActive)
          repo.saveState(account.pk, {
            ...state,
            hold: { firedAt: state.firedAt!, level: state.level, reason: 'dismissed' },
          });
        repo.markDismissed(id, now);
        return {
          id,
          accountId: account.id,
          kind: event.kind,
          dismissedAt: new Date(now).toISOString(),
          episodeActive,
        };
      });
      return changed(result.accountId, result);
    },

    mute(input) {
      const { accountId, kind, muted } = parseAlertInput(alertMuteInputSchema, input, 'mute');
      const account = requireAccount(accountId);
      const current = effectiveAlertSettings(settings, account.id).mutedKinds;
      const next = muted ? [...new Set([...current, kind])] : current.filter((k) => k !== kind);
      const effective = setAccountAlertOverrides(settings, account.id, { mutedKinds: next });
      return changed(account.id, { accountId: account.id, kind, muted, mutedKinds: effective.mutedKinds });
    },

    getDefaults: () => getAlertDefaults(settings),
    setDefaults: (patch, reset) => changed(null, setAlertDefaults(settings, patch, reset)),
    getAccountSettings(accountId) {
      const account = requireAccount(accountId);
      return {
        overrides: getAccountAlertOverrides(settings, account.id),
        effective: effectiveAlertSettings(settings, account.id),
      };
    },
    setAccountSettings(accountId, patch, inherit) {
      const account = requireAccount(accountId);
      return changed(account.id, setAccountAlertOverrides(settings, account.id, patch, inherit));
    },

    setWatchingSince(at) {
      watchingSince = at;
    },

    onReading(account, record) {
      try {
        const now = core.now();
        // Back-filled history (an import, a reading older than the newest) is not news.
        if (record.ts < now - NEWS_WINDOW_MS) return;
        const newest = core.repos.readings.latest(account.pk);
        if (newest && newest.ts > record.ts) return;
        evaluateAccount(account);
      } catch (error) {
        onError(error);
      }
    },
  };
}

/** Why an active alert is held back, if it is: muted, a hold on its episode, or a timed snooze. */
function quietOf(state: RuleState, settings: AlertSettings, snoozedUntil: string | null): AlertQuiet | null {
  if (settings.mutedKinds.includes(state.kind)) return { reason: 'muted', until: null };
  const hold = holdOn(state);
  if (hold) return { reason: hold.reason, until: null };
  if (snoozedUntil !== null) return { reason: 'snoozed', until: snoozedUntil };
  return null;
}

function latest(...values: Array<number | null | undefined>): number | null {
  let out: number | null = null;
  for (const v of values) if (v !== null && v !== undefined && (out === null || v > out)) out = v;
  return out;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** The instants an alert speaks of, for readers that phrase them themselves. */
function isoTimes(text: TimedText): Record<string, string> {
  return Object.fromEntries(Object.entries(text.times).map(([k, v]) => [k, new Date(v).toISOString()]));
}
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
