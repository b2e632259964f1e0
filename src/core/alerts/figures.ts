import type { AlertKind } from '../../shared/alerts.ts';
import { fromMicros } from '../../shared/decimal.ts';
import type { AlertInput, Money } from './input.ts';

/**
 * The figures behind one alert, for receivers outside the app (a webhook's body): what the
 * rule looked at when it fired, in the status contract's words — decimal strings with their
 * unit and ISO times, null when unknown. Read from the same input the rule judged, so a
 * channel never tells a different number from the message it carries.
 */
export type AlertFigures = Record<string, unknown>;

const amount = (m: Money | null) => (m === null ? null : { amount: fromMicros(m.micros), unit: m.unit });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function alertFigures(kind: AlertKind, rule: string, input: AlertInput): AlertFigures {
  const state = input.latest?.state ?? null;
  switch (kind) {
    case 'low_balance':
    case 'zero_balance':
      return {
        state,
        balance: amount(input.balance),
        runwayDays: input.runwayDays,
      };
    case 'cap_approaching':
    case 'cap_reached': {
      const cap = input.cap;
      return {
        state,
        cap:
          cap === null
            ? null
            : {
                unit: cap.unit,
                limit: cap.limitMicros === null ? null : fromMicros(cap.limitMicros),
                used: cap.usedMicros === null ? null : fromMicros(cap.usedMicros),
                fraction: cap.fraction,
                resetAt: iso(cap.resetAt ?? input.capWindowEnd),
              },
      };
    }
    case 'key_invalid':
    case 'key_expiring':
      return { state, keyExpiresAt: iso(input.keyExpiresAt) };
    case 'pack_expiring': {
      const id = rule.startsWith('pack_expiring:') ? rule.slice('pack_expiring:'.length) : null;
      const pack = input.packs.find((p) => p.id === id) ?? null;
      return {
        pack:
          pack === null
            ? null
            : {
                id: pack.id,
                credits: fromMicros(pack.creditsMicros),
                unit: pack.unit,
                expiresAt: iso(pack.expiresAt),
                projectedUnused: pack.projectedUnusedMicros === null ? null : fromMicros(pack.projectedUnusedMicros),
                projectedUnusedUsd: pack.projectedUnusedUsd,
              },
      };
    }
    case 'stale':
      return { state, lastSuccessAt: iso(input.lastSuccessAt) };
    case 'top_up': {
      const t = input.topUp;
      return {
        topUp:
          t === null
            ? null
            : {
                at: iso(t.at),
                amount: fromMicros(t.amountMicros),
                unit: t.unit,
                balanceAfter: t.balanceAfterMicros === null ? null : fromMicros(t.balanceAfterMicros),
              },
      };
    }
  }
}
