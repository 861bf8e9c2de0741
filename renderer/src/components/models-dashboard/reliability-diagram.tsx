import type { ReliabilityDto } from '../../../../core/contract/model-ops-schemas.js';
import { fmtFigure, linearScale, niceTicks } from '../../chart/plot-scale.js';
import { PLOT, PlotCard, YAxis } from './plot-frame.js';

/**
 * Predicted probability (x) against the observed success rate (y) per bin; a calibrated model sits on the
 * diagonal. Each bin's dot grows with its count, so a bin of three predictions does not look as sure as
 * one of three hundred.
 */
export function ReliabilityDiagram({ data, error }: { readonly data: ReliabilityDto | undefined; readonly error?: string | undefined }) {
  const bins = (data?.bins ?? []).filter((b) => b.count > 0 && b.meanPredicted !== null && b.observed !== null);
  const empty = error ?? (data === undefined ? 'Loading…' : bins.length === 0 ? 'No resolved predictions of this version yet.' : undefined);
  const x = linearScale([0, 1], [PLOT.left, PLOT.width - PLOT.right]);
  const y = linearScale([0, 1], [PLOT.height - PLOT.bottom, PLOT.top]);
  const most = Math.max(1, ...bins.map((b) => b.count));
  const ticks = niceTicks(0, 1, 4);
  return (
    <PlotCard
      title="Reliability (calibration)"
      testId="plot-reliability"
      empty={empty}
      data={{ resolved: data?.resolved ?? 0, bins: bins.length, ece: fmtFigure(data?.calibrationError) }}
      caption={
        <span>
          {data?.resolved ?? 0} resolved · calibration error <b data-testid="reliability-ece">{fmtFigure(data?.calibrationError)}</b>
        </span>
      }
    >
      <svg viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} className="plot" role="img" aria-label="Reliability diagram">
        <YAxis y={y} ticks={ticks} format={(v) => v.toFixed(1)} />
        <g className="axis">
          {ticks.map((t) => <text key={t} x={x(t)} y={PLOT.height - 6} textAnchor="middle">{t.toFixed(1)}</text>)}
        </g>
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="diagonal" />
        <polyline
          fill="none"
          stroke="#3b82f6"
          strokeWidth="1.4"
          points={bins.map((b) => `${x(b.meanPredicted ?? 0).toFixed(1)},${y(b.observed ?? 0).toFixed(1)}`).join(' ')}
        />
        {bins.map((b) => (
          <circle key={b.lower} cx={x(b.meanPredicted ?? 0)} cy={y(b.observed ?? 0)} r={2 + 5 * Math.sqrt(b.count / most)} fill="#3b82f6" fillOpacity="0.55" data-count={b.count}>
            <title>{`${b.lower.toFixed(2)}–${b.upper.toFixed(2)}: predicted ${fmtFigure(b.meanPredicted)}, observed ${fmtFigure(b.observed)} (${b.count})`}</title>
          </circle>
        ))}
      </svg>
    </PlotCard>
  );
}
