import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Unit } from '../../../../shared/units.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { Field } from '../../components/Field.tsx';
import { unitName } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';

/** For providers without a balance endpoint: the balance you see on their site, typed in. */
export function RecordBalance({ accountId, unit, onDone }: { accountId: string; unit: Unit; onDone: () => void }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call('accounts:recordBalance', { id: accountId, amount })
      .then(() => {
        setAmount('');
        onDone();
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="form inline-form" onSubmit={submit} aria-label={t('record.label')}>
      <Field label={t('record.balanceNow', { unit: unitName(unit) })} help={t('record.help')}>
        {(p) => (
          <input
            {...p}
            required
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            autoFocus
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('record.submit')}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
