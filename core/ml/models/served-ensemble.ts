import { encodeParts } from './artifact-codec.js';
import { calibrate } from './calibrator.js';
import type { EnsembleParts } from './ensemble-parts.js';
import type { EnsembleOutput, TrainedEnsemble } from './ensemble-types.js';
import { mlpLogits } from './mlp-forward.js';
import { rffDecision } from './rff-svm.js';
import { sampleSupport, standardize } from './standardizer.js';

function checkRows(rows: Float64Array, n: number, dims: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || rows.length < n * dims) throw new RangeError(`expected ${n} rows of ${dims} features (${n * dims} values), got ${rows.length} values`);
}

/** The served ensemble: typed arrays only, no TensorFlow.js. */
export function servedEnsemble(p: EnsembleParts): TrainedEnsemble {
  const dims = p.svm.dims;
  const memberScores = (rows: Float64Array, n: number): { nn: Float64Array; svm: Float64Array } => {
    checkRows(rows, n, dims);
    const z = standardize(p.standardizer, rows, n);
    return { nn: mlpLogits(p.mlp, z, n), svm: rffDecision(p.svm, z, n) };
  };
  return {
    dims,
    memberScores,
    predictProba(rows, n) {
      const s = memberScores(rows, n);
      // One scratch pair for the whole batch instead of a fresh array per row.
      const pair = new Float64Array(2);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        pair[0] = s.nn[i] ?? 0;
        pair[1] = s.svm[i] ?? 0;
        out[i] = calibrate(p.stack, pair);
      }
      return out;
    },
    explain(row): EnsembleOutput {
      checkRows(row, 1, dims);
      const z = standardize(p.standardizer, row, 1);
      const nn = mlpLogits(p.mlp, z, 1)[0] ?? 0;
      const svm = rffDecision(p.svm, z, 1)[0] ?? 0;
      return {
        probability: calibrate(p.stack, [nn, svm]),
        nnProbability: calibrate(p.nnPlatt, [nn]),
        svmProbability: calibrate(p.svmPlatt, [svm]),
        support: sampleSupport(z, 0, dims),
      };
    },
    toArtifact: () => encodeParts(p),
  };
}

