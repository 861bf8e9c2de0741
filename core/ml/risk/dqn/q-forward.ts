import type { DenseLayer } from '../../models/mlp-forward.js';

/** The Q-network as typed arrays: ReLU hidden layers, a linear output unit per action. */
export interface QNetWeights {
  readonly layers: readonly DenseLayer[];
}

/** Scratch buffers for {@link qValues}, reused across calls so serving allocates nothing. */
export interface QScratch {
  a: Float64Array;
  b: Float64Array;
}

export function qScratch(net: QNetWeights): QScratch {
  const widest = Math.max(1, ...net.layers.map((l) => l.units));
  return { a: new Float64Array(widest), b: new Float64Array(widest) };
}

/**
 * Q-values of one observation without TensorFlow.js: float32 weights accumulated in float64, a few thousand
 * multiply-adds (a tfjs call costs tens of microseconds of overhead alone). Writes `actions` values into `out`.
 */
export function qValues(net: QNetWeights, x: ArrayLike<number>, out: Float64Array, scratch: QScratch = qScratch(net)): Float64Array {
  let input: ArrayLike<number> = x;
  let target = scratch.a;
  let spare = scratch.b;
  const depth = net.layers.length;
  for (let li = 0; li < depth; li++) {
    const l = net.layers[li];
    if (l === undefined) break;
    const last = li === depth - 1;
    const dest = last ? out : target;
    const { kernel, bias, inputs, units } = l;
    for (let u = 0; u < units; u++) dest[u] = bias[u] ?? 0;
    // Row-major [inputs × units]: walk the kernel in memory order.
    for (let k = 0; k < inputs; k++) {
      const v = input[k] ?? 0;
      if (v === 0) continue;
      const row = k * units;
      for (let u = 0; u < units; u++) dest[u] = (dest[u] ?? 0) + v * (kernel[row + u] ?? 0);
    }
    if (!last) for (let u = 0; u < units; u++) if (!((dest[u] ?? 0) > 0)) dest[u] = 0;
    input = dest;
    [target, spare] = [spare, target];
  }
  return out;
}

/** Index of the largest value (the first on ties, so a decision is deterministic). */
export function argmax(values: ArrayLike<number>, n = values.length): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? Number.NEGATIVE_INFINITY;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}
