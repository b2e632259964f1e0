import type { Amount } from '../../shared/domain.ts';
import type { KeyState } from '../../shared/states.ts';
import type { Health, HealthReason } from '../../shared/status.ts';
import { toMicros } from '../../shared/decimal.ts';
import { formatAmount, formatDays } from '../alerts/format.ts';

/**
 * What the tray shows, as pure functions of a snapshot: the icon (worst health across
 * accounts), the tooltip, the short macOS title and the menu. Every figure comes from the
 * status report (health, attention, next to run out); nothing here judges an account
 * itself. Main turns these into Electron's Tray and Menu; nothing here knows Electron.
 */
export type TrayState = 'ok' | 'warning' | 'critical' | 'stale' | 'paused';

export type PauseReason = 'user' | 'suspend' | 'offline';

export interface TrayAccount {
  id: string;
  /** "CheapAI · main". */
  name: string;
  enabled: boolean;
  /** The newest reading's state; null before the first. */
  state: KeyState | null;
  balance: Amount | null;
  runwayDays: number | null;
  /** What the balance buys, in a few words ("≈ 162 gpt-image-2 calls"); absent when unknown. */
  buys?: string | null;
  /** The account's one health (status). */
  health: Health;
}

export interface TraySnapshot {
  now: number;
  accounts: TrayAccount[];
  /** Accounts that need attention, most urgent first (status totals.attention). */
  attention: string[];
  /** The balance that runs out first (status totals.nextToRunOut). */
  nextToRunOut: { id: string; zeroAt: string; cause: 'spend' | 'pack_expiry' } | null;
  /** The accounts' total money value in the display currency, when any is known. */
  total: { amount: string; currency: 'USD' | 'CNY' } | null;
  pause: { reasons: PauseReason[]; until: number | null };
  /** IANA zone for "paused until 14:05"; the computer's own when absent. */
  timeZone?: string;
}

export type TrayAction =
  | { type: 'open-account'; accountId: string }
  | { type: 'refresh' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'open' }
  | { type: 'quit' };

export type TrayMenuItem =
  { type: 'item'; label: string; enabled: boolean; action: TrayAction | null } | { type: 'separator' };

/** "Pause for 1 hour" in the menu. */
export const USER_PAUSE_MS = 3600_000;

const STATE_WORDS: Record<KeyState, string> = {
  ok: 'ok',
  invalid_key: 'key rejected',
  expired_key: 'key expired',
  insufficient_balance: 'out of balance',
  daily_cap_reached: 'daily cap reached',
  rate_limited: 'rate limited',
  server_error: 'provider error',
  bad_response: 'unreadable reply',
  network_error: 'unreachable',
  timeout: 'timed out',
};

/** A health reason in a few words, for a menu line. */
const REASON_WORDS: Record<Exclude<HealthReason['kind'], 'key_state'>, string> = {
  low_balance: 'running low',
  zero_balance: 'out of balance',
  cap_approaching: 'near its daily cap',
  cap_reached: 'daily cap reached',
  key_invalid: 'key rejected',
  key_expiring: 'key expiring',
  pack_expiring: 'pack expiring unused',
  stale: 'stale',
  top_up: 'topped up',
  paused: 'paused',
  no_reading: 'no reading yet',
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

/** The icon file for a state: macOS template images (monochrome, adapt to the menu bar), colour elsewhere. */
export function trayIconName(state: TrayState, platform: string): string {
  return platform === 'darwin' ? `${state}Template.png` : `${state}.png`;
}

/** Days until the balance that runs out first does (a shared balance once, postpaid never). */
function shortestRunway(s: TraySnapshot): number | null {
  if (!s.nextToRunOut) return null;
  return Math.max(0, (Date.parse(s.nextToRunOut.zeroAt) - s.now) / 86_400_000);
}

function formatTotal(total: NonNullable<TraySnapshot['total']>, whole: boolean): string {
  const symbol = total.currency === 'USD' ? '$' : '¥';
  const n = Number(total.amount);
  const text = new Intl.NumberFormat(
    'en-US',
    whole ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  ).format(n);
  return `${symbol}${text}`;
}

function pauseWords(s: TraySnapshot): string | null {
  const { reasons, until } = s.pause;
  if (reasons.length === 0) return null;
  if (reasons.includes('offline')) return 'offline, polling paused';
  if (reasons.includes('suspend')) return 'asleep, polling paused';
  if (until === null) return 'polling paused';
  const at = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    ...(s.timeZone ? { timeZone: s.timeZone } : {}),
  }).format(new Date(until));
  return `polling paused until ${at}`;
}

