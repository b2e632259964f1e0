import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PriceSetInput } from '../../../../shared/ipc.ts';
import type { Unit } from '../../../../shared/units.ts';
import { UNITS } from '../../../../shared/units.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { CheckField, Field } from '../../components/Field.tsx';
import { t } from '../../lib/i18n.ts';
import { parseParamsText } from './pricing-text.ts';

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

/** Your own price for a model (this account, or every account of the provider). */
export function SetPriceForm({
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
