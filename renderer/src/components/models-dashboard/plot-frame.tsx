import type { ReactNode } from 'react';
import { fmtFigure, type LinearScale } from '../../chart/plot-scale.js';

/** Plot area inside the SVG's viewBox: room on the left for tick labels, below for the x axis. */
export const PLOT = { width: 320, height: 170, left: 38, right: 10, top: 10, bottom: 24 } as const;

/** Series colours, one per version in the order listed; the champion comes first. */
export const SERIES_COLOURS = ['#3b82f6', '#e3b341', '#26a69a', '#c084fc', '#ef5350'] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#3b82f6';
}

export interface PlotCardProps {
  readonly title: string;
  readonly testId: string;
  /** Shown instead of the plot when there is nothing to draw yet, with why. */
  readonly empty?: string | undefined;
  readonly caption?: ReactNode;
  readonly children: ReactNode;
  readonly data?: Readonly<Record<string, string | number>>;
}

/** One dashboard card: a title, the plot (or why there is none yet), and a caption with the figures it shows. */
export function PlotCard({ title, testId, empty, caption, children, data = {} }: PlotCardProps) {
  const dataAttrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, String(v)]));
  return (
    <figure className="plot-card" data-testid={testId} data-empty={empty === undefined ? 'false' : 'true'} {...dataAttrs}>
      <figcaption className="plot-title">{title}</figcaption>
      {empty === undefined ? children : <p className="empty small" data-testid={`${testId}-empty`}>{empty}</p>}
      {empty === undefined && caption !== undefined && <div className="plot-caption">{caption}</div>}
    </figure>
  );
}

/** Horizontal grid lines with their values on the left, with as many decimals as the tick step needs. */
export function YAxis({ y, ticks, format }: { readonly y: LinearScale; readonly ticks: readonly number[]; readonly format?: (v: number) => string }) {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 0;
  const digits = step > 0 ? Math.max(0, -Math.floor(Math.log10(step))) : 2;
  const label = format ?? ((v: number) => fmtFigure(v, digits));
  return (
    <g className="axis">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={y(t)} y2={y(t)} className="grid" />
          <text x={PLOT.left - 4} y={y(t) + 3} textAnchor="end">{label(t)}</text>
        </g>
      ))}
    </g>
  );
}
