import { balancedClassWeights } from '../core/ml/models/mlp-train.js';
import { rffDecision, trainRffSvm } from '../core/ml/models/rff-svm.js';
import { smoDecision, trainSmo } from '../core/ml/models/smo-svm.js';
import { syntheticSet } from '../core/ml/models/testing/synthetic.js';
import { fmtRate, median, medianMs } from './stats.js';

/** Mann–Whitney AUC: how well a score ranks successes above failures. */
function auc(p: Float64Array, y: Uint8Array): number {
  const order = Array.from(p.keys()).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  let pos = 0;
  let rankSum = 0;
  order.forEach((i, r) => { if (y[i] === 1) { pos++; rankSum += r + 1; } });
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * (y.length - pos));
}

/**
 * The SVM choice: random Fourier features + linear SVM (served) against an exact RBF SVM by SMO (the
 * reference), both on the same ~8k × 19 noisy rows (base rate ~30%, like the breakouts), same γ = 1/19 and
 * class-weighted C = 1. Figures: train time, predictions/s on 4k fresh rows, AUC on them.
 */
export async function run(): Promise<void> {
  const dims = 19;
  const train = syntheticSet(8000, dims, 1);
  const test = syntheticSet(4000, dims, 2);
  const w = balancedClassWeights(train.y, train.n);
  const gamma = 1 / dims;
  const rffTrain: number[] = [];
  let rff = trainRffSvm(train.x, train.y, train.n, dims, 7, undefined, w);
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    rff = trainRffSvm(train.x, train.y, train.n, dims, 7, undefined, w);
    rffTrain.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const smo = trainSmo(train.x, train.y, train.n, dims, gamma, w.w0, w.w1);
  const smoTrainMs = performance.now() - t0;
  const rffPredMs = medianMs(5, () => rffDecision(rff, test.x, test.n));
  const smoPredMs = medianMs(3, () => smoDecision(smo, test.x, test.n));
  const rffAuc = auc(rffDecision(rff, test.x, test.n), test.y);
  const smoAuc = auc(smoDecision(smo, test.x, test.n), test.y);
  const trueAuc = auc(test.p, test.y);
  console.log(`data: ${train.n} x ${dims} train, ${test.n} test, base rate ${(train.y.reduce((s, v) => s + v, 0) / train.n).toFixed(3)}`);
  console.log(`RFF-256 + linear SVM (picked): train ${median(rffTrain).toFixed(0)} ms (median of 3), predict ${fmtRate(test.n / (rffPredMs / 1000))}, AUC ${rffAuc.toFixed(3)}`);
  console.log(`exact RBF SVM, SMO (reference): train ${smoTrainMs.toFixed(0)} ms (1 run, ${smo.iterations} iterations), ${smo.coef.length} support vectors, predict ${fmtRate(test.n / (smoPredMs / 1000))}, AUC ${smoAuc.toFixed(3)}`);
  console.log(`ratio RFF/SMO: train ${(smoTrainMs / median(rffTrain)).toFixed(1)}x faster, predict ${(smoPredMs / rffPredMs).toFixed(1)}x faster; AUC of the true probabilities ${trueAuc.toFixed(3)}`);
}
