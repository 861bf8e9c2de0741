export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
}

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WIDTH = 240;
const HEIGHT = 56;

/**
 * A sparkline of account equity. SVG rather than a second chart instance: a few hundred points, no
 * interaction, and it keeps the positions panel cheap to re-render on every fill.
 */
export function EquityCurve({ points }: { readonly points: readonly EquityPoint[] }) {
  if (points.length < 2) return <p className="empty small">The equity curve starts after the first fill.</p>;
  const values = points.map((p) => p.equity);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const first = points[0]?.time ?? 0;
  const last = points.at(-1)?.time ?? first + 1;
  const x = (t: number) => ((t - first) / (last - first || 1)) * WIDTH;
  const y = (v: number) => HEIGHT - 2 - ((v - min) / span) * (HEIGHT - 4);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.time).toFixed(1)},${y(p.equity).toFixed(1)}`).join(' ');
  const rising = (values.at(-1) ?? 0) >= (values[0] ?? 0);
  // The curve is scaled to its own range, so a few dollars can look like a cliff: the caption gives the scale.
  return (
    <figure className="equity-figure">
      <svg className="equity" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Equity curve" data-testid="equity-curve" data-points={points.length}>
        <path d={path} fill="none" stroke={rising ? 'var(--up)' : 'var(--down)'} strokeWidth="1.5" />
      </svg>
      <figcaption className="muted">
        low {money.format(min)} · high {money.format(max)}
      </figcaption>
    </figure>
  );
}
