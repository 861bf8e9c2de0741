/** A dense layer in the typed-array forward pass: kernel is row-major [inputs × units] as tfjs stores it. */
export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** ReLU hidden layers and one linear output unit (the logit); the sigmoid is applied by the caller. */
export interface MlpWeights {
  readonly layers: readonly DenseLayer[];
}

/**
 * The trained network without TensorFlow.js: the same float32 weights, accumulated in float64. Per-call tfjs
 * overhead is tens of microseconds; this is a few hundred multiply-adds. Returns the output logit of each of
 * the `n` standardized rows.
 */
export function mlpLogits(w: MlpWeights, z: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  const widest = Math.max(...w.layers.map((l) => l.units));
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const first = w.layers[0];
  const dims = first ? first.inputs : 0;
  for (let r = 0; r < n; r++) {
    let input: Float64Array = z;
    let offset = r * dims;
    for (let li = 0; li < w.layers.length; li++) {
      const l = w.layers[li];
      if (!l) break;
      const last = li === w.layers.length - 1;
      for (let u = 0; u < l.units; u++) {
        let s = l.bias[u] ?? 0;
        for (let k = 0; k < l.inputs; k++) s += (input[offset + k] ?? 0) * (l.kernel[k * l.units + u] ?? 0);
        a[u] = last || s > 0 ? s : 0;
      }
      input = a;
      offset = 0;
      [a, b] = [b, a];
    }
    out[r] = input[0] ?? 0;
  }
  return out;
}

export const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));
