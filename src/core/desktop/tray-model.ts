import type { Amount } from '../../shared/domain.ts';
import type { AlertKind, AlertSeverity } from '../../shared/alerts.ts';
import type { KeyState } from '../../shared/states.ts';
import type { Health, HealthReason } from '../../shared/status.ts';
import { formatAmountText } from '../../shared/format/numbers.ts';
import { clockTime, daysPhrase, spanPhrase } from '../../shared/format/relative-time.ts';
import { translator } from '../../shared/i18n.ts';
import { alertDetail } from '../../shared/alert-phrase.ts';
import type { AlertPhrase } from '../../shared/alert-phrase.ts';

/**
 * What the tray shows, as pure functions of a snapshot: the icon (worst health across
 * accounts), the tooltip and the macOS title (both naming the account in the worst trouble),
 * and the menu (accounts in the one order of urgency, each with a status mark, its balance
 * and runway; the alerts on now, each with "Snooze 1 h"; when the figures were last updated;
 * refresh, pause, open, quit). Every figure comes from the status report and the alerts
 * engine (health, urgency order, attention, next to run out, active alerts); nothing here
 * judges an account itself. Main turns these into Electron's Tray and Menu; nothing here
 * knows Electron. Every word comes from the catalog of the snapshot's locale (`tray.*`).
 */
export type TrayState = 'ok' | 'warning' | 'critical' | 'stale' | 'paused';

export type PauseReason = 'user' | 'suspend' | 'offline';

export interface TrayAccount {
  id: string;
  /** "CheapAI · main". */
  name: string;
  /** "main": what the title and tooltip call it. */
  label?: string;
  enabled: boolean;
  /** The newest reading's state; null before the first. */
  state: KeyState | null;
  balance: Amount | null;
  runwayDays: number | null;
  /** What takes the last of the balance (status runway.cause). */
  runwayCause?: 'spend' | 'pack_expiry' | null;
  /** What the balance buys, in a few words ("≈ 162 gpt-image-2 calls"); absent when unknown. */
  buys?: string | null;
  /** The account's one health (status). */
  health: Health;
}

/** One alert on now, as the tray's alerts section lists it (not held back by a snooze, dismissal or mute). */
export interface TrayAlert {
  accountId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** "CheapAI · main — 92 % of today's cap used…": the engine's sentence, phrased now. */
  message: string;
  /** The sentence as a catalog key and figures, said in the tray's language (absent on older alerts). */
  phrase?: AlertPhrase;
  /** The instants the phrase speaks of, ISO. */
  times?: Record<string, string>;
}

export interface TraySnapshot {
  now: number;
  /** In the one order of urgency (status totals.order), most urgent first. */
  accounts: TrayAccount[];
  /** Accounts that need attention, most urgent first (status totals.attention). */
  attention: string[];
  /** The balance that runs out first (status totals.nextToRunOut). */
  nextToRunOut: { id: string; zeroAt: string; cause: 'spend' | 'pack_expiry' } | null;
  /** The accounts' total money value in the display currency, when any is known. */
  total: { amount: string; currency: 'USD' | 'CNY' } | null;
  pause: { reasons: PauseReason[]; until: number | null };
  /** Alerts on now and not held back, worst first (at most five are listed). */
  alerts?: TrayAlert[];
  /** When the newest reading of any account was taken (unix ms); null before the first. */
  updatedAt?: number | null;
  /** `process.platform`: the menu follows each platform's words ("Quit Burnrate", "Exit"). */
  platform?: string;
  /** The active locale (the language setting, else the system's), for words and amounts; English when absent. */
  locale?: string;
  /** IANA zone for "paused until 14:05"; the computer's own when absent. */
  timeZone?: string;
}

export type TrayAction =
  | { type: 'open-account'; accountId: string }
  | { type: 'snooze'; accountId: string; kind: AlertKind }
  | { type: 'refresh' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'open' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { type: 'item'; label: string; enabled: boolean; action: TrayAction | null }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] }
  | { type: 'separator' };

/** "Pause for 1 hour" in the menu. */
export const USER_PAUSE_MS = 3600_000;
/** The alerts section lists at most this many. */
export const TRAY_ALERTS_MAX = 5;
/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

/** A key state in a few words (`tray.state.<state>`). */
const stateWords = (state: KeyState, locale: string | undefined) => translator(locale)(`tray.state.${state}`);

