import type { FeatureImportanceDto } from '../../../../core/contract/model-ops-schemas.js';
import { BarPlot } from './bar-plot.js';
import { PlotCard } from './plot-frame.js';

/** Shown: the inputs that matter most; the rest add nothing a trader can read at this size. */
const TOP = 12;

/** Permutation importance: how much the score worsens when one input is shuffled among recent resolved predictions. */
export function FeatureImportance({ data, error }: { readonly data: FeatureImportanceDto | undefined; readonly error?: string | undefined }) {
  const features = [...(data?.features ?? [])].sort((a, b) => b.importance - a.importance).slice(0, TOP);
  const empty = error ?? (data === undefined ? 'Loading…' : features.length === 0 ? (data.reason ?? 'No resolved predictions to permute yet.') : undefined);
  return (
    <PlotCard
      title={`Feature importance (permutation, Δ${data?.metric ?? 'score'})`}
      testId="plot-importance"
      empty={empty}
      data={{ samples: data?.samples ?? 0, features: features.length }}
      caption={<span>on {data?.samples ?? 0} resolved predictions · top {features.length}</span>}
    >
      {/* A Brier score moves in the third or fourth decimal when one input is shuffled, so four are shown. */}
      <BarPlot bars={features.map((f) => ({ label: f.feature, value: f.importance }))} testId="importance-bars" label="Feature importance" digits={4} />
    </PlotCard>
  );
}
