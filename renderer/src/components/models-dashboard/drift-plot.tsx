import type { DriftDto } from '../../../../core/contract/model-ops-schemas.js';
import { BarPlot } from './bar-plot.js';
import { fmtFigure } from '../../chart/plot-scale.js';
import { PlotCard } from './plot-frame.js';

/** Population stability index per input against the training reference, with the alert threshold drawn. */
export function DriftPlot({ data, error }: { readonly data: DriftDto | undefined; readonly error?: string | undefined }) {
  const features = [...(data?.features ?? [])].sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1));
  const empty = error ?? (data === undefined ? 'Loading…' : features.length === 0 ? (data.reason ?? 'No live inputs yet.') : undefined);
  const alerts = features.filter((f) => f.alert).length;
  return (
    <PlotCard
      title="Drift (PSI per feature vs training)"
      testId="plot-drift"
      empty={empty}
      data={{ samples: data?.samples ?? 0, alerts, threshold: data?.threshold ?? '' }}
      caption={
        <span>
          {data?.samples ?? 0} live inputs · threshold {fmtFigure(data?.threshold, 2)} · score PSI {fmtFigure(data?.score.psi)}
          {alerts > 0 && <b className="down" data-testid="drift-alerts"> · {alerts} over threshold</b>}
        </span>
      }
    >
      <BarPlot
        bars={[
          { label: 'score', value: data?.score.psi ?? null, alert: data?.score.alert ?? false },
          ...features.map((f) => ({ label: f.feature, value: f.psi, alert: f.alert })),
        ]}
        {...(data === undefined ? {} : { threshold: data.threshold })}
        testId="drift-bars"
        label="Drift per feature"
      />
    </PlotCard>
  );
}
