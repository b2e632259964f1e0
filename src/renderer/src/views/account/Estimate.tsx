import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { BuysAccount, BuysModel, EstimateReport } from '../../../../shared/ipc.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { Field } from '../../components/Field.tsx';
import { formatDays, formatIn } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { keyRank, parseParamsText } from './pricing-text.ts';

/* The calculator: what one job costs, and whether the balance, the cap and the runway cover it. */

/** The measures a model's price counts, from how its variants are priced. */
function measuresOf(rows: BuysModel[]): Array<{ name: string; label: string }> {
  const pers = new Set(rows.map((r) => r.per));
  const out: Array<{ name: string; label: string }> = [];
  if (pers.has('input token') || pers.has('output token'))
    out.push(
      { name: 'input', label: t('pricing.measure.input') },
      { name: 'output', label: t('pricing.measure.output') },
    );
  if (pers.has('second')) out.push({ name: 'seconds', label: t('pricing.measure.seconds') });
  if (pers.has('megapixel'))
    out.push(
      { name: 'width', label: t('pricing.measure.width') },
      { name: 'height', label: t('pricing.measure.height') },
    );
  if (pers.has('image')) out.push({ name: 'n', label: t('pricing.measure.images') });
  return out;
}

export function EstimateCalculator({ accountId, buys }: { accountId: string; buys: BuysAccount | null }) {
  const models = useMemo(() => [...new Set((buys?.models ?? []).map((m) => m.model))], [buys]);
  const [model, setModel] = useState('');
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [measures, setMeasures] = useState<Record<string, string>>({});
  const [extra, setExtra] = useState('');
  const [count, setCount] = useState('1');
  const [result, setResult] = useState<EstimateReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const rows = (buys?.models ?? []).filter((m) => m.model === model.trim());
  // The parameters that choose a variant, with the values that are priced.
  const variantKeys = [...new Set(rows.flatMap((r) => Object.keys(r.params)).filter((k) => k !== 'tokens'))].sort(
    (a, b) => keyRank(a) - keyRank(b),
  );
  const valuesOf = (k: string) => [...new Set(rows.map((r) => r.params[k]).filter((v): v is string => Boolean(v)))];
  const needs = measuresOf(rows);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const more = parseParamsText(extra);
    if (typeof more === 'string') return setError(t('pricing.moreParameters', { problem: more }));
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1) return setError(t('pricing.howManyWhole'));
    const params: Record<string, string> = { ...more };
    for (const k of variantKeys) if (choices[k] ?? valuesOf(k)[0]) params[k] = choices[k] ?? valuesOf(k)[0]!;
    for (const m of needs) if (measures[m.name]?.trim()) params[m.name] = measures[m.name]!.trim();
    setBusy(true);
    setError(null);
    call('pricing:estimate', { accountId, model: model.trim(), params, count: n })
      .then(setResult, (err: unknown) => {
        setResult(null);
        setError(err instanceof Error ? err.message : String(err));
      })
      .finally(() => setBusy(false));
  };

  return (
    <div className="estimate">
      <form className="form inline-form" onSubmit={submit} aria-label={t('pricing.estimateTitle')}>
        <Field label={t('pricing.model')} className="wide">
          {(p) => (
            <>
              <input
                {...p}
                required
                list={`estimate-models-${accountId}`}
                value={model}
                onChange={(e) => {
                  setModel(e.target.value);
                  setChoices({});
                  setResult(null);
                }}
              />
              <datalist id={`estimate-models-${accountId}`}>
                {models.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        {variantKeys.map((k) => (
          <Field
            key={k}
            label={
              k === 'durationTier'
                ? t('pricing.durationTier')
                : k === 'duration'
                  ? t('pricing.measure.seconds')
                  : k[0]!.toUpperCase() + k.slice(1)
            }
          >
            {(p) => (
              <select
                {...p}
                value={choices[k] ?? valuesOf(k)[0]}
                onChange={(e) => setChoices({ ...choices, [k]: e.target.value })}
              >
                {valuesOf(k).map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        {needs.map((m) => (
          <Field key={m.name} label={m.label}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={measures[m.name] ?? ''}
                onChange={(e) => setMeasures({ ...measures, [m.name]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <Field label={t('pricing.howMany')}>
          {(p) => <input {...p} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />}
        </Field>
        <Field label={t('pricing.more')}>
          {(p) => (
            <input
              {...p}
              placeholder={t('pricing.moreExample')}
              title={t('pricing.moreTitle')}
              value={extra}
              onChange={(e) => setExtra(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy || !model.trim()}>
            {busy ? t('pricing.estimating') : t('pricing.estimate')}
          </button>
        </div>
        <ErrorNote error={error} />
      </form>
      {result && <EstimateResult r={result} />}
    </div>
  );
}

function EstimateResult({ r }: { r: EstimateReport }) {
  const covered = r.coveredByBalance;
  return (
    <div className="estimate-result" aria-live="polite" data-testid="estimate-result">
      <p className="estimate-cost">
        <span className="big">{formatIn(r.cost.amount, r.cost.unit, true)}</span>
        {r.count > 1 && (
          <span className="muted">
            {' '}
            · {t('pricing.each', { amount: formatIn(r.costEach.amount, r.costEach.unit, true) })}
          </span>
        )}
      </p>
      <p className="small">
        {r.source === 'provider' ? (
          <>
            {t('pricing.pricedBy')} <strong>{r.sourceName}</strong> {t('pricing.forThisRequest')}
          </>
        ) : (
          <>{t('pricing.fromSource', { source: r.sourceName })}</>
        )}
        {r.measure && <span className="muted"> {t('pricing.measured', { measure: r.measure })}</span>}
        {r.multipliers.length > 0 && (
          <span className="muted"> × {r.multipliers.map((m) => `${m.factor} ${m.name}`).join(' × ')}.</span>
        )}
      </p>
      {r.fallback && <p className="note small">{r.fallback}</p>}
      <dl className="estimate-facts">
        <div>
          <dt>{t('readings.balance')}</dt>
          <dd className={covered === null ? '' : covered ? 'tone-text-ok' : 'tone-text-crit'}>
            {r.balance && r.balanceAfter
              ? `${formatIn(r.balance.amount, r.balance.unit)} → ${formatIn(r.balanceAfter.amount, r.balanceAfter.unit)} · ${covered ? t('pricing.covered') : t('pricing.notCovered')}`
              : t('pricing.unknown')}
          </dd>
        </div>
        <div>
          <dt>{t('account.todaysCap')}</dt>
          <dd className={r.cap?.covered === false ? 'tone-text-crit' : ''}>
            {r.cap
              ? r.cap.covered === null
                ? (r.cap.reason ?? t('pricing.unknown'))
                : `${t('packs.left', { amount: formatIn(r.cap.remaining, r.cap.unit) })} · ${r.cap.covered ? t('pricing.covered') : t('pricing.notCovered')}`
              : t('pricing.noCap')}
          </dd>
        </div>
        <div>
          <dt>{t('card.runway')}</dt>
          <dd>
            {r.runway.usedDays !== null
              ? `${t('pricing.usesDays', { days: formatDays(r.runway.usedDays) })}${r.runway.daysBefore !== null && r.runway.daysAfter !== null ? ` (${formatDays(r.runway.daysBefore)} → ${formatDays(r.runway.daysAfter)})` : ''}`
              : (r.runway.reason ?? t('pricing.unknown'))}
          </dd>
        </div>
      </dl>
    </div>
  );
}
