import { seededUniform } from '../../../util/seeded-random.js';
import { brierScore } from '../../evaluation/calibration-metrics.js';
import type { TrainedEnsemble } from '../../models/ensemble-types.js';

/** How much shuffling one input column worsens the Brier score. */
export interface FeatureImportance {
  readonly feature: string;
  /** Mean over repeats of Brier(shuffled) − Brier(intact); > 0 means the model uses the column. */
  readonly importance: number;
  readonly std: number;
}

/**
 * Permutation importance of each column of `n` row-major rows with outcomes `labels`: the column is shuffled
 * (seeded) `repeats` times and the ensemble re-scored. Done on recent resolved live predictions, it says what
 * the model leans on NOW, not in training.
 */
export function permutationImportance(ensemble: TrainedEnsemble, names: readonly string[], rows: Float64Array, labels: Uint8Array, options: { seed: number; repeats?: number }): FeatureImportance[] {
  const n = labels.length;
  const dims = ensemble.dims;
  const repeats = options.repeats ?? 3;
  const base = brierScore(ensemble.predictProba(rows, n), labels);
  const rnd = seededUniform(options.seed);
  const work = new Float64Array(rows);
  return names.map((feature, j) => {
    const deltas: number[] = [];
    for (let r = 0; r < repeats; r++) {
      work.set(rows);
      for (let i = n - 1; i > 0; i--) {
        const k = Math.floor(rnd() * (i + 1));
        const a = work[i * dims + j] as number;
        work[i * dims + j] = work[k * dims + j] as number;
        work[k * dims + j] = a;
      }
      deltas.push(brierScore(ensemble.predictProba(work, n), labels) - base);
    }
    const mean = deltas.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(deltas.reduce((a, d) => a + (d - mean) ** 2, 0) / Math.max(1, repeats - 1));
    return { feature, importance: mean, std };
  });
}
