import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import type { AlertKind, AlertSeverity } from '../../shared/alerts.ts';
import { alertKindSchema, alertSeveritySchema } from '../../shared/alerts.ts';
import { alertPhraseSchema } from '../../shared/alert-phrase-schema.ts';
import type { TimedText } from '../../shared/format/relative-time.ts';

/**
 * Where one rule of one account stands (a row of alert_state). `active` is "an episode is
 * on": the alert fired and its condition has not cleared with margin since. It survives
 * restarts, so every process (app, `poll`, `watch`) continues the same episode.
 */
export interface RuleState {
  rule: string;
  kind: AlertKind;
  active: boolean;
  /** The highest level fired in the current episode (0 when idle). */
  level: number;
  /** The occurrence last fired, for event-like rules (a top-up's time). Kept after clearing. */
  episode: number | null;
  severity: AlertSeverity | null;
  /** The current wording while active (figures refreshed on every evaluation), phrased as of then. */
  message: string | null;
  /** The same wording with its instants open, phrased again whenever it is shown; null for older rows. */
  text: TimedText | null;
  firedAt: number | null;
  clearedAt: number | null;
  /** A snooze of this rule (or, on the row named by the kind, of every rule of that kind). */
  snoozedUntil: number | null;
  /** Held back for one episode: snoozed until it ends, or dismissed (until it ends or escalates). */
  hold: EpisodeHold | null;
}

/**
 * A hold on one episode, named by the time it fired: a new episode fires at a new time, so a
 * hold never outlives its episode. `level`: a dismissal holds up to the level it saw (a higher
 * one is news); an episode snooze holds every level (null).
 */
export interface EpisodeHold {
  firedAt: number;
  level: number | null;
  reason: 'snoozed' | 'dismissed';
}

export function idleState(rule: string, kind: AlertKind): RuleState {
  return {
    rule,
    kind,
    active: false,
    level: 0,
    episode: null,
    severity: null,
    message: null,
    text: null,
    firedAt: null,
    clearedAt: null,
    snoozedUntil: null,
    hold: null,
  };
}

/**
 * An alert's wording with its instants open (see renderTimedText). Rows written before it
 * existed have none and show their stored sentence.
 */
const timedTextSchema = z.object({
  template: z.string().max(2000),
  times: z.record(z.string(), z.number()),
  /** The wording as a catalog key and figures, phrased in the reader's language (absent on older rows). */
  phrase: alertPhraseSchema.optional().catch(undefined),
});

/** What alert_state.data holds beside its columns. */
const stateDataSchema = z.object({
  kind: alertKindSchema,
  level: z.number().int().min(0),
  episode: z.number().nullable(),
  severity: alertSeveritySchema.nullable(),
  message: z.string().nullable(),
  hold: z
    .object({
      firedAt: z.number(),
      level: z.number().int().nullable(),
      reason: z.enum(['snoozed', 'dismissed']),
    })
    .nullable()
    .optional(),
  text: timedTextSchema.nullable().optional(),
});

/** What alert_events.data holds beside its columns. */
const eventDataSchema = z.object({
  rule: z.string(),
  level: z.number().int(),
  title: z.string(),
  body: z.string(),
  silenced: z.enum(['quiet_hours', 'snoozed', 'muted', 'imported']).nullable(),
  /** Unix ms someone dismissed the alert. */
  dismissedAt: z.number().optional(),
  /** The body with its instants open, phrased when shown (absent on older rows). */
  text: timedTextSchema.optional(),
});
export type EventData = z.infer<typeof eventDataSchema>;

interface StateRow {
  account_pk: number;
  rule: string;
  active: number;
  fired_at: number | null;
  cleared_at: number | null;
  snoozed_until: number | null;
  data: string | null;
}

interface EventRow {
  id: number;
  account_pk: number | null;
  ts: number;
  kind: string;
  severity: string;
  message: string;
  notified: number;
  data: string | null;
}

export interface StoredAlertEvent {
  id: number;
  accountPk: number;
  ts: number;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  notified: boolean;
  data: EventData;
}

export interface NewAlertEvent {
  accountPk: number;
  ts: number;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  data: EventData;
}

