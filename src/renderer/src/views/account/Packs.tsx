import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PackView } from '../../../../shared/ipc.ts';
import type { Unit } from '../../../../shared/units.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { Field } from '../../components/Field.tsx';
import { formatDate, formatIn, formatMoney, formatNumber, formatWhen } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import type { PackOffer } from '../../../../shared/ipc.ts';
import { t } from '../../lib/i18n.ts';

/** Each pack on a line from purchase to expiry, with what is likely to be left unused. */
export function PacksPanel({
  accountId,
  packs,
  unit,
  now,
  onChanged,
}: {
  accountId: string;
  packs: PackView[];
  unit: Unit | null;
  now: number;
  onChanged: () => void;
}) {
  const [adding, setAdding] = useState(false);
  return (
    <div>
      {packs.length === 0 ? (
        <p className="muted">{t('packs.none')}</p>
      ) : (
        <ul className="packs">
          {packs.map((p) => (
            <PackRow key={p.id} pack={p} unit={unit} now={now} onRemoved={onChanged} />
          ))}
        </ul>
      )}
      {adding ? (
        <AddPackForm
          accountId={accountId}
          onDone={(changed) => {
            setAdding(false);
            if (changed) onChanged();
          }}
        />
      ) : (
        <button type="button" className="button" onClick={() => setAdding(true)}>
          {t('packs.addAPack')}
        </button>
      )}
    </div>
  );
}

function PackRow({
  pack,
  unit,
  now,
  onRemoved,
}: {
  pack: PackView;
  unit: Unit | null;
  now: number;
  onRemoved: () => void;
}) {
  const start = Date.parse(pack.purchasedAt);
  const end = pack.expiresAt ? Date.parse(pack.expiresAt) : null;
  const progress = end ? Math.min(1, Math.max(0, (now - start) / (end - start))) : null;
  const expired = end !== null && end <= now;
  const wasted = pack.projectedUnused !== null && pack.projectedUnused !== '0';
  const [error, setError] = useState<string | null>(null);
  const remove = () =>
    call('packs:remove', { id: pack.id }).then(onRemoved, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <li className="pack">
      <div className="pack-head">
        <strong>{formatIn(pack.credits, unit)}</strong>
        <span className="muted">
          {formatMoney(pack.price, pack.currency)} · {t('packs.bought', { date: formatDate(pack.purchasedAt) })}
          {pack.note ? ` · ${pack.note}` : ''}
        </span>
        <button
          type="button"
          className="link-button"
          onClick={() => void remove()}
          aria-label={t('packs.removeLabel', { date: formatDate(pack.purchasedAt) })}
        >
          {t('packs.remove')}
        </button>
      </div>
      {end !== null ? (
        <div className="pack-bar" aria-hidden="true">
          <div className={`pack-fill${expired ? ' expired' : ''}`} style={{ width: `${(progress ?? 0) * 100}%` }} />
        </div>
      ) : null}
      <div className="pack-facts">
        <span>
          {end === null
            ? t('packs.never')
            : expired
              ? t('packs.expired', { when: formatWhen(end, now) })
              : t('packs.expires', { when: formatWhen(end, now) })}
        </span>
        {pack.remaining !== null && <span>{t('packs.left', { amount: formatIn(pack.remaining, unit) })}</span>}
        {wasted && (
          <span className="tone-text-warn">
            {t('packs.unused', { amount: formatIn(pack.projectedUnused, unit) })}
            {pack.projectedUnusedUsd !== null && ` (${formatMoney(pack.projectedUnusedUsd, 'USD')})`}
          </span>
        )}
      </div>
      <ErrorNote error={error} />
    </li>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function AddPackForm({ accountId, onDone }: { accountId: string; onDone: (changed: boolean) => void }) {
  const [credits, setCredits] = useState('');
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState<'USD' | 'CNY'>('USD');
  const [purchasedAt, setPurchasedAt] = useState(today);
  const [validity, setValidity] = useState('30d');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const offers = useApi('packs:catalog', { accountId }, { live: false });
  const list = offers.data ?? [];
  const prefill = (offer: PackOffer, i: number) => {
    const p = offer.prices[i]!;
    setCredits(offer.credits);
    setPrice(p.price);
    setCurrency(p.currency);
    setValidity(p.validity);
    setNote(offer.name);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call('packs:add', {
      accountId,
      credits: credits.trim(),
      price: price.trim(),
      currency,
      purchasedAt,
      validity: validity.trim(),
      note: note.trim() || null,
    }).then(
      () => onDone(true),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <form className="form inline-form" onSubmit={submit} aria-label={t('packs.addAPack')}>
      {list.length > 0 && (
        <Field label={t('packs.fromList')} help={offerSource(list[0]!)} className="pack-prefill">
          {(p) => (
            <select
              {...p}
              defaultValue=""
              onChange={(e) => {
                const [o, i] = e.target.value.split(':').map(Number);
                if (o !== undefined && i !== undefined && list[o]) prefill(list[o], i);
              }}
            >
              <option value="">{t('packs.choose')}</option>
              {list.map((offer, o) =>
                offer.prices.map((price, i) => (
                  <option key={`${o}:${i}`} value={`${o}:${i}`}>
                    {offer.name} · {formatNumber(offer.credits)} {offer.unit} · {price.validity} ·{' '}
                    {formatMoney(price.price, price.currency)}
                  </option>
                )),
              )}
            </select>
          )}
        </Field>
      )}
      <Field label={t('packs.credits')}>
        {(p) => (
          <input {...p} required inputMode="decimal" value={credits} onChange={(e) => setCredits(e.target.value)} />
        )}
      </Field>
      <Field label={t('packs.price')}>
        {(p) => <input {...p} required inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />}
      </Field>
      <Field label={t('packs.currency')}>
        {(p) => (
          <select {...p} value={currency} onChange={(e) => setCurrency(e.target.value as 'USD' | 'CNY')}>
            <option value="USD">USD</option>
            <option value="CNY">CNY</option>
          </select>
        )}
      </Field>
      <Field label={t('packs.boughtOn')}>
        {(p) => (
          <input {...p} type="date" required value={purchasedAt} onChange={(e) => setPurchasedAt(e.target.value)} />
        )}
      </Field>
      <Field label={t('packs.validFor')} help={t('packs.validHelp')}>
        {(p) => (
          <>
            <input
              {...p}
              list="validity-choices"
              required
              value={validity}
              onChange={(e) => setValidity(e.target.value)}
            />
            <datalist id="validity-choices">
              <option value="30d" />
              <option value="90d" />
              <option value="lifetime" />
            </datalist>
          </>
        )}
      </Field>
      <Field label={t('packs.note')}>
        {(p) => <input {...p} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('packs.add')}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

/** Where the pack list came from, in a few words: live, kept from an earlier read, or the seed's table. */
function offerSource(offer: PackOffer): string {
  if (offer.source === 'live') return t('packs.source.live');
  if (offer.source === 'cached')
    return offer.reason
      ? t('packs.source.cachedWhy', { date: formatDate(offer.fetchedAt), reason: offer.reason })
      : t('packs.source.cached', { date: formatDate(offer.fetchedAt) });
  return offer.reason ? t('packs.source.tableWhy', { reason: offer.reason }) : t('packs.source.table');
}
