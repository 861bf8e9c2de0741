import type { MetricPointDto, MetricsSeriesDto } from '../../../../core/contract/model-ops-schemas.js';
import { extent, fmtFigure, linePath, linearScale, niceTicks } from '../../chart/plot-scale.js';
import { PLOT, PlotCard, seriesColour, YAxis } from './plot-frame.js';

type Metric = 'precision' | 'brier';

export interface MetricOverTimeProps {
  readonly metric: Metric;
  readonly series: MetricsSeriesDto['series'];
  /** Why there is no series (the request failed). */
  readonly error?: string | undefined;
}

const TITLES: Record<Metric, string> = { precision: 'Precision over time (rolling, resolved signals)', brier: 'Brier score over time (rolling; lower is better)' };

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * One rolling figure per version over market time. SVG rather than a lightweight-charts instance: a few
 * hundred points per version in [0, 1], no zoom needed, and the axes can say what the numbers mean.
 */
export function MetricOverTime({ metric, series, error }: MetricOverTimeProps) {
  const drawn = series.filter((s) => s.points.some((p) => p[metric] !== null));
  const times = drawn.flatMap((s) => s.points.map((p) => p.time));
  const values = drawn.flatMap((s) => s.points.map((p) => p[metric]));
  const yDomain = extent(values, 0.1);
  const empty = error ?? (yDomain === undefined ? 'No resolved predictions yet: the figures start once a prediction\'s horizon has passed.' : undefined);
  const latest = drawn.map((s) => ({ version: s.version, point: lastWith(s.points, metric) }));
  const [lo, hi] = yDomain ?? [0, 1];
  const y = linearScale([Math.max(0, lo), Math.min(1, hi)], [PLOT.height - PLOT.bottom, PLOT.top]);
  const x = linearScale([Math.min(...times), Math.max(...times)], [PLOT.left, PLOT.width - PLOT.right]);
  return (
    <PlotCard
      title={TITLES[metric]}
      testId={`plot-${metric}`}
      empty={empty}
      data={{ points: values.filter((v) => v !== null).length, latest: latest.map((l) => fmtFigure(l.point?.[metric])).join(',') }}
      caption={latest.map((l, i) => (
        <span key={l.version} className="legend-item" data-testid={`plot-${metric}-latest`} data-version={l.version}>
          <i style={{ background: seriesColour(i) }} /> {l.version}: {fmtFigure(l.point?.[metric])}
          {l.point !== undefined && <span className="muted"> ({l.point.resolved} resolved)</span>}
        </span>
      ))}
    >
      <svg viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} className="plot" role="img" aria-label={TITLES[metric]}>
        <YAxis y={y} ticks={niceTicks(y.domain[0], y.domain[1], 4)} />
        {times.length > 0 && (
          <g className="axis">
            <text x={PLOT.left} y={PLOT.height - 6}>{day(Math.min(...times))}</text>
            <text x={PLOT.width - PLOT.right} y={PLOT.height - 6} textAnchor="end">{day(Math.max(...times))}</text>
          </g>
        )}
        {drawn.map((s, i) => (
          <g key={s.version}>
            <path d={linePath(s.points.map((p) => ({ x: x(p.time), y: nullable(p[metric], y) })))} fill="none" stroke={seriesColour(i)} strokeWidth="1.6" />
            {s.points.map((p) => {
              const v = p[metric];
              // Dots as well as the line: a lone point or one between gaps has no segment to show it.
              return v === null ? null : <circle key={p.time} cx={x(p.time)} cy={y(v)} r="1.6" fill={seriesColour(i)} />;
            })}
          </g>
        ))}
      </svg>
    </PlotCard>
  );
}

function lastWith(points: readonly MetricPointDto[], metric: Metric): MetricPointDto | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p !== undefined && p[metric] !== null) return p;
  }
  return undefined;
}

function nullable(value: number | null, scale: (v: number) => number): number | null {
  return value === null ? null : scale(value);
}