/** A health reason in a few words, for a menu line (`tray.reason.<kind>`). */
const reasonWords = (kind: Exclude<HealthReason['kind'], 'key_state'>, locale: string | undefined) =>
  translator(locale)(`tray.reason.${kind}`);

/**
 * A mark per health, a shape of its own like the icon's badge (menus have no colour
 * everywhere): ✖ critical, ▲ warning, ◷ stale, ‖ paused, ✓ all well.
 */
const MARKS: Record<Health['level'], string> = {
  critical: '✖',
  warning: '▲',
  stale: '◷',
  paused: '‖',
  info: '✓',
  ok: '✓',
};

/** One account's colour: its health (info counts as ok; a paused account has none). */
export function accountTrayState(account: Pick<TrayAccount, 'health'>): Exclude<TrayState, 'paused'> {
  const level = account.health.level;
  return level === 'critical' || level === 'warning' || level === 'stale' ? level : 'ok';
}

/**
 * The icon: paused while polling is paused (the figures are not being refreshed, whatever
 * they say), otherwise the worst account: critical, then warning, then stale, then ok.
 */
export function trayState(s: TraySnapshot): TrayState {
  if (s.pause.reasons.length > 0) return 'paused';
  const order: TrayState[] = ['ok', 'stale', 'warning', 'critical'];
  let worst: TrayState = 'ok';
  for (const a of s.accounts) {
    if (!a.enabled) continue;
    const state = accountTrayState(a);
    if (order.indexOf(state) > order.indexOf(worst)) worst = state;
  }
  return worst;
}

/**
 * The icon file for a state: macOS template images (drawn in the menu bar's own colour),
 * elsewhere the neutral glyph with a coloured badge only for warning and critical.
 */
export function trayIconName(state: TrayState, platform: string): string {
  return platform === 'darwin' ? `${state}Template.png` : `${state}.png`;
}

function amount(a: Amount, s: Pick<TraySnapshot, 'locale'>): string {
  return formatAmountText(a.amount, a.unit, { locale: s.locale ?? 'en-US' });
}

function labelOf(a: TrayAccount): string {
  return a.label ?? a.name.split(' · ').at(-1) ?? a.name;
}

/** The account in the worst trouble: the first that needs attention, else the next to run out. */
export function mostUrgent(s: TraySnapshot): TrayAccount | null {
  const first = s.attention[0] ?? s.nextToRunOut?.id;
  return first === undefined ? null : (s.accounts.find((a) => a.id === first) ?? null);
}

/** The unsnoozed reason an account is in trouble, worst first (health lists them so). */
function worstReason(a: TrayAccount): HealthReason | null {
  return a.health.reasons.find((r) => !r.snoozedUntil && !r.quiet && r.severity !== 'info') ?? null;
}

/** What is wrong with an account in a few words, or null when nothing is. */
function problemWords(a: TrayAccount, locale?: string): string | null {
  if (!a.enabled) return reasonWords('paused', locale);
  if (a.state === null) return reasonWords('no_reading', locale);
  if (accountTrayState(a) === 'ok') return null;
  const worst = worstReason(a);
  if (!worst) return null;
  // The key's own state says it more exactly than the alert about it ("key expired", not "key rejected").
  if (worst.kind === 'key_state' || (worst.kind === 'key_invalid' && a.state !== 'ok'))
    return stateWords(a.state, locale);
  return reasonWords(worst.kind, locale);
}

/** Whether an account's trouble is only that it is paused or has no reading yet. */
const pausedOrUnread = (a: TrayAccount) => !a.enabled || a.state === null;

/** "2 d", "9 h": a runway short enough for a menu-bar title. */
function shortDays(days: number, locale?: string): string {
  const t = translator(locale);
  if (days < 1) return t('tray.shortHours', { n: Math.max(1, Math.round(days * 24)) });
  return t('tray.shortDays', { n: days < 10 ? Math.round(days * 10) / 10 : Math.round(days) });
}

/** The runway of the worst account, from its own figure, or from the next balance to run out. */
function runwayOf(a: TrayAccount, s: TraySnapshot): number | null {
  if (s.nextToRunOut?.id === a.id) return Math.max(0, (Date.parse(s.nextToRunOut.zeroAt) - s.now) / 86_400_000);
  return a.runwayDays;
}

