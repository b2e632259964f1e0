export const RANGES = [
  { id: '24h', label: '24 h', ms: 24 * 3600_000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: '30 d', ms: 30 * 24 * 3600_000 },
  { id: '90d', label: '90 d', ms: 90 * 24 * 3600_000 },
  { id: '1y', label: '1 y', ms: 365 * 24 * 3600_000 },
  { id: 'all', label: 'All', ms: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

/** A row of toggle buttons; the pressed one is the range shown. */
export function RangePicker({ value, onChange }: { value: RangeId; onChange: (id: RangeId) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Range">
      {RANGES.map((r) => (
        <button key={r.id} type="button" aria-pressed={value === r.id} onClick={() => onChange(r.id)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
