import { useState } from 'react';
import type { BuysAccount, BuysModel } from '../../../../shared/ipc.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { Field } from '../../components/Field.tsx';
import { formatDate, formatIn, formatNumber } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { t } from '../../lib/i18n.ts';
import { perWords } from '../../lib/buys.ts';
import { variantText } from './pricing-text.ts';
import { SetPriceForm } from './SetPriceForm.tsx';
import { EstimateCalculator } from './Estimate.tsx';

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
