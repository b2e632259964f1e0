import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { BuysAccount, BuysModel, EstimateReport, PriceSetInput } from '../../../../shared/ipc.ts';
import type { Unit } from '../../../../shared/units.ts';
import { UNITS } from '../../../../shared/units.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { CheckField, Field } from '../../components/Field.tsx';
import { formatDate, formatDays, formatIn, formatNumber } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { t } from '../../lib/i18n.ts';
import { perWords } from '../../lib/buys.ts';

/**
 * What the balance buys, and what a job would cost: the account view's two pricing panels.
 * Every figure comes from core (pricing:buys, pricing:estimate); this only lays them out.
 */
export function PricingPanels({ accountId, providerName }: { accountId: string; providerName: string }) {
  const buys = useApi('pricing:buys', { id: accountId });
  const data = buys.data;
  return (
    <>
      <div className="panel" aria-labelledby="buys-title">
        <div className="panel-head">
          <h2 id="buys-title">{t('pricing.buysTitle')}</h2>
          {data && <BuysSummary buys={data} />}
        </div>
        <ErrorNote error={buys.error} />
        {data ? (
          <BuysTable buys={data} providerName={providerName} onChanged={buys.reload} />
        ) : (
          !buys.error && <p className="muted">{t('common.loading')}</p>
        )}
      </div>
      <div className="panel" aria-labelledby="estimate-title">
        <h2 id="estimate-title">{t('pricing.estimateTitle')}</h2>
        <EstimateCalculator accountId={accountId} buys={data} />
      </div>
    </>
  );
}

function BuysSummary({ buys }: { buys: BuysAccount }) {
  return (
    <p className="muted small buys-summary">
      {buys.balance !== null && buys.unit !== null ? (
        <>
          {t('pricing.for', { amount: formatIn(buys.balance, buys.unit) })}
          {buys.burnPerDay !== null && <> · {t('pricing.burning', { amount: formatIn(buys.burnPerDay, buys.unit) })}</>}
        </>
      ) : (
        t('failed.noBalance')
      )}
    </p>
  );
}

const PAGE = 12;

const KEY_ORDER = ['resolution', 'duration', 'durationTier', 'tokens'];
const keyRank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);

/** A variant as people say it: "1080p · tier 3", "10 s", "input tokens", "quality hd". */
function variantText(params: Record<string, string>): string {
  return Object.entries(params)
    .sort(([a], [b]) => keyRank(a) - keyRank(b))
    .map(([k, v]) =>
      k === 'tokens'
        ? t(`pricing.tokens.${v === 'input' ? 'input' : 'output'}`)
        : k === 'resolution'
          ? v
          : k === 'duration'
            ? t('pricing.seconds', { n: v })
            : k === 'durationTier'
              ? t('pricing.tier', { n: v })
              : `${k} ${v}`,
    )
    .join(' · ');
}

/** Where a price comes from, in a word (`pricing.origin.<origin>`). */
const ORIGINS = new Set(['catalog', 'live', 'price_check', 'override']);
const originWords = (origin: string | null) => (origin && ORIGINS.has(origin) ? t(`pricing.origin.${origin}`) : '—');