function kindOfRule(rule: string): AlertKind | null {
  const parsed = alertKindSchema.safeParse(rule.split(':')[0]);
  return parsed.success ? parsed.data : null;
}

function toState(row: StateRow): RuleState | null {
  const kind = kindOfRule(row.rule);
  if (!kind) return null;
  let data: z.infer<typeof stateDataSchema> | null = null;
  try {
    const parsed = stateDataSchema.safeParse(row.data === null ? null : JSON.parse(row.data));
    if (parsed.success) data = parsed.data;
  } catch {
    data = null;
  }
  return {
    rule: row.rule,
    kind,
    // A row whose data was damaged keeps its episode on/off; the wording is rebuilt on the next evaluation.
    active: row.active === 1,
    level: data?.level ?? (row.active === 1 ? 1 : 0),
    episode: data?.episode ?? null,
    severity: data?.severity ?? null,
    message: data?.message ?? null,
    text: data?.text ?? null,
    firedAt: row.fired_at,
    clearedAt: row.cleared_at,
    snoozedUntil: row.snoozed_until,
    hold: data?.hold ?? null,
  };
}

function toEvent(row: EventRow): StoredAlertEvent | null {
  const kind = alertKindSchema.safeParse(row.kind);
  const severity = alertSeveritySchema.safeParse(row.severity);
  if (!kind.success || !severity.success || row.account_pk === null) return null;
  let data: EventData;
  try {
    data = eventDataSchema.parse(JSON.parse(row.data ?? 'null'));
  } catch {
    const [title, ...rest] = row.message.split(' — ');
    data = { rule: kind.data, level: 1, title: title ?? row.message, body: rest.join(' — '), silenced: null };
  }
  return {
    id: row.id,
    accountPk: row.account_pk,
    ts: row.ts,
    kind: kind.data,
    severity: severity.data,
    message: row.message,
    notified: row.notified === 1,
    data,
  };
}

/** alert_state and alert_events: where episodes and the alert history live. */
export class AlertsRepo {
  private readonly db: Database;
  private readonly statesStmt: Statement<[number], StateRow>;
  private readonly activeStmt: Statement<[], StateRow>;
  private readonly upsertStmt: Statement<StateRow>;
  private readonly insertEventStmt: Statement<Omit<EventRow, 'id'>>;
  private readonly notifiedStmt: Statement<[number]>;
  private readonly unnotifiedStmt: Statement<[number], EventRow>;
  private readonly eventStmt: Statement<[number], EventRow>;
  private readonly latestOfRuleStmt: Statement<[number, number, string], { id: number }>;
  private readonly dismissedStmt: Statement<[number, number]>;

  constructor(db: Database) {
    this.db = db;
    this.statesStmt = db.prepare('SELECT * FROM alert_state WHERE account_pk = ?');
    this.activeStmt = db.prepare('SELECT * FROM alert_state WHERE active = 1 ORDER BY account_pk, fired_at');
    this.upsertStmt = db.prepare(`
      INSERT INTO alert_state (account_pk, rule, active, fired_at, cleared_at, snoozed_until, data)
      VALUES (@account_pk, @rule, @active, @fired_at, @cleared_at, @snoozed_until, @data)
      ON CONFLICT (account_pk, rule) DO UPDATE SET active = excluded.active, fired_at = excluded.fired_at,
        cleared_at = excluded.cleared_at, snoozed_until = excluded.snoozed_until, data = excluded.data`);
    this.insertEventStmt = db.prepare(`
      INSERT INTO alert_events (account_pk, ts, kind, severity, message, notified, data)
      VALUES (@account_pk, @ts, @kind, @severity, @message, @notified, @data)`);
    this.notifiedStmt = db.prepare('UPDATE alert_events SET notified = 1 WHERE id = ?');
    this.unnotifiedStmt = db.prepare(
      `SELECT * FROM alert_events WHERE notified = 0 AND ts >= ? AND json_extract(data, '$.silenced') IS NULL ORDER BY ts, id`,
    );
    this.eventStmt = db.prepare('SELECT * FROM alert_events WHERE id = ?');
    this.latestOfRuleStmt = db.prepare(
      `SELECT id FROM alert_events WHERE account_pk = ? AND ts >= ? AND json_extract(data, '$.rule') = ?
       ORDER BY ts DESC, id DESC LIMIT 1`,
    );
    this.dismissedStmt = db.prepare(
      `UPDATE alert_events SET data = json_set(coalesce(data, '{}'), '$.dismissedAt', ?) WHERE id = ?`,
    );
  }

