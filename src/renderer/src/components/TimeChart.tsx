import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Unit } from '../../../shared/units.ts';
import { formatAxis, formatDate, formatDateTime, formatIn } from '../lib/format.ts';
import { cssColor, useColorScheme } from '../lib/theme.ts';
import { t as tr } from '../lib/i18n.ts';

export interface ChartMarker {
  t: number;
  /** Shown in the tooltip when the cursor is near it. */
  label: string;
}

export interface TimeChartProps {
  /** What the chart shows, for screen readers. */
  label: string;
  unit: Unit | null;
  /** Unix ms, float values (drawing only) and their exact decimal strings (tooltips). */
  t: number[];
  v: number[];
  exact: string[];
  kind?: 'line' | 'bars';
  markers?: ChartMarker[];
  height?: number;
  /** Bars: one per day, so the tooltip names the day rather than the minute. */
  daily?: boolean;
  /** Extra tooltip line for a point (e.g. the top-up on that day). */
  detail?: (idx: number) => string | null;
  /** Called once the chart has drawn its data. */
  onPainted?: () => void;
}

/**
 * A uPlot time chart: canvas, fed already-downsampled series. Drag to zoom, double-click
 * or "Reset zoom" to go back; the tooltip shows the exact stored value with its unit.
 */
export function TimeChart(props: TimeChartProps) {
  const { t, v, exact, unit, kind = 'line', markers, height = 260, daily = false, detail, onPainted, label } = props;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [zoomed, setZoomed] = useState(false);
  const scheme = useColorScheme();
  const latest = useRef({ exact, detail, markers, onPainted });
  useLayoutEffect(() => {
    latest.current = { exact, detail, markers, onPainted };
  });

  useEffect(() => {
    const el = box.current;
    if (!el || t.length === 0) return;
    const line = cssColor('--chart-line');
    const fill = cssColor('--chart-fill');
    const axis = cssColor('--muted');
    const grid = cssColor('--grid');
    const markerColor = cssColor('--chart-marker');
    const tip = document.createElement('div');
    tip.className = 'chart-tip';
    // Pointer-only detail: announcing every mouse move would drown a screen reader (the
    // readings table and the figures above carry the same values).
    tip.setAttribute('aria-hidden', 'true');
    tip.hidden = true;
    let painted = false;

    const drawMarkers = (u: uPlot) => {
      const list = latest.current.markers;
      if (!list?.length) return;
      const { ctx, bbox } = u;
      const [min, max] = [u.scales.x?.min ?? 0, u.scales.x?.max ?? 0];
      ctx.save();
      ctx.strokeStyle = markerColor;
      ctx.fillStyle = markerColor;
      ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
      ctx.lineWidth = devicePixelRatio;
      for (const m of list) {
        if (m.t < min || m.t > max) continue;
        const x = Math.round(u.valToPos(m.t, 'x', true));
        ctx.beginPath();
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x, bbox.top + bbox.height);
        ctx.stroke();
        const s = 5 * devicePixelRatio;
        ctx.beginPath();
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x - s, bbox.top - s * 1.2);
        ctx.lineTo(x + s, bbox.top - s * 1.2);
        ctx.closePath();
        ctx.fill();
      }
      ctx.restore();
    };

    const showTip = (u: uPlot) => {
      const idx = u.cursor.idx;
      if (idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
        tip.hidden = true;
        return;
      }
      const at = u.data[0][idx]!;
      const lines = [
        daily ? formatDate(at) : formatDateTime(at, true),
        formatIn(latest.current.exact[idx] ?? null, unit),
      ];
      const extra = latest.current.detail?.(idx);
      if (extra) lines.push(extra);
      const near = latest.current.markers?.filter((m) => Math.abs(u.valToPos(m.t, 'x') - (u.cursor.left ?? 0)) < 6);
      for (const m of near ?? []) lines.push(m.label);
      tip.replaceChildren(
        ...lines.map((text, i) =>
          Object.assign(document.createElement(i === 1 ? 'strong' : 'div'), { textContent: text }),
        ),
      );
      tip.hidden = false;
      const x = u.valToPos(at, 'x');
      const width = tip.offsetWidth;
      const left = x + 12 + width > u.over.clientWidth ? x - 12 - width : x + 12;
      tip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, (u.cursor.top ?? 0) - 20)}px)`;
    };

    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      ms: 1,
      legend: { show: false },
      padding: [12, 12, 0, 0],
      scales: { x: { time: true } },
      // No horizontal crosshair: it follows the mouse, not the value, and reads as a wrong level.
      cursor: { y: false, drag: { x: true, y: false, setScale: true }, points: { size: 7, fill: line } },
      series: [
        {},
        kind === 'bars'
          ? {
              label,
              stroke: line,
              fill: line,
              width: 0,
              paths: uPlot.paths.bars!({ size: [0.7, 48], align: 0 }),
              points: { show: false },
            }
          : { label, stroke: line, fill, width: 1.75, points: { show: false }, spanGaps: false },
      ],
      axes: [
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
        {
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 64,
          values: (_u, splits) => splits.map((s) => formatAxis(s, unit)),
        },
      ],
      hooks: {
        draw: [
          (u) => {
            drawMarkers(u);
            if (!painted) {
              painted = true;
              el.dataset.painted = 'true';
              latest.current.onPainted?.();
            }
          },
        ],
        setCursor: [showTip],
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            const xs = u.data[0];
            const full = xs.length ? [xs[0]!, xs[xs.length - 1]!] : [0, 0];
            setZoomed((u.scales.x?.min ?? 0) > full[0]! || (u.scales.x?.max ?? 0) < full[1]!);
          },
        ],
      },
    };
    if (kind === 'bars') {
      // Pad by half a day so the first and last bars are whole.
      const pad = 12 * 3600 * 1000;
      opts.scales = {
        x: { time: true, range: (_u, min, max) => [min - pad, max + pad] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      };
    }
    const u = new uPlot(opts, [t, v], el);
    u.over.append(tip);
    u.over.addEventListener('mouseleave', () => (tip.hidden = true));
    plot.current = u;
    setZoomed(false);
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientWidth !== u.width) u.setSize({ width: el.clientWidth, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
      delete el.dataset.painted;
    };
  }, [t, v, unit, kind, height, daily, scheme, label]);

  const reset = () => {
    const u = plot.current;
    if (!u || !t.length) return;
    u.setScale('x', { min: t[0]!, max: t[t.length - 1]! });
  };

  return (
    <div className="chart">
      <div className="chart-tools">
        {zoomed && (
          <button type="button" className="link-button" onClick={reset}>
            {tr('chart.resetZoom')}
          </button>
        )}
      </div>
      <div ref={box} className="chart-canvas" role="img" aria-label={label} />
    </div>
  );
}