/**
 * The macOS menu-bar title names the account in the worst trouble and what is wrong, or how
 * long its balance lasts: "Team key · key rejected", "Studio · 2 d". Empty when all is well
 * and nothing runs out (the glyph alone says so).
 */
export function trayTitle(s: TraySnapshot): string {
  if (s.pause.reasons.length > 0) return '';
  const worst = mostUrgent(s);
  if (!worst) return '';
  const label = labelOf(worst);
  const short = label.length > 16 ? `${label.slice(0, 15)}…` : label;
  const problem = problemWords(worst, s.locale);
  const days = runwayOf(worst, s);
  const what =
    problem && worst.health.level === 'critical' ? problem : days !== null ? shortDays(days, s.locale) : problem;
  return what ? `${short} · ${what}` : short;
}

function pauseWords(s: TraySnapshot): string | null {
  const t = translator(s.locale);
  const { reasons, until } = s.pause;
  if (reasons.length === 0) return null;
  if (reasons.includes('offline')) return t('tray.pause.offline');
  if (reasons.includes('suspend')) return t('tray.pause.asleep');
  if (until === null) return t('tray.pause.paused');
  const at = clockTime(until, { locale: s.locale, timeZone: s.timeZone });
  return t('tray.pause.until', { at });
}

/** "Team key: key rejected", "Studio: 1.5 days left": the worst account, for the tooltip. */
function worstWords(s: TraySnapshot): string | null {
  const t = translator(s.locale);
  const worst = mostUrgent(s);
  if (!worst) return null;
  const problem = problemWords(worst, s.locale);
  const days = runwayOf(worst, s);
  const left = days !== null ? t('tray.left', { days: daysPhrase(days, s.locale) }) : null;
  const what =
    problem && left && worst.health.level !== 'critical'
      ? t('tray.problemAndLeft', { problem, left })
      : (problem ?? left ?? t('tray.needsALook'));
  return t('tray.accountSays', { label: labelOf(worst), what });
}

/**
 * "Burnrate — Team key: key rejected · 4 need attention · $84.20 in 15 accounts": the
 * account in the worst trouble first, then how many need attention, then the money held.
 * At most 127 characters (Windows cuts there); what is said last is dropped first.
 */
