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
 * the `n` standardized rows, written into `out` (allocated when omitted).
 */
export function mlpLogits(w: MlpWeights, z: Float64Array, n: number, out = new Float64Array(n)): Float64Array {
  const widest = Math.max(...w.layers.map((l) => l.units));
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const first = w.layers[0];
  const dims = first ? first.inputs : 0;
  const depth = w.layers.length;
  for (let r = 0; r < n; r++) {
    let input: Float64Array = z;
    let offset = r * dims;
    for (let li = 0; li < depth; li++) {
      const l = w.layers[li];
      if (!l) break;
      denseLayer(l, input, offset, a, li === depth - 1);
      input = a;
      offset = 0;
      [a, b] = [b, a];
    }
    out[r] = input[0] ?? 0;
  }
  return out;
}

/**
 * One dense layer for one row: `out[u] = act(bias[u] + Σ_k in[k]·kernel[k][u])`, summed in k order. Four units
 * at a time because each sum is a serial chain of dependent adds (latency-bound); four independent chains
 * run about twice as fast and every chain keeps its order, so the result is unchanged bit for bit.
 */
function denseLayer(l: DenseLayer, input: Float64Array, offset: number, out: Float64Array, linear: boolean): void {
  const { kernel, bias, inputs, units } = l;
  const quads = units - (units % 4);
  let u = 0;
  for (; u < quads; u += 4) {
    let s0 = bias[u] ?? 0;
    let s1 = bias[u + 1] ?? 0;
    let s2 = bias[u + 2] ?? 0;
    let s3 = bias[u + 3] ?? 0;
    for (let k = 0; k < inputs; k++) {
      const x = input[offset + k] ?? 0;
      const c = k * units + u;
      s0 += x * (kernel[c] ?? 0);
      s1 += x * (kernel[c + 1] ?? 0);
      s2 += x * (kernel[c + 2] ?? 0);
      s3 += x * (kernel[c + 3] ?? 0);
    }
    out[u] = linear || s0 > 0 ? s0 : 0;
    out[u + 1] = linear || s1 > 0 ? s1 : 0;
    out[u + 2] = linear || s2 > 0 ? s2 : 0;
    out[u + 3] = linear || s3 > 0 ? s3 : 0;
  }
  for (; u < units; u++) {
    let s = bias[u] ?? 0;
    for (let k = 0; k < inputs; k++) s += (input[offset + k] ?? 0) * (kernel[k * units + u] ?? 0);
    out[u] = linear || s > 0 ? s : 0;
  }
}

export const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));
