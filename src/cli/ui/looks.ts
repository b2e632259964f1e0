import type { AlertSeverity, AlertSilence } from '../../shared/alerts.ts';
import type { KeyState } from '../../shared/states.ts';
import type { HealthLevel, HealthReason } from '../../shared/status.ts';
import type { Cell } from './table.ts';
import type { Look } from './terminal.ts';

/**
 * The colours of states. Colour is never the only signal: the word is always there, and a
 * symbol comes with the colour on a terminal.
 */
const STATE_LOOK: Record<KeyState, Look> = {
  ok: 'green',
  invalid_key: 'red',
  expired_key: 'red',
  insufficient_balance: 'red',
  daily_cap_reached: 'yellow',
  rate_limited: 'yellow',
  server_error: 'yellow',
  bad_response: 'yellow',
  network_error: 'yellow',
  timeout: 'yellow',
};

export function stateCell(state: KeyState | null): Cell {
  if (state === null) return { text: 'not polled', look: 'dim' };
  return { text: state, look: STATE_LOOK[state] };
}

const SEVERITY_LOOK: Record<AlertSeverity, Look> = { info: 'cyan', warning: 'yellow', critical: 'red' };

export function severityCell(severity: AlertSeverity): Cell {
  return { text: severity, look: SEVERITY_LOOK[severity] };
}

const SILENCED: Record<AlertSilence, string> = {
  quiet_hours: 'quiet hours',
  snoozed: 'snoozed',
  muted: 'muted',
  imported: 'imported',
};

/** " (snoozed, not notified)" */
export function silencedText(silenced: AlertSilence | null): string {
  return silenced ? ` (${SILENCED[silenced]}, not notified)` : '';
}

/** Health levels: the word always, a symbol and colour on a colour terminal. */
const HEALTH: Record<HealthLevel, { look: Look; symbol: string }> = {
  critical: { look: 'red', symbol: '✖' },
  warning: { look: 'yellow', symbol: '▲' },
  stale: { look: 'magenta', symbol: '◌' },
  info: { look: 'cyan', symbol: '●' },
  ok: { look: 'green', symbol: '✔' },
  paused: { look: 'dim', symbol: '‖' },
};

export function healthCell(level: HealthLevel): Cell & { look: Look } {
  const h = HEALTH[level];
  return { text: level, look: h.look, symbol: { text: h.symbol, look: h.look } };
}

export function healthReasonCell(reason: HealthReason): Cell & { look: Look } {
  return { text: reason.severity, look: HEALTH[reason.severity].look };
}
