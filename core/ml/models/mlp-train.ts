import type * as tfTypes from '@tensorflow/tfjs';
import type { DenseLayer, MlpWeights } from './mlp-forward.js';
import { seededPermutation, seededUniform } from '../../util/seeded-random.js';
import type { TfRuntime } from './tf-backend.js';

/** Settings of the MLP and its training; the defaults suit ~10k rows of 19 standardized features. */
export interface MlpConfig {
  readonly hidden: readonly number[];
  readonly l2: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Epochs without a better early-stop loss before training stops (the best epoch's weights are kept). */
  readonly patience: number;
}

export const DEFAULT_MLP_CONFIG: MlpConfig = { hidden: [32, 16], l2: 1e-4, learningRate: 1e-3, batchSize: 128, maxEpochs: 150, patience: 12 };

/** Rows of one fold, standardized, row-major. */
export interface FoldData {
  readonly z: Float64Array;
  readonly y: Uint8Array;
  readonly n: number;
}

export interface MlpTrainResult {
  readonly weights: MlpWeights;
  readonly epochs: number;
  readonly bestEpoch: number;
  /** The tfjs model itself, for checking the typed-array forward pass against `model.predict`; dispose it. */
  readonly model: tfTypes.LayersModel;
}

/** Builds the network: ReLU hidden layers, one linear output (the logit), seeded Glorot initialisation. */
export function buildMlp(t: TfRuntime, dims: number, cfg: MlpConfig, seed: number): tfTypes.Sequential {
  const { tf } = t;
  const model = tf.sequential();
  [...cfg.hidden, 1].forEach((units, i) => {
    model.add(tf.layers.dense({
      units,
      ...(i === 0 ? { inputShape: [dims] } : {}),
      activation: i === cfg.hidden.length ? 'linear' : 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      biasInitializer: 'zeros',
      kernelRegularizer: tf.regularizers.l2({ l2: cfg.l2 }),
    }));
  });
  return model;
}

/** Reads the layers' float32 weights into the typed-array form. */
export function exportMlp(model: tfTypes.LayersModel): MlpWeights {
  const layers: DenseLayer[] = model.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) throw new Error(`layer ${layer.name} has no kernel/bias`);
    const [inputs = 0, units = 0] = kernel.shape;
    return { inputs, units, kernel: Float32Array.from(kernel.dataSync()), bias: Float32Array.from(bias.dataSync()) };
  });
  return { layers };
}

/**
 * Class weights n / (2 n_c): each class contributes half of the loss, so at a ~28% base rate the network
 * is not pulled towards always answering "fails". The calibrator maps the shifted logits back to honest
 * probabilities afterwards.
 */
export function balancedClassWeights(y: Uint8Array, n: number): { w0: number; w1: number } {
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] === 1 ? 1 : 0;
  const neg = n - pos;
  return { w0: neg > 0 ? n / (2 * neg) : 1, w1: pos > 0 ? n / (2 * pos) : 1 };
}

function tensors(t: TfRuntime, d: FoldData, order: Uint32Array, dims: number): { x: tfTypes.Tensor2D; y: tfTypes.Tensor2D } {
  const x = new Float32Array(d.n * dims);
  const y = new Float32Array(d.n);
  for (let r = 0; r < d.n; r++) {
    const i = order[r] ?? 0;
    x.set(d.z.subarray(i * dims, (i + 1) * dims), r * dims);
    y[r] = d.y[i] ?? 0;
  }
  return { x: t.tf.tensor2d(x, [d.n, dims]), y: t.tf.tensor2d(y, [d.n, 1]) };
}

/**
 * Trains with Adam on the class-weighted sigmoid cross-entropy (+ L2), one `fit` call per epoch over a
 * seeded permutation (tfjs' own shuffle uses Math.random), and keeps the weights of the epoch with the lowest
 * weighted loss on the early-stop fold.
 */
export async function trainMlp(t: TfRuntime, train: FoldData, stop: FoldData, dims: number, seed: number, cfg: MlpConfig = DEFAULT_MLP_CONFIG, onEpoch?: (epoch: number, total: number) => void): Promise<MlpTrainResult> {
  const { tf } = t;
  const { w0, w1 } = balancedClassWeights(train.y, train.n);
  const weightedLoss = (yt: tfTypes.Tensor, logits: tfTypes.Tensor): tfTypes.Tensor => tf.tidy(() => {
    const w = yt.mul(w1 - w0).add(w0);
    return tf.losses.sigmoidCrossEntropy(yt, logits, w, 0, tf.Reduction.MEAN);
  });
  const model = buildMlp(t, dims, cfg, seed);
  model.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: weightedLoss });
  const uniform = seededUniform(seed);
  const stopSet = tensors(t, stop, Uint32Array.from({ length: stop.n }, (_, i) => i), dims);
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = -1;
  let bestWeights: tfTypes.Tensor[] = [];
  let epoch = 0;
  for (; epoch < cfg.maxEpochs && epoch - bestEpoch <= cfg.patience; epoch++) {
    const { x, y } = tensors(t, train, seededPermutation(train.n, uniform), dims);
    await model.fit(x, y, { epochs: 1, batchSize: cfg.batchSize, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    const loss = tf.tidy(() => weightedLoss(stopSet.y, model.predict(stopSet.x) as tfTypes.Tensor).dataSync()[0] ?? Number.NaN);
    if (loss < best) {
      best = loss;
      bestEpoch = epoch;
      tf.dispose(bestWeights);
      bestWeights = model.getWeights().map((w) => w.clone());
    }
    onEpoch?.(epoch + 1, cfg.maxEpochs);
  }
  tf.dispose([stopSet.x, stopSet.y]);
  if (bestWeights.length > 0) model.setWeights(bestWeights);
  tf.dispose(bestWeights);
  return { weights: exportMlp(model), epochs: epoch, bestEpoch: bestEpoch + 1, model };
}
