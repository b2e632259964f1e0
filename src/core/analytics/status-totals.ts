import type { StatusReport } from '../../shared/status.ts';
import { fromMicros } from '../../shared/decimal.ts';
import type { MoneySettings } from './settings.ts';
import { attention, compareUrgency } from './health.ts';
import type { Figures } from './status.ts';

/** The report's totals over every account's figures: shared balances counted once. */

/**
 * A shared balance is counted once: of the accounts that spend from it, the one with the
 * newest balance reading speaks for it (the others are the same money, read a little earlier).
 */
export function countOnce(figures: Figures[], holders: Map<number, number>): void {
  const groups = new Map<number, Figures[]>();
  for (const f of figures) {
    if (f.status.billing === 'postpaid') continue;
    const holder = holders.get(f.account.pk) ?? f.account.pk;
    groups.set(holder, [...(groups.get(holder) ?? []), f]);
  }
  for (const [holder, members] of groups) {
    if (members.length < 2) continue;
    const speaker = [...members].sort(
      (a, b) =>
        (b.balanceAt ?? -Infinity) - (a.balanceAt ?? -Infinity) ||
        Number(b.account.pk === holder) - Number(a.account.pk === holder),
    )[0]!;
    for (const f of members) f.status.countedInTotals = f === speaker;
  }
}

export function totals(figures: Figures[], settings: MoneySettings, now: number): StatusReport['totals'] {
  const counted = figures.filter((f) => f.status.countedInTotals);
  const sum = (pick: (f: Figures) => number | null): string | null => {
    const known = counted.map(pick).filter((x): x is number => x !== null);
    if (known.length === 0) return null;
    return fromMicros(known.reduce((a, b) => a + b, 0));
  };
  // Still to come: a balance already at zero has run out (its health says so), it is not "next".
  const runningOut = counted
    .filter(
      (f) =>
        f.account.enabled &&
        f.status.runway.zeroAt !== null &&
        f.status.runway.cause !== null &&
        Date.parse(f.status.runway.zeroAt) > now,
    )
    .sort((a, b) => Date.parse(a.status.runway.zeroAt!) - Date.parse(b.status.runway.zeroAt!))[0];
  return {
    currency: settings.displayCurrency,
    value: sum((f) => f.value),
    burnPerDay: sum((f) => f.burn),
    spend24h: sum((f) => f.spend24h),
    unvalued: counted.filter((f) => f.status.balance !== null && f.value === null).length,
    attention: attention(figures.map((f) => f.status)),
    nextToRunOut: runningOut
      ? { id: runningOut.status.id, zeroAt: runningOut.status.runway.zeroAt!, cause: runningOut.status.runway.cause! }
      : null,
    postpaid: figures.filter((f) => f.status.billing === 'postpaid').length,
    sharedCountedOnce: figures.filter((f) => f.status.billing !== 'postpaid' && !f.status.countedInTotals).length,
    order: figures
      .map((f) => f.status)
      .sort(compareUrgency)
      .map((s) => s.id),
    runway: overallRunway(counted, now),
  };
}

/**
 * How long the money held lasts at the accounts' combined burn: the counted value over the
 * counted burn per day, both in the display currency (postpaid credit and a shared balance's
 * second key are already left out). Null when either is unknown or nothing burns.
 */
function overallRunway(counted: Figures[], now: number): StatusReport['totals']['runway'] {
  let value = 0;
  let burn = 0;
  let valued = 0;
  for (const f of counted) {
    if (!f.account.enabled) continue;
    if (f.value !== null) {
      value += f.value;
      valued++;
    }
    if (f.burn !== null && f.value !== null) burn += f.burn;
  }
  if (valued === 0 || burn <= 0) return null;
  const days = Math.max(0, value) / burn;
  return { days, zeroAt: new Date(now + days * 86_400_000).toISOString() };
}
