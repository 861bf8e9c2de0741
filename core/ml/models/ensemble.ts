import { err, type Result } from '../../util/result.js';
import { decodeParts } from './artifact-codec.js';
import { fitLogistic } from './calibrator.js';
import { FOLD, type ArtifactFiles, type TrainedEnsemble, type TrainOptions } from './ensemble-types.js';
import { balancedClassWeights, trainMlp, type FoldData } from './mlp-train.js';
import { mlpLogits } from './mlp-forward.js';
import { DEFAULT_RFF_CONFIG, rffDecision, trainRffSvm } from './rff-svm.js';
import { subSeed } from '../../util/seeded-random.js';
import { servedEnsemble } from './served-ensemble.js';
import { fitStandardizer, standardize } from './standardizer.js';

/** Default inner split of time-ordered rows: the last 20% calibrate, the 10% before them stop the NN. */
export function defaultFolds(n: number): Uint8Array {
  const cal = Math.floor(n * 0.8);
  const stop = Math.floor(n * 0.7);
  return Uint8Array.from({ length: n }, (_, i) => (i >= cal ? FOLD.calibration : i >= stop ? FOLD.earlyStop : FOLD.train));
}

function pick(z: Float64Array, y: Uint8Array, folds: Uint8Array, fold: number, dims: number): FoldData {
  const idx: number[] = [];
  folds.forEach((f, i) => { if (f === fold) idx.push(i); });
  const out = new Float64Array(idx.length * dims);
  idx.forEach((i, r) => out.set(z.subarray(i * dims, (i + 1) * dims), r * dims));
  return { z: out, y: Uint8Array.from(idx, (i) => y[i] ?? 0), n: idx.length };
}

function checkInput(x: Float64Array, y: Uint8Array, n: number, dims: number, folds: Uint8Array): void {
  if (!Number.isSafeInteger(n) || n <= 0 || !Number.isSafeInteger(dims) || dims <= 0) throw new RangeError(`need n > 0 rows of dims > 0 columns, got n=${n} dims=${dims}`);
  if (x.length !== n * dims) throw new RangeError(`x has ${x.length} values, expected n*dims = ${n * dims}`);
  if (y.length !== n || folds.length !== n) throw new RangeError(`y has ${y.length} labels and folds ${folds.length} entries, expected ${n}`);
  const bad = y.findIndex((v) => v > 1);
  if (bad >= 0) throw new RangeError(`label at row ${bad} is ${y[bad]}, expected 0 or 1`);
  for (const [name, f] of [['train', FOLD.train], ['early-stop', FOLD.earlyStop], ['calibration', FOLD.calibration]] as const) {
    const classes = new Set<number>();
    folds.forEach((v, i) => { if (v === f) classes.add(y[i] ?? 0); });
    if (classes.size < 2) throw new RangeError(`the ${name} fold needs both successes and failures, it has ${classes.size === 0 ? 'no rows' : 'one class only'}`);
  }
}

/**
 * Trains the NN and the SVM on the train fold (the NN stops early on the early-stop fold), then fits the
 * stacking calibrator and the per-member Platt scalers on the calibration fold, which neither member saw.
 * `x` holds `n` RAW rows of `dims` columns (standardized here, with statistics of the train fold), `y` 1 =
 * success. Rejects with a RangeError naming the problem for malformed input or a fold missing a class.
 */
export async function trainEnsemble(x: Float64Array, y: Uint8Array, n: number, dims: number, opts: TrainOptions): Promise<TrainedEnsemble> {
  const folds = opts.folds ?? defaultFolds(n);
  checkInput(x, y, n, dims, folds);
  const progress = opts.onProgress ?? ((): void => undefined);
  const standardizer = fitStandardizer(x, n, dims, (i) => folds[i] === FOLD.train);
  const z = standardize(standardizer, x, n);
  const train = pick(z, y, folds, FOLD.train, dims);
  const cal = pick(z, y, folds, FOLD.calibration, dims);
  // Loaded here, not at the top: serving a loaded ensemble must not pull TensorFlow.js in.
  const { tfRuntime } = await import('./tf-backend.js');
  const tf = await tfRuntime();
  const nn = await trainMlp(tf, train, pick(z, y, folds, FOLD.earlyStop, dims), dims, subSeed(opts.seed, 0), undefined, (e, t) => progress('nn', e, t));
  nn.model.dispose();
  progress('svm', 0, 1);
  const svm = trainRffSvm(train.z, train.y, train.n, dims, subSeed(opts.seed, 1), { ...DEFAULT_RFF_CONFIG, features: opts.svmFeatures ?? DEFAULT_RFF_CONFIG.features }, balancedClassWeights(train.y, train.n));
  progress('svm', 1, 1);
  const nnCal = mlpLogits(nn.weights, cal.z, cal.n);
  const svmCal = rffDecision(svm, cal.z, cal.n);
  const both = new Float64Array(2 * cal.n);
  for (let i = 0; i < cal.n; i++) {
    both[2 * i] = nnCal[i] ?? 0;
    both[2 * i + 1] = svmCal[i] ?? 0;
  }
  progress('calibration', 1, 1);
  return servedEnsemble({
    standardizer,
    mlp: nn.weights,
    svm,
    stack: fitLogistic(both, cal.y, cal.n, 2),
    nnPlatt: fitLogistic(nnCal, cal.y, cal.n, 1),
    svmPlatt: fitLogistic(svmCal, cal.y, cal.n, 1),
    training: { backend: tf.backend, seed: opts.seed, nnEpochs: nn.epochs, nnBestEpoch: nn.bestEpoch, trainRows: train.n, calibrationRows: cal.n, classWeighting: 'balanced n/(2 n_c)' },
  });
}

/** Rebuilds a served ensemble from its files (no TensorFlow.js needed), or says why it cannot. */
export function loadEnsemble(files: ArtifactFiles): Result<TrainedEnsemble, string> {
  const parts = decodeParts(files);
  return parts.ok ? { ok: true, value: servedEnsemble(parts.value) } : err(parts.error);
}
