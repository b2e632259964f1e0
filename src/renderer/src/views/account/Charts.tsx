import { useMemo } from 'react';
import { ErrorNote } from '../../components/Empty.tsx';
import { StateTimeline } from '../../components/StateTimeline.tsx';
import { TimeChart } from '../../components/TimeChart.tsx';
import type { ChartMarker } from '../../components/TimeChart.tsx';
import { formatIn, formatNumber, formatPercent } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';

/** Points per chart: about one per horizontal pixel of a wide window. */
const MAX_POINTS = 1200;

/** Marks the first balance chart drawn after navigation, for the renderer benchmark. */
function markPainted() {
  requestAnimationFrame(() => {
    if (!performance.getEntriesByName('burnrate:chart-painted').length) performance.mark('burnrate:chart-painted');
  });
}

export function BalancePanel({ accountId, from, to }: { accountId: string; from: number; to: number }) {
  const series = useApi('series:balance', { accountId, from, to, maxPoints: MAX_POINTS }, { live: false });
  const data = series.data;
  const markers = useMemo<ChartMarker[]>(
    () => (data ? data.topUps.map((m) => ({ t: m.t, label: `Top-up: +${formatIn(m.amount, data.unit)}` })) : []),
    [data],
  );
  if (series.error) return <ErrorNote error={series.error} />;
  if (!data) return <div className="chart-placeholder muted">Loading…</div>;
  if (data.t.length === 0) return <div className="chart-placeholder muted">No balance readings in this range.</div>;
  return (
    <>
      <TimeChart
        label="Balance over time"
        unit={data.unit}
        t={data.t}
        v={data.v}
        exact={data.exact}
        markers={markers}
        onPainted={markPainted}
      />
      <p className="muted small chart-note">
        {formatNumber(data.readings, 0)} readings
        {data.t.length < data.readings ? `, drawn as ${formatNumber(data.t.length, 0)} points` : ''}
        {data.topUps.length > 0 && ` · ${data.topUps.length} top-up${data.topUps.length === 1 ? '' : 's'} marked ▲`} ·
        drag to zoom
      </p>
    </>
  );
}

export function DailySpendPanel({ accountId, from, to }: { accountId: string; from: number; to: number }) {
  const spend = useApi('series:dailySpend', { accountId, from, to }, { live: false });
  const data = spend.data;
  const series = useMemo(() => {
    if (!data) return null;
    return {
      // Bars sit in the middle of their day.
      t: data.days.map((d) => d.start + 12 * 3600_000),
      v: data.days.map((d) => Number(d.spend)),
      exact: data.days.map((d) => d.spend),
    };
  }, [data]);
  if (spend.error) return <ErrorNote error={spend.error} />;
  if (!data || !series) return <div className="chart-placeholder muted">Loading…</div>;
  if (data.days.length === 0) return <div className="chart-placeholder muted">No spend recorded in this range.</div>;
  return (
    <TimeChart
      label="Spend per day"
      unit={data.unit}
      kind="bars"
      daily
      height={200}
      t={series.t}
      v={series.v}
      exact={series.exact}
      detail={(i) => {
        const d = data.days[i];
        if (!d) return null;
        const notes: string[] = [];
        if (d.topUp !== '0') notes.push(`Top-ups: +${formatIn(d.topUp, data.unit)}`);
        if (d.coveredFraction < 0.99) notes.push(`Readings cover ${formatPercent(d.coveredFraction)} of this day`);
        return notes.join(' · ') || null;
      }}
    />
  );
}

export function StatesPanel({ accountId, from, to }: { accountId: string; from: number; to: number }) {
  const states = useApi('series:states', { accountId, from, to }, { live: false });
  if (states.error) return <ErrorNote error={states.error} />;
  if (!states.data) return <p className="muted">Loading…</p>;
  return <StateTimeline segments={states.data} from={from} to={to} />;
}
