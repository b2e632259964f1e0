import { t } from '../lib/i18n.ts';

/** The ranges a chart offers; each is called `range.<id>` in the catalogs ("24 h", "7 天"). */
export const RANGES = [
  { id: '24h', ms: 24 * 3600_000 },
  { id: '7d', ms: 7 * 24 * 3600_000 },
  { id: '30d', ms: 30 * 24 * 3600_000 },
  { id: '90d', ms: 90 * 24 * 3600_000 },
  { id: '1y', ms: 365 * 24 * 3600_000 },
  { id: 'all', ms: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

/** A row of toggle buttons; the pressed one is the range shown. */
export function RangePicker({ value, onChange }: { value: RangeId; onChange: (id: RangeId) => void }) {
  return (
    <div className="segmented" role="group" aria-label={t('range.label')}>
      {RANGES.map((r) => (
        <button key={r.id} type="button" aria-pressed={value === r.id} onClick={() => onChange(r.id)}>
          {t(`range.${r.id}`)}
        </button>
      ))}
    </div>
  );
}
