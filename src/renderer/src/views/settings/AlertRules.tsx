import { useId } from 'react';
import type { AlertKind, AlertSettings, AlertSettingsPatch } from '../../../../shared/alerts.ts';
import { ALERT_KINDS } from '../../../../shared/alert-kinds.ts';
import { ApplyNote, AutoTextField, useApplyState } from '../../components/AutoField.tsx';
import { ALERT_KIND_WORDS } from '../../lib/alerts.ts';

/**
 * Change alert settings: a patch, and (for an account) fields to give back to the global
 * value. Resolves to null when stored, else the engine's message.
 */
export type ApplyAlerts = (patch: AlertSettingsPatch, inherit?: Array<keyof AlertSettings>) => Promise<string | null>;

type NumberField = 'lowBalanceRunwayDays' | 'keyExpiringDays' | 'packExpiringDays' | 'staleHours' | 'staleIntervals';

const NUMBER_FIELDS: Array<{ name: NumberField; label: string; help?: string }> = [
  { name: 'lowBalanceRunwayDays', label: 'Warn when the runway is under (days)', help: '0 turns this warning off.' },
  { name: 'keyExpiringDays', label: 'Warn before a key expires (days)' },
  { name: 'packExpiringDays', label: 'Warn before a pack expires unused (days)' },
  { name: 'staleHours', label: 'Call an account stale after (hours)' },
  { name: 'staleIntervals', label: '…and after this many missed polls', help: 'Whichever is longer.' },
];

/** Typed text as a number, or a message when it is not one (the engine checks the range). */
function asNumber(text: string): number | string {
  const t = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : 'Enter a number, such as 3';
}

function asPercents(text: string): number[] | string {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  const out = parts.map((p) => asNumber(p.replace(/%$/, '')));
  const bad = out.find((p) => typeof p === 'string');
  return typeof bad === 'string' ? 'Enter percents such as 80, 95' : (out as number[]);
}

/**
 * Every alert rule setting, applied as it is changed. Global (`overrides` absent): each field
 * shows and sets the default. For an account: an empty field (or "Same as everywhere") follows
 * the global value, shown as the placeholder; anything set is this account's own.
 */
export function AlertRules({
  effective,
  defaults,
  overrides,
  apply,
}: {
  effective: AlertSettings;
  defaults: AlertSettings;
  overrides?: AlertSettingsPatch;
  apply: ApplyAlerts;
}) {
  const perAccount = overrides !== undefined;
  const own = (name: keyof AlertSettings) => !perAccount || overrides[name] !== undefined;
  /** The field's text: its value, or (per account, not overridden) empty with the global value as placeholder. */
  const shown = (name: keyof AlertSettings, text: (s: AlertSettings) => string) =>
    perAccount && !own(name) ? '' : text(effective);
  const fallback = (text: string) => (perAccount ? `${text} (as everywhere)` : undefined);

  const numberField = (f: (typeof NUMBER_FIELDS)[number]) => (
    <AutoTextField
      key={f.name}
      label={f.label}
      help={f.help}
      name={f.name}
      inputMode="decimal"
      value={shown(f.name, (s) => String(s[f.name]))}
      placeholder={fallback(String(defaults[f.name]))}
      apply={(text) => {
        if (perAccount && text.trim() === '') return apply({}, [f.name]);
        const n = asNumber(text);
        return typeof n === 'string' ? Promise.resolve(n) : apply({ [f.name]: n });
      }}
    />
  );

  return (
    <div className="alert-rules">
      <div className="form-grid">
        {numberField(NUMBER_FIELDS[0]!)}
        <AutoTextField
          label="Warn when the balance is below"
          help={
            perAccount
              ? 'In this account’s own unit (credits, USD…). Empty follows the global setting.'
              : 'In each account’s own unit, so usually set per account. Empty: off.'
          }
          name="lowBalanceAmount"
          inputMode="decimal"
          value={shown('lowBalanceAmount', (s) => s.lowBalanceAmount ?? '')}
          placeholder={fallback(defaults.lowBalanceAmount ?? 'off')}
          apply={(text) => {
            const t = text.trim();
            if (perAccount && t === '') return apply({}, ['lowBalanceAmount']);
            return apply({ lowBalanceAmount: t === '' || t.toLowerCase() === 'off' ? null : t });
          }}
        />
        <AutoTextField
          label="Warn at these shares of a daily cap (%)"
          help="Up to four, increasing, e.g. 80, 95. Reaching the cap always alerts."
          name="capApproachingPercents"
          value={shown('capApproachingPercents', (s) => s.capApproachingPercents.join(', '))}
          placeholder={fallback(defaults.capApproachingPercents.join(', ') || 'off')}
          apply={(text) => {
            if (perAccount && text.trim() === '') return apply({}, ['capApproachingPercents']);
            const p = asPercents(text);
            return typeof p === 'string' ? Promise.resolve(p) : apply({ capApproachingPercents: p });
          }}
        />
        {NUMBER_FIELDS.slice(1).map(numberField)}
      </div>
      <KindTable effective={effective} overrides={overrides} apply={apply} />
    </div>
  );
}

/**
 * Each kind of alert, whether it is raised at all (disabledKinds) and whether it notifies
 * (mutedKinds: listed, never announced). Per account, a row can follow the global choice.
 */
function KindTable({
  effective,
  overrides,
  apply,
}: {
  effective: AlertSettings;
  overrides?: AlertSettingsPatch;
  apply: ApplyAlerts;
}) {
  const id = useId();
  const { error, saved, run } = useApplyState();
  const perAccount = overrides !== undefined;
  const toggle = (list: 'disabledKinds' | 'mutedKinds', kind: AlertKind, on: boolean) => {
    const current = effective[list];
    const next = on ? [...new Set([...current, kind])] : current.filter((k) => k !== kind);
    void run(() => apply({ [list]: next }));
  };
  const follows = (list: 'disabledKinds' | 'mutedKinds') => perAccount && overrides[list] === undefined;
  return (
    <fieldset className="kind-table">
      <legend>Alert kinds{perAccount ? ' for this account' : ''}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Raise</th>
            <th scope="col">Notify</th>
          </tr>
        </thead>
        <tbody>
          {ALERT_KINDS.map((kind) => {
            const raised = !effective.disabledKinds.includes(kind);
            const notifies = !effective.mutedKinds.includes(kind);
            return (
              <tr key={kind}>
                <th scope="row">{ALERT_KIND_WORDS[kind]}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Raise “${ALERT_KIND_WORDS[kind]}” alerts`}
                    checked={raised}
                    onChange={(e) => toggle('disabledKinds', kind, !e.target.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Notify “${ALERT_KIND_WORDS[kind]}” alerts`}
                    checked={notifies}
                    disabled={!raised}
                    onChange={(e) => toggle('mutedKinds', kind, !e.target.checked)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="help">
        Not raised: the rule is off. Not notified (muted): the alert is listed in the app but never pops up, is not sent
        to channels and does not colour the tray.
        {perAccount &&
          (follows('disabledKinds') && follows('mutedKinds') ? (
            ' This account follows the global choices.'
          ) : (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => void run(() => apply({}, ['disabledKinds', 'mutedKinds']))}
              >
                Follow the global choices again
              </button>
            </>
          ))}
      </p>
      <ApplyNote id={`${id}-note`} error={error} saved={saved} />
    </fieldset>
  );
}