/** "Burnrate — $41.20 in 3 accounts · shortest runway 9 days · 2 need attention". */
export function trayTooltip(s: TraySnapshot): string {
  const parts: string[] = [];
  const paused = pauseWords(s);
  if (paused) parts.push(paused);
  const enabled = s.accounts.filter((a) => a.enabled);
  if (s.accounts.length === 0) parts.push('no accounts yet');
  else
    parts.push(
      `${s.total ? `${formatTotal(s.total, false)} in ` : ''}${enabled.length} ${enabled.length === 1 ? 'account' : 'accounts'}`,
    );
  const runway = shortestRunway(s);
  if (runway !== null) parts.push(`shortest runway ${formatDays(runway)}`);
  const attention = s.attention.length;
  if (attention > 0) parts.push(`${attention} ${attention === 1 ? 'needs' : 'need'} attention`);
  // Short on purpose: Windows cuts tray tooltips at 127 characters. What the most urgent
  // account's balance buys is said only when it fits.
  const text = `Burnrate — ${parts.join(' · ')}`;
  const worst = mostUrgent(s);
  const buys = worst?.buys ? `${text} · ${worst.name.split(' · ').at(-1)} ${worst.buys}` : text;
  return buys.length <= 127 ? buys : text;
}

/** The account the tooltip speaks of: the first that needs attention, else the shortest runway. */
function mostUrgent(s: TraySnapshot): TrayAccount | null {
  const first = s.attention[0];
  if (first !== undefined) return s.accounts.find((a) => a.id === first) ?? null;
  let worst: TrayAccount | null = null;
  for (const a of s.accounts)
    if (a.enabled && a.runwayDays !== null && (worst === null || a.runwayDays < worst.runwayDays!)) worst = a;
  return worst;
}

/** The short macOS menu-bar title: "$41 · 9d" (total value, shortest runway); empty when neither is known. */
export function trayTitle(s: TraySnapshot): string {
  const parts: string[] = [];
  if (s.total) parts.push(formatTotal(s.total, true));
  const runway = shortestRunway(s);
  if (runway !== null) parts.push(runway < 1 ? '<1d' : `${Math.floor(runway)}d`);
  return parts.join(' · ');
}

/**
 * "CheapAI · main — 46,000 credits — 9 days left"; when its health needs attention, what
 * is wrong first ("near its daily cap · 2.1 days left").
 */
export function accountLine(a: TrayAccount): string {
  const parts = [a.name];
  if (a.balance) parts.push(formatAmount(toMicros(a.balance.amount), a.balance.unit));
  const left = a.runwayDays !== null ? `${formatDays(a.runwayDays)} left` : null;
  const worst = a.health.reasons.find((r) => !r.snoozedUntil);
  if (!a.enabled) parts.push('paused');
  else if (a.state === null) parts.push('no reading yet');
  else if (accountTrayState(a) !== 'ok' && worst) {
    const words = worst.kind === 'key_state' ? STATE_WORDS[a.state] : REASON_WORDS[worst.kind];
    parts.push(left && worst.kind !== 'key_state' ? `${words} · ${left}` : words);
  } else if (left) parts.push(left);
  return parts.join(' — ');
}

export function trayMenu(s: TraySnapshot): TrayMenuItem[] {
  const item = (label: string, action: TrayAction | null, enabled = true): TrayMenuItem => ({
    type: 'item',
    label,
    enabled: enabled && action !== null,
    action,
  });
  const items: TrayMenuItem[] = [];
  const paused = pauseWords(s);
  if (paused) items.push(item(paused.charAt(0).toUpperCase() + paused.slice(1), null), { type: 'separator' });
  if (s.accounts.length === 0) items.push(item('No accounts yet', null));
  for (const a of s.accounts) items.push(item(accountLine(a), { type: 'open-account', accountId: a.id }));
  items.push({ type: 'separator' });
  items.push(
    item(
      'Refresh now',
      { type: 'refresh' },
      s.accounts.some((a) => a.enabled),
    ),
  );
  items.push(
    s.pause.reasons.includes('user') ? item('Resume', { type: 'resume' }) : item('Pause for 1 hour', { type: 'pause' }),
  );
  items.push({ type: 'separator' });
  items.push(item('Open Burnrate', { type: 'open' }));
  items.push(item('Quit', { type: 'quit' }));
  return items;
}
