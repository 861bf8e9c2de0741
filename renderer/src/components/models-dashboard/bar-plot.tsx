import { fmtFigure, linearScale } from '../../chart/plot-scale.js';

export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly alert?: boolean;
}

const WIDTH = 320;
const ROW = 14;
const LABEL = 118;

/**
 * Horizontal bars with their values, largest first, and an optional threshold line (the drift alert
 * level). A null value (not computable yet) keeps its row with a dash, so a feature never silently vanishes.
 */
export interface BarPlotProps {
  readonly bars: readonly Bar[];
  readonly threshold?: number;
  readonly testId: string;
  readonly label: string;
  readonly digits?: number;
}

export function BarPlot({ bars, threshold, testId, label, digits = 3 }: BarPlotProps) {
  const max = Math.max(threshold ?? 0, ...bars.map((b) => Math.abs(b.value ?? 0)), 1e-9);
  const x = linearScale([0, max * 1.05], [LABEL, WIDTH - 44]);
  const height = bars.length * ROW + 6;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="plot bars" role="img" aria-label={label} data-testid={testId}>
      {bars.map((b, i) => {
        const top = 3 + i * ROW;
        const value = b.value ?? 0;
        return (
          <g key={b.label} data-testid={`${testId}-row`} data-feature={b.label} data-value={b.value === null ? '' : String(b.value)} data-alert={b.alert === true ? 'true' : 'false'}>
            <text x={LABEL - 4} y={top + 10} textAnchor="end" className="bar-label">{b.label}</text>
            <rect x={x(0)} y={top + 2} width={Math.max(0, x(Math.abs(value)) - x(0))} height={ROW - 4} className={b.alert === true ? 'bar alert' : value < 0 ? 'bar negative' : 'bar'} />
            <text x={x(Math.abs(value)) + 3} y={top + 10} className="bar-value">{fmtFigure(b.value, digits)}</text>
          </g>
        );
      })}
      {threshold !== undefined && (
        <g data-testid={`${testId}-threshold`} data-value={threshold}>
          <line x1={x(threshold)} x2={x(threshold)} y1={0} y2={height} className="threshold" />
        </g>
      )}
    </svg>
  );
}