function BuysTable({
  buys,
  providerName,
  onChanged,
}: {
  buys: BuysAccount;
  providerName: string;
  onChanged: () => void;
}) {
  const [showAll, setShowAll] = useState(false);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = buys.models.filter((m) => !filter || m.model.toLowerCase().includes(filter.trim().toLowerCase()));
  const shown = showAll || filter ? rows : rows.slice(0, PAGE);
  const remove = (id: number) => {
    call('prices:remove', { id }).then(onChanged, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="buys">
      {buys.multipliers.length > 0 && (
        <p className="buys-multipliers small">
          {buys.multipliers.map((m) => (
            <span key={m.name} className="factor" title={m.source}>
              {m.name} ×{m.factor}
              <span className="muted"> · {m.source}</span>
            </span>
          ))}
        </p>
      )}
      {buys.priceList?.fetchedAt && (
        <p className="muted small">
          {buys.priceList.state === 'cached' && buys.priceList.reason
            ? t('pricing.siteListKept', { date: formatDate(buys.priceList.fetchedAt) })
            : t('pricing.siteList', { date: formatDate(buys.priceList.fetchedAt) })}
        </p>
      )}
      {buys.notes.map((n) => (
        <p key={n} className="note small">
          {n}
        </p>
      ))}
      {buys.models.length > PAGE && (
        <Field label={t('pricing.findModel')}>
          {(p) => <input {...p} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />}
        </Field>
      )}
      {buys.models.length === 0 ? (
        <p className="muted">{t('pricing.noPrices')}</p>
      ) : (
        <div className="table-wrap">
          <table className="readings buys-table">
            <caption className="visually-hidden">{t('pricing.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pricing.model')}</th>
                <th scope="col">{t('pricing.variant')}</th>
                <th scope="col" className="num">
                  {t('packs.price')}
                </th>
                <th scope="col" className="num">
                  {t('pricing.balanceBuys')}
                </th>
                <th scope="col" className="num">
                  {t('pricing.dayOfBurn')}
                </th>
                <th scope="col">{t('pricing.source')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => (
                <BuysRow key={`${m.model}|${JSON.stringify(m.params)}`} m={m} onRemove={remove} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {buys.models.length > 0 && (
        <p className="muted small buys-sources">
          {t('pricing.pricesFrom', {
            list: [
              ...new Set(buys.models.filter((m) => m.source).map((m) => `${m.source}${m.date ? ` (${m.date})` : ''}`)),
            ]
              .slice(0, 4)
              .join('; '),
          })}
        </p>
      )}
      <div className="form-actions buys-actions">
        {!showAll && !filter && rows.length > PAGE && (
          <button type="button" className="button" onClick={() => setShowAll(true)}>
            {t('headline.showAll', { count: rows.length })}
          </button>
        )}
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('pricing.setPrice')}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      {adding && (
        <SetPriceForm
          accountId={buys.account}
          provider={buys.provider}
          providerName={providerName}
          models={[...new Set(buys.models.map((m) => m.model))]}
          defaultUnit={buys.models.find((m) => m.listPrice)?.listPrice?.unit ?? buys.unit ?? 'USD'}
          onDone={(changed) => {
            setAdding(false);
            if (changed) onChanged();
          }}
        />
      )}
    </div>
  );
}

function BuysRow({ m, onRemove }: { m: BuysModel; onRemove: (id: number) => void }) {
  const per = m.per;
  return (
    <tr>
      <td className="model" title={m.note ?? undefined}>
        <code>{m.model}</code>
      </td>
      <td className="nowrap">{variantText(m.params) || <span className="muted">—</span>}</td>
      <td className="num nowrap">
        {m.shown ? (
          <>
            {formatIn(m.shown.amount, m.shown.unit, true)}
            <span className="muted"> / {perWords(m.shown.per, 1)}</span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="num nowrap" title={m.reason ?? undefined}>
        {m.count !== null ? (
          <strong>
            {formatNumber(m.count, 0)} <span className="muted">{perWords(per, m.count)}</span>
          </strong>
        ) : (
          <span className="muted">{m.reason ? t('pricing.unknown') : '—'}</span>
        )}
      </td>
      <td className="num nowrap">
        {m.perDay !== null ? (
          <>
            ≈ {formatNumber(String(m.perDay), m.perDay < 10 ? 1 : 0)}{' '}
            <span className="muted">{perWords(per, m.perDay)}</span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="source">
        <span className={`origin origin-${m.origin ?? 'none'}`}>{originWords(m.origin ?? null)}</span>{' '}
        <span className="muted small" title={m.source ?? undefined}>
          {m.date ? formatDate(m.date) : ''}
        </span>
        {m.priceId !== null && (
          <button
            type="button"
            className="link-button"
            onClick={() => onRemove(m.priceId!)}
            aria-label={t('pricing.removeLabel', { model: m.model, variant: variantText(m.params) }).trim()}
          >
            {t('packs.remove')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** "resolution=2K, duration=5" (or spaces) into parameters; what is not name=value is refused. */
function parseParamsText(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return t('pricing.notNameValue', { part });
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** How a price can count, each called `pricing.kind.<kind>` in the catalogs. */
const KINDS: Array<PriceSetInput['rule']['kind']> = [
  'flat',
  'per_generation',
  'per_request',
  'per_token',
  'per_second',
  'per_megapixel',
  'per_image',
];

function SetPriceForm({
  accountId,
  provider,
  providerName,
  models,
  defaultUnit,
  onDone,
}: {
  accountId: string;
  provider: string;
  providerName: string;
  models: string[];
  defaultUnit: Unit;
  onDone: (changed: boolean) => void;
}) {
  const [model, setModel] = useState('');
  const [params, setParams] = useState('');
  const [kind, setKind] = useState<PriceSetInput['rule']['kind']>('flat');
  const [cost, setCost] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const [unit, setUnit] = useState<Unit>(defaultUnit);
  const [forProvider, setForProvider] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseParamsText(params);
    if (typeof parsed === 'string') return setError(t('pricing.parameters', { problem: parsed }));
    setBusy(true);
    setError(null);
    const rule: PriceSetInput['rule'] =
      kind === 'per_token'
        ? { kind, input: input.trim() || '0', output: output.trim() || '0', perTokens: 1_000_000 }
        : { kind, cost: cost.trim() };
    call('prices:set', { accountId, forProvider, model: model.trim(), params: parsed, rule, unit }).then(
      () => onDone(true),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <form className="form inline-form" onSubmit={submit} aria-label={t('pricing.setPrice')}>
      <Field label={t('pricing.model')}>
        {(p) => (
          <>
            <input
              {...p}
              required
              list={`models-${provider}`}
              value={model}
              onChange={(e) => setModel(e.target.value)}
            />
            <datalist id={`models-${provider}`}>
              {models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label={t('pricing.variant')} help={t('pricing.variantHelp')}>
        {(p) => <input {...p} value={params} onChange={(e) => setParams(e.target.value)} />}
      </Field>
      <Field label={t('pricing.priced')}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`pricing.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === 'per_token' ? (
        <>
          <Field label={t('pricing.inputPerM')}>
            {(p) => (
              <input {...p} required inputMode="decimal" value={input} onChange={(e) => setInput(e.target.value)} />
            )}
          </Field>
          <Field label={t('pricing.outputPerM')}>
            {(p) => (
              <input {...p} required inputMode="decimal" value={output} onChange={(e) => setOutput(e.target.value)} />
            )}
          </Field>
        </>
      ) : (
        <Field label={t('packs.price')}>
          {(p) => <input {...p} required inputMode="decimal" value={cost} onChange={(e) => setCost(e.target.value)} />}
        </Field>
      )}
      <Field label={t('pricing.in')}>
        {(p) => (
          <select {...p} value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckField
        label={t('pricing.forEvery', { provider: providerName })}
        checked={forProvider}
        onChange={setForProvider}
      />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('pricing.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

/* ------------------------------------------------------------------ the calculator */

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

function EstimateCalculator({ accountId, buys }: { accountId: string; buys: BuysAccount | null }) {
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