  /** Run `fn` as one write transaction that takes the write lock first, so two processes
   * evaluating the same account cannot both decide to fire. */
  exclusive<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  states(accountPk: number): RuleState[] {
    return this.statesStmt
      .all(accountPk)
      .map(toState)
      .filter((s): s is RuleState => s !== null);
  }

  /** Every active episode, of every account. */
  activeStates(): Array<{ accountPk: number; state: RuleState }> {
    return this.activeStmt
      .all()
      .map((row) => ({ accountPk: row.account_pk, state: toState(row) }))
      .filter((x): x is { accountPk: number; state: RuleState } => x.state !== null);
  }

  saveState(accountPk: number, s: RuleState): void {
    this.upsertStmt.run({
      account_pk: accountPk,
      rule: s.rule,
      active: s.active ? 1 : 0,
      fired_at: s.firedAt,
      cleared_at: s.clearedAt,
      snoozed_until: s.snoozedUntil,
      data: JSON.stringify({
        kind: s.kind,
        level: s.level,
        episode: s.episode,
        severity: s.severity,
        message: s.message,
        hold: s.hold,
        text: s.text,
      }),
    });
  }

  insertEvent(e: NewAlertEvent): number {
    const info = this.insertEventStmt.run({
      account_pk: e.accountPk,
      ts: e.ts,
      kind: e.kind,
      severity: e.severity,
      message: e.message,
      notified: 0,
      data: JSON.stringify(e.data),
    });
    return Number(info.lastInsertRowid);
  }

  markNotified(id: number): void {
    this.notifiedStmt.run(id);
  }

  /** The history, oldest first; `limit` keeps the newest that many. */
  events(
    filter: { accountPk?: number | undefined; since?: number | undefined; limit?: number | undefined } = {},
  ): StoredAlertEvent[] {
    const where: string[] = [];
    const params: Record<string, number> = {};
    if (filter.accountPk !== undefined) {
      where.push('account_pk = @accountPk');
      params.accountPk = filter.accountPk;
    }
    if (filter.since !== undefined) {
      where.push('ts >= @since');
      params.since = filter.since;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = filter.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
    const rows = this.db
      .prepare<Record<string, number>, EventRow>(
        `SELECT * FROM (SELECT * FROM alert_events ${clause} ORDER BY ts DESC, id DESC ${limit}) ORDER BY ts, id`,
      )
      .all(params);
    return rows.map(toEvent).filter((e): e is StoredAlertEvent => e !== null);
  }

  /** Alerts that should have shown a notification and have not (raised by another process, or before a crash). */
  unnotified(since: number): StoredAlertEvent[] {
    const rows = this.unnotifiedStmt.all(since);
    return rows.map(toEvent).filter((e): e is StoredAlertEvent => e !== null);
  }

  /** Set (or lift, with null) a snooze on one rule row, creating the row idle if needed. */
  setSnooze(accountPk: number, rule: string, kind: AlertKind, until: number | null): void {
    const existing = this.states(accountPk).find((s) => s.rule === rule);
    const base = existing ?? idleState(rule, kind);
    this.saveState(accountPk, { ...base, snoozedUntil: until });
  }

  /** One alert of the history by its id; null when there is none. */
  event(id: number): StoredAlertEvent | null {
    const row = this.eventStmt.get(id);
    return row ? toEvent(row) : null;
  }

  /** The newest alert a rule raised at or after `since` (its current episode's latest), or null. */
  latestEventOfRule(accountPk: number, rule: string, since: number): number | null {
    const row = this.latestOfRuleStmt.get(accountPk, since, rule);
    return row?.id ?? null;
  }

  /** Record in the history that an alert was dismissed. */
  markDismissed(id: number, at: number): void {
    this.dismissedStmt.run(at, id);
  }
}
