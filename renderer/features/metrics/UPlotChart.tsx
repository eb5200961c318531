import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const PALETTE = ['#0b6e4f', '#1f5fbf', '#c76b00', '#8e3b9e', '#b42318', '#3d7d8c', '#6b7a00', '#5d6677'];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/**
 * A uPlot chart. `kind: 'time'` draws lines over ms-epoch x values; `kind: 'bars'` draws one bar
 * per category (histogram buckets), labelled by `categories`.
 */
export function UPlotChart(props: {
  kind: 'time' | 'bars';
  x: number[];
  series: ChartSeries[];
  categories?: string[];
  yFormat?: (v: number) => string;
  height?: number;
  /** For the time axis: dates in the user's language (uPlot's own labels are English). */
  locale?: string;
  /** Time axis ticks show the day too (windows of several days). */
  showDay?: boolean;
  /** Legend label of the x values (uPlot's default is the English "Time"). */
  xLabel?: string;
  testId: string;
  ariaLabel: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(320, el.clientWidth || 560);
    const { kind, categories, yFormat } = props;
    const dateFormat = new Intl.DateTimeFormat(
      props.locale ?? 'en',
      props.showDay ? { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' },
    );
    const opts: uPlot.Options = {
      width,
      fmtDate: () => (date: Date) => dateFormat.format(date),
      height: props.height ?? 220,
      legend: { show: props.series.length > 1 || kind === 'time' },
      scales: { x: kind === 'time' ? { time: true } : { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
      axes: [
        kind === 'bars'
          ? { values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (categories?.[s] ?? '') : '')), space: 40, rotate: 0 }
          : // Day + time labels are ~90 px wide: keep ticks far enough apart not to overlap.
            { space: props.showDay ? 110 : 60 },
        { values: (_u, splits) => splits.map((s) => (yFormat ? yFormat(s) : String(s))), size: 60 },
      ],
      series: [
        { label: props.xLabel ?? '' },
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          fill: kind === 'bars' ? `${PALETTE[i % PALETTE.length]}99` : undefined,
          width: kind === 'bars' ? 0 : 2,
          spanGaps: false,
          points: { show: kind === 'time' && props.x.length < 80 },
          ...(kind === 'bars' ? { paths: uPlot.paths.bars!({ size: [0.8, 80] }) } : {}),
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : yFormat ? yFormat(v) : String(v)),
        })),
      ],
    };
    // uPlot's time scale is in seconds.
    const xs = kind === 'time' ? props.x.map((t) => t / 1000) : props.x;
    const plot = new uPlot(opts, [xs, ...props.series.map((s) => s.values)] as uPlot.AlignedData, el);
    const observer = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: plot.height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [props]);
  return <div ref={host} className="metrics-chart" data-testid={props.testId} role="img" aria-label={props.ariaLabel} />;
}
