import type { AbComparisonDto } from '../../../../core/contract/model-ops-schemas.js';
import { fmtFigure, linearScale, niceTicks } from '../../chart/plot-scale.js';
import { PlotCard, seriesColour } from './plot-frame.js';

const WIDTH = 320;
const ROW = 28;
const LEFT = 124;

/** Champion vs challenger precision with confidence intervals, the difference and its significance. */
export function AbComparison({ data, error }: { readonly data: AbComparisonDto | undefined; readonly error?: string | undefined }) {
  const arms = data?.arms ?? [];
  const empty = error ?? (data === undefined ? 'Loading…' : arms.length === 0 ? (data.reason ?? 'No A/B test: deploy a challenger to compare.') : undefined);
  const x = linearScale([0, 1], [LEFT, WIDTH - 12]);
  const height = arms.length * ROW + 22;
  const level = Math.round((data?.level ?? 0.95) * 100);
  const d = data?.difference;
  return (
    <PlotCard
      title={`A/B comparison (precision, ${level}% CI${data?.share == null ? '' : `, challenger on ${Math.round(data.share * 100)}% of symbol-days`})`}
      testId="plot-ab"
      empty={empty}
      data={{ status: data?.status ?? '', arms: arms.length, pvalue: fmtFigure(data?.pValue), significant: String(data?.significant ?? false) }}
      caption={
        <span data-testid="ab-summary">
          {d == null
            ? (data?.reason ?? 'Both arms need resolved signals for a difference.')
            : `challenger − champion ${fmtFigure(d.value)} [${fmtFigure(d.low)}, ${fmtFigure(d.high)}] · p = ${fmtFigure(data?.pValue)} · ${data?.significant === true ? 'significant' : 'not significant'}`}
        </span>
      }
    >
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="plot" role="img" aria-label="A/B comparison">
        {niceTicks(0, 1, 4).map((t) => (
          <g key={t} className="axis">
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 14} className="grid" />
            <text x={x(t)} y={height - 3} textAnchor="middle">{t.toFixed(1)}</text>
          </g>
        ))}
        {arms.map((a, i) => {
          const mid = 12 + i * ROW;
          return (
            <g key={a.version} data-testid="ab-arm" data-version={a.version} data-precision={a.precision ?? ''} data-low={a.low ?? ''} data-high={a.high ?? ''}>
              <text x={LEFT - 6} y={mid - 1} textAnchor="end" className="bar-label">{a.role}</text>
              <text x={LEFT - 6} y={mid + 10} textAnchor="end" className="bar-label muted">{`${a.version.slice(0, 12)} n=${a.resolved}`}</text>
              {a.low !== null && a.high !== null && (
                <g stroke={seriesColour(i)} strokeWidth="1.5">
                  <line x1={x(a.low)} x2={x(a.high)} y1={mid} y2={mid} />
                  <line x1={x(a.low)} x2={x(a.low)} y1={mid - 4} y2={mid + 4} />
                  <line x1={x(a.high)} x2={x(a.high)} y1={mid - 4} y2={mid + 4} />
                </g>
              )}
              {a.precision !== null && <circle cx={x(a.precision)} cy={mid} r="3.5" fill={seriesColour(i)} />}
              {a.precision !== null && <text x={Math.min(x(a.high ?? a.precision) + 4, WIDTH - 26)} y={mid + 3} className="bar-value">{fmtFigure(a.precision)}</text>}
            </g>
          );
        })}
      </svg>
    </PlotCard>
  );
}
