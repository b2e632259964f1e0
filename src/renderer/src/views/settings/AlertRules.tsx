import { useId } from 'react';
import type { AlertKind, AlertSettings, AlertSettingsPatch } from '../../../../shared/alerts.ts';
import { ALERT_KINDS } from '../../../../shared/alert-kinds.ts';
import { ApplyNote, AutoTextField, useApplyState } from '../../components/AutoField.tsx';
import { alertKindWords } from '../../lib/alerts.ts';
import { t } from '../../lib/i18n.ts';

/**
 * Change alert settings: a patch, and (for an account) fields to give back to the global
 * value. Resolves to null when stored, else the engine's message.
 */
export type ApplyAlerts = (patch: AlertSettingsPatch, inherit?: Array<keyof AlertSettings>) => Promise<string | null>;

type NumberField = 'lowBalanceRunwayDays' | 'keyExpiringDays' | 'packExpiringDays' | 'staleHours' | 'staleIntervals';

/** The number fields; each is called `rules.<name>.label` (and `.help` where it has one) in the catalogs. */
const NUMBER_FIELDS: Array<{ name: NumberField; help?: boolean }> = [
  { name: 'lowBalanceRunwayDays', help: true },
  { name: 'keyExpiringDays' },
  { name: 'packExpiringDays' },
  { name: 'staleHours' },
  { name: 'staleIntervals', help: true },
];

/** Typed text as a number, or a message when it is not one (the engine checks the range). */
function asNumber(text: string): number | string {
  const v = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : t('rules.enterNumber');
}

function asPercents(text: string): number[] | string {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  const out = parts.map((p) => asNumber(p.replace(/%$/, '')));
  const bad = out.find((p) => typeof p === 'string');
  return typeof bad === 'string' ? t('rules.enterPercents') : (out as number[]);
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
  const fallback = (text: string) => (perAccount ? t('rules.asEverywhere', { value: text }) : undefined);

  const numberField = (f: (typeof NUMBER_FIELDS)[number]) => (
    <AutoTextField
      key={f.name}
      label={t(`rules.${f.name}.label`)}
      help={f.help ? t(`rules.${f.name}.help`) : undefined}
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
          label={t('rules.lowBalanceAmount.label')}
          help={perAccount ? t('rules.lowBalanceAmount.helpAccount') : t('rules.lowBalanceAmount.help')}
          name="lowBalanceAmount"
          inputMode="decimal"
          value={shown('lowBalanceAmount', (s) => s.lowBalanceAmount ?? '')}
          placeholder={fallback(defaults.lowBalanceAmount ?? t('rules.off'))}
          apply={(text) => {
            const v = text.trim();
            if (perAccount && v === '') return apply({}, ['lowBalanceAmount']);
            return apply({
              lowBalanceAmount: v === '' || v.toLowerCase() === 'off' || v === t('rules.off') ? null : v,
            });
          }}
        />
        <AutoTextField
          label={t('rules.capApproachingPercents.label')}
          help={t('rules.capApproachingPercents.help')}
          name="capApproachingPercents"
          value={shown('capApproachingPercents', (s) => s.capApproachingPercents.join(', '))}
          placeholder={fallback(defaults.capApproachingPercents.join(', ') || t('rules.off'))}
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
      <legend>{perAccount ? t('rules.kindsAccount') : t('rules.kinds')}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('rules.kind')}</th>
            <th scope="col">{t('rules.raise')}</th>
            <th scope="col">{t('rules.notify')}</th>
          </tr>
        </thead>
        <tbody>
          {ALERT_KINDS.map((kind) => {
            const raised = !effective.disabledKinds.includes(kind);
            const notifies = !effective.mutedKinds.includes(kind);
            return (
              <tr key={kind}>
                <th scope="row">{alertKindWords(kind)}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('rules.raiseKind', { kind: alertKindWords(kind) })}
                    checked={raised}
                    onChange={(e) => toggle('disabledKinds', kind, !e.target.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('rules.notifyKind', { kind: alertKindWords(kind) })}
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
        {t('rules.kindsHelp')}
        {perAccount &&
          (follows('disabledKinds') && follows('mutedKinds') ? (
            ` ${t('rules.followsGlobal')}`
          ) : (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => void run(() => apply({}, ['disabledKinds', 'mutedKinds']))}
              >
                {t('rules.followGlobalAgain')}
              </button>
            </>
          ))}
      </p>
      <ApplyNote id={`${id}-note`} error={error} saved={saved} />
    </fieldset>
  );
}
