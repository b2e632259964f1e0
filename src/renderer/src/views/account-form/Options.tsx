import type { Account, OptionSpec } from '../../../../shared/domain.ts';
import { CheckField, Field } from '../../components/Field.tsx';
import { t } from '../../lib/i18n.ts';

/** A provider's options in the account form: drafts as typed, and what goes to core. */

export type OptionDraft = Record<string, string | boolean>;

export function optionDraft(specs: OptionSpec[], values: Account['options']): OptionDraft {
  const out: OptionDraft = {};
  for (const spec of specs) {
    const v = values[spec.name];
    out[spec.name] =
      spec.type === 'boolean'
        ? v === true || (v === undefined && spec.default === true)
        : v === undefined
          ? ''
          : String(v);
  }
  return out;
}

/** Only what the person filled in goes to core, as typed; core checks it against the specs. */
export function optionValues(specs: OptionSpec[], draft: OptionDraft): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const spec of specs) {
    const v = draft[spec.name];
    if (spec.type === 'boolean') {
      if (v !== (spec.default === true)) out[spec.name] = Boolean(v);
    } else if (typeof v === 'string' && v.trim() !== '') out[spec.name] = v.trim();
  }
  return out;
}

/** One provider option as a field: a checkbox, a choice or text, with its default shown. */
export function OptionField({
  spec,
  value,
  onChange,
}: {
  spec: OptionSpec;
  value: string | boolean;
  onChange: (v: string | boolean) => void;
}) {
  if (spec.type === 'boolean') {
    return (
      <CheckField
        name={spec.name}
        label={spec.label}
        help={spec.description}
        checked={value === true}
        onChange={onChange}
      />
    );
  }
  const label = spec.required ? spec.label : t('form.optional', { label: spec.label });
  if (spec.type === 'enum') {
    return (
      <Field label={label} help={spec.description}>
        {(p) => (
          <select
            {...p}
            name={spec.name}
            value={String(value)}
            onChange={(e) => onChange(e.target.value)}
            required={spec.required}
          >
            {!spec.required && (
              <option value="">
                {spec.default !== undefined ? t('form.default', { value: String(spec.default) }) : t('form.notSet')}
              </option>
            )}
            {spec.values?.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  return (
    <Field label={label} help={spec.description}>
      {(p) => (
        <input
          {...p}
          name={spec.name}
          type={spec.type === 'url' ? 'url' : 'text'}
          inputMode={spec.type === 'number' ? 'decimal' : spec.type === 'integer' ? 'numeric' : undefined}
          value={String(value)}
          placeholder={spec.default !== undefined ? String(spec.default) : undefined}
          required={spec.required}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