export function trayTooltip(s: TraySnapshot): string {
  const t = translator(s.locale);
  const parts: string[] = [];
  const paused = pauseWords(s);
  if (paused) parts.push(paused);
  const worst = worstWords(s);
  if (worst) parts.push(worst);
  const attention = s.attention.length;
  if (attention > 0) parts.push(t('tray.attention', { count: attention }));
  const enabled = s.accounts.filter((a) => a.enabled);
  if (s.accounts.length === 0) parts.push(t('tray.noAccountsYet'));
  else if (s.total)
    parts.push(
      t('tray.totalIn', {
        count: enabled.length,
        total: amount({ amount: s.total.amount, unit: s.total.currency }, s),
      }),
    );
  else parts.push(t('tray.accounts', { count: enabled.length }));
  const first = mostUrgent(s);
  if (first?.buys) parts.push(`${labelOf(first)} ${first.buys}`);
  const say = () => t('tray.tooltip', { parts: parts.join(' · ') });
  let text = say();
  while (text.length > TOOLTIP_MAX && parts.length > 1) {
    parts.pop();
    text = say();
  }
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

/**
 * "✖  CheapAI · main — 46,000 credits — key rejected", "✓  new-api · relay — $12.50 — 21
 * days left": the status mark, the name, the balance, then what is wrong or how long it lasts.
 */
export function accountLine(a: TrayAccount, s?: TraySnapshot): string {
  const locale = s?.locale;
  const t = translator(locale);
  const parts = [a.name];
  if (a.balance) parts.push(s ? amount(a.balance, s) : formatAmountText(a.balance.amount, a.balance.unit));
  const days = a.runwayDays !== null ? daysPhrase(a.runwayDays, locale) : null;
  const left =
    days === null ? null : a.runwayCause === 'pack_expiry' ? t('tray.leftPack', { days }) : t('tray.left', { days });
  const problem = problemWords(a, locale);
  if (problem && !pausedOrUnread(a) && left && a.health.level !== 'critical') parts.push(`${problem} · ${left}`);
  else if (problem) parts.push(problem);
  else if (left) parts.push(left);
  return `${MARKS[a.enabled ? a.health.level : 'paused']}  ${parts.join(' — ')}`;
}

/** "▲  main: 92 % of today's cap used…", cut to fit a menu line. */
function alertLine(alert: TrayAlert, s: TraySnapshot): string {
  const account = s.accounts.find((a) => a.id === alert.accountId);
  const text = translator(s.locale)('tray.accountSays', {
    label: account ? labelOf(account) : alert.accountId,
    what: alertDetail(alert, { locale: s.locale, timeZone: s.timeZone, now: s.now, inline: true }),
  });
  const mark = alert.severity === 'critical' ? MARKS.critical : alert.severity === 'warning' ? MARKS.warning : 'ℹ';
  return `${mark}  ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
}

/** "Updated 2 min ago", "Updated just now". */
function updatedWords(s: TraySnapshot): string {
  const t = translator(s.locale);
  const at = s.updatedAt ?? null;
  if (at === null) return t('tray.notUpdated');
  const age = s.now - at;
  return age < 60_000 ? t('tray.updatedNow') : t('tray.updatedAgo', { span: spanPhrase(age, s.locale) });
}

/** Each platform's word for leaving the app from its tray. */
function quitLabel(platform: string | undefined, locale: string | undefined): string {
  const t = translator(locale);
  if (platform === 'darwin') return t('tray.menu.quitMac');
  if (platform === 'win32') return t('tray.menu.exit');
  return t('tray.menu.quit');
}

/**
 * The menu, in this order: why polling is paused (if it is); the accounts, most urgent first,
 * each opening its view; the alerts on now (at most five), each with "Snooze 1 h" and a way
 * to its account; when the figures were last updated, Refresh now, Pause for 1 hour (or
 * Resume); Open Burnrate and Quit. Linux's AppIndicator shows only a menu (no click), so
 * "Open Burnrate" is always in it.
 */
export function trayMenu(s: TraySnapshot): TrayMenuItem[] {
  const t = translator(s.locale);
  const item = (label: string, action: TrayAction | null, enabled = true): TrayMenuItem => ({
    type: 'item',
    label,
    enabled: enabled && action !== null,
    action,
  });
  const items: TrayMenuItem[] = [];
  const paused = pauseWords(s);
  if (paused) items.push(item(paused.charAt(0).toUpperCase() + paused.slice(1), null), { type: 'separator' });
  if (s.accounts.length === 0) items.push(item(t('tray.menu.noAccounts'), null));
  for (const a of s.accounts) items.push(item(accountLine(a, s), { type: 'open-account', accountId: a.id }));
  const alerts = (s.alerts ?? []).slice(0, TRAY_ALERTS_MAX);
  if (alerts.length > 0) {
    items.push({ type: 'separator' });
    const more = (s.alerts?.length ?? 0) - alerts.length;
    items.push(
      item(
        more > 0
          ? t('tray.menu.alertsOf', { shown: alerts.length, total: alerts.length + more })
          : t('tray.menu.alerts'),
        null,
      ),
    );
    for (const alert of alerts) {
      const account = s.accounts.find((a) => a.id === alert.accountId);
      items.push({
        type: 'submenu',
        label: alertLine(alert, s),
        items: [
          item(t('tray.menu.snooze'), { type: 'snooze', accountId: alert.accountId, kind: alert.kind }),
          item(account ? t('tray.menu.openAccount', { label: labelOf(account) }) : t('tray.menu.openTheAccount'), {
            type: 'open-account',
            accountId: alert.accountId,
          }),
        ],
      });
    }
  }
  items.push({ type: 'separator' });
  items.push(item(updatedWords(s), null));
  items.push(
    item(
      t('tray.menu.refresh'),
      { type: 'refresh' },
      s.accounts.some((a) => a.enabled),
    ),
  );
  items.push(
    s.pause.reasons.includes('user')
      ? item(t('tray.menu.resume'), { type: 'resume' })
      : item(t('tray.menu.pause'), { type: 'pause' }),
  );
  items.push({ type: 'separator' });
  items.push(item(t('tray.menu.open'), { type: 'open' }));
  items.push(item(quitLabel(s.platform, s.locale), { type: 'quit' }));
  return items;
}
