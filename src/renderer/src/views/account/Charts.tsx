import { useMemo } from 'react';
import { ErrorNote } from '../../components/Empty.tsx';
import { StateTimeline } from '../../components/StateTimeline.tsx';
import { TimeChart } from '../../components/TimeChart.tsx';
import type { ChartMarker } from '../../components/TimeChart.tsx';
import { formatIn, formatNumber, formatPercent } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { t } from '../../lib/i18n.ts';

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
    () =>
      data
        ? data.topUps.map((m) => ({ t: m.t, label: t('chart.topUp', { amount: formatIn(m.amount, data.unit) }) }))
        : [],
    [data],
  );
  if (series.error) return <ErrorNote error={series.error} />;
  if (!data) return <div className="chart-placeholder muted">{t('common.loading')}</div>;
  if (data.t.length === 0) return <div className="chart-placeholder muted">{t('chart.noBalance')}</div>;
  return (
    <>
      <TimeChart
        label={t('chart.balanceOverTime')}
        unit={data.unit}
        t={data.t}
        v={data.v}
        exact={data.exact}
        markers={markers}
        onPainted={markPainted}
      />
      <p className="muted small chart-note">
        {t('chart.readings', { count: data.readings, n: formatNumber(data.readings, 0) })}
        {data.t.length < data.readings ? t('chart.drawnAs', { n: formatNumber(data.t.length, 0) }) : ''}
        {data.topUps.length > 0 && ` · ${t('chart.topUpsMarked', { count: data.topUps.length })}`} ·{' '}
        {t('chart.dragToZoom')}
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
  if (!data || !series) return <div className="chart-placeholder muted">{t('common.loading')}</div>;
  if (data.days.length === 0) return <div className="chart-placeholder muted">{t('chart.noSpend')}</div>;
  return (
    <TimeChart
      label={t('chart.spendPerDay')}
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
        if (d.topUp !== '0') notes.push(t('chart.topUps', { amount: formatIn(d.topUp, data.unit) }));
        if (d.coveredFraction < 0.99) notes.push(t('chart.cover', { percent: formatPercent(d.coveredFraction) }));
        return notes.join(' · ') || null;
      }}
    />
  );
}

export function StatesPanel({ accountId, from, to }: { accountId: string; from: number; to: number }) {
  const states = useApi('series:states', { accountId, from, to }, { live: false });
  if (states.error) return <ErrorNote error={states.error} />;
  if (!states.data) return <p className="muted">{t('common.loading')}</p>;
  return <StateTimeline segments={states.data} from={from} to={to} />;
}
