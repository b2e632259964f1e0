import { t as tr } from '../lib/i18n.ts';

/** A small balance line for a card: SVG, no axes; the numbers are next to it in text. */
export function Sparkline({ t, v, label }: { t: number[]; v: number[]; label: string }) {
  const width = 240;
  const height = 44;
  if (t.length < 2) return <div className="sparkline empty" aria-label={tr('chart.notEnough', { label })} role="img" />;
  const t0 = t[0]!;
  const span = t[t.length - 1]! - t0 || 1;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = max - min || Math.abs(max) || 1;
  const points = t.map(
    (x, i) =>
      `${(((x - t0) / span) * width).toFixed(1)},${(height - 3 - ((v[i]! - min) / range) * (height - 6)).toFixed(1)}`,
  );
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <polyline points={`0,${height} ${points.join(' ')} ${width},${height}`} className="spark-fill" />
      <polyline points={points.join(' ')} className="spark-line" />
    </svg>
  );
}
