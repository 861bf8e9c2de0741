import { linearScale, niceTicks } from '../chart/plot-scale.js';

/** A line of [time, value] points in time order. */
export interface BacktestLine {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color: string;
  readonly area?: boolean;
}

/** A trade's entry or exit drawn on the price line. */
export interface BacktestMark {
  readonly time: number;
  readonly value: number;
  readonly kind: 'entry' | 'win' | 'loss';
  readonly title: string;
}

export interface BacktestChartProps {
  readonly testId: string;
  readonly label: string;
  readonly lines: readonly BacktestLine[];
  readonly marks?: readonly BacktestMark[];
  readonly height: number;
  /** An axis label; `step` is the distance between ticks, so a label can carry just enough decimals to differ. */
  readonly format: (value: number, step: number) => string;
  /** Drawing width in CSS pixels at which text is 10px; the SVG scales to its box. Default 460. */
  readonly width?: number;
}

const PAD = { left: 58, right: 10, top: 8, bottom: 18 };
const MARK_COLOR = { entry: '#4f8ff7', win: 'var(--up)', loss: 'var(--down)' } as const;

/**
 * The report's charts for the desk: equity, drawdown and a price line with the trades, as plain SVG (a few
 * thousand points, no interaction needed beyond a hover title), scaled to the lines' joint range.
 */
export function BacktestChart({ testId, label, lines, marks = [], height, format, width: WIDTH = 460 }: BacktestChartProps) {
  const all = lines.flatMap((l) => l.points);
  if (all.length === 0) return <p className="empty" data-testid={`${testId}-empty`}>No points to draw.</p>;
  let t0 = Infinity, t1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const [t, v] of all) {
    t0 = Math.min(t0, t); t1 = Math.max(t1, t); v0 = Math.min(v0, v); v1 = Math.max(v1, v);
  }
  for (const m of marks) { v0 = Math.min(v0, m.value); v1 = Math.max(v1, m.value); }
  if (lines.some((l) => l.area === true)) { v0 = Math.min(v0, 0); v1 = Math.max(v1, 0); }
  if (v1 === v0) { v0 -= 1; v1 += 1; }
  if (t1 === t0) t1 = t0 + 1;
  const x = linearScale([t0, t1], [PAD.left, WIDTH - PAD.right]);
  // Higher values draw higher: the range runs from the bottom edge up.
  const y = linearScale([v0, v1], [height - PAD.bottom, PAD.top]);
  // Round values (100,000 / 120,000 …) a trader reads at a glance, within the drawn range.
  const ticks = niceTicks(v0, v1, 4);
  const tickStep = ticks.length > 1 ? (ticks[1] ?? 0) - (ticks[0] ?? 0) : Math.abs(v1 - v0);
  const years: number[] = [];
  const span = (t1 - t0) / (365.25 * 86_400_000);
  const step = Math.max(1, Math.ceil(span / 8));
  for (let yr = new Date(t0).getUTCFullYear() + 1; Date.UTC(yr, 0, 1) <= t1; yr += step) years.push(yr);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={label} data-testid={testId} data-points={all.length} style={{ width: '100%', height: 'auto', display: 'block' }}>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--line, #30363d)" strokeWidth={0.5} />
          <text x={PAD.left - 5} y={y(v) + 3} textAnchor="end" fontSize={10} fill="var(--muted)">{format(v, tickStep)}</text>
        </g>
      ))}
      {years.map((yr) => (
        <text key={yr} x={x(Date.UTC(yr, 0, 1))} y={height - 4} textAnchor="middle" fontSize={10} fill="var(--muted)">{yr}</text>
      ))}
      {lines.map((l) => {
        const d = l.points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
        const first = l.points[0];
        const last = l.points.at(-1);
        return (
          <g key={l.name}>
            {l.area === true && first !== undefined && last !== undefined && (
              <path d={`${d}L${x(last[0]).toFixed(1)},${y(0).toFixed(1)}L${x(first[0]).toFixed(1)},${y(0).toFixed(1)}Z`} fill={l.color} fillOpacity={0.25} stroke="none" />
            )}
            <path d={d} fill="none" stroke={l.color} strokeWidth={1.3} />
          </g>
        );
      })}
      {marks.map((m, i) => (
        <circle key={i} cx={x(m.time)} cy={y(m.value)} r={m.kind === 'entry' ? 2.5 : 3} fill={MARK_COLOR[m.kind]} data-testid={`${testId}-mark`}>
          <title>{m.title}</title>
        </circle>
      ))}
    </svg>
  );
}
