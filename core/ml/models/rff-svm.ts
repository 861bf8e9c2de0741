import { seededNormal, seededPermutation, seededUniform } from '../../util/seeded-random.js';

/**
 * An RBF-kernel SVM in random Fourier features: φ(x) = sqrt(2/D)·cos(Ωx + b) with Ω ~ N(0, 2γ) and
 * b ~ U[0, 2π), so φ(x)·φ(x') ≈ exp(-γ‖x − x'‖²) (Rahimi & Recht, 2007), and a linear SVM on φ. Picked over
 * an exact kernel SVM because serving must stay at ~100k predictions/s: a kernel SVM on this noisy data keeps
 * thousands of support vectors, each costing a kernel evaluation per prediction (see bench/svm.bench.ts).
 */
export interface RffSvm {
  readonly dims: number;
  readonly features: number;
  readonly gamma: number;
  /** Row-major [features × dims]. */
  readonly omega: Float64Array;
  readonly phase: Float64Array;
  /** One weight per Fourier feature, then the intercept. */
  readonly w: Float64Array;
}

export interface RffSvmConfig {
  readonly features: number;
  /** RBF width; 1/dims suits standardized inputs (LIBSVM's default for scaled data). */
  readonly gamma?: number;
  readonly c: number;
  readonly maxEpochs: number;
  /** Stop when the projected gradient's spread falls below this (LIBLINEAR's default 0.1). */
  readonly tolerance: number;
}

export const DEFAULT_RFF_CONFIG: RffSvmConfig = { features: 256, c: 1, maxEpochs: 200, tolerance: 0.1 };

/** Random Fourier map of an RBF kernel with width `gamma`, drawn from `seed`. */
export function rffMap(dims: number, features: number, gamma: number, seed: number): Pick<RffSvm, 'omega' | 'phase'> {
  const normal = seededNormal(seed);
  const uniform = seededUniform(seed + 1);
  const sd = Math.sqrt(2 * gamma);
  const omega = Float64Array.from({ length: features * dims }, () => sd * normal());
  const phase = Float64Array.from({ length: features }, () => 2 * Math.PI * uniform());
  return { omega, phase };
}

/** φ of row `r` of `z` into `out` (length features + 1; the last slot is the constant 1 of the intercept). */
export function rffFeatures(m: Pick<RffSvm, 'omega' | 'phase' | 'dims' | 'features'>, z: Float64Array, r: number, out: Float64Array): void {
  const { omega, phase, dims, features } = m;
  const scale = Math.sqrt(2 / features);
  const o = r * dims;
  for (let f = 0; f < features; f++) {
    let s = phase[f] ?? 0;
    const k = f * dims;
    for (let j = 0; j < dims; j++) s += (omega[k + j] ?? 0) * (z[o + j] ?? 0);
    out[f] = scale * Math.cos(s);
  }
  out[features] = 1;
}

/**
 * SVM decision values (positive = success side) of `n` standardized rows, written into `out` (allocated when
 * omitted). The hot loop of batch serving: the model's arrays are read into locals once per call, no
 * per-row allocation, and each row's sums run in exactly `rffFeatures`' order (phase, then Ω·z over the
 * columns; then Σ w·φ over the features, then the intercept), so the result is bit-for-bit the same.
 */
export function rffDecision(m: RffSvm, z: Float64Array, n: number, out = new Float64Array(n)): Float64Array {
  const { omega, phase, w, dims, features } = m;
  const scale = Math.sqrt(2 / features);
  const intercept = w[features] ?? 0;
  // Four features at a time: each projection is a serial chain of dependent adds (latency-bound), so four
  // independent chains keep the FPU busy; every chain still sums in column order.
  const quads = features - (features % 4);
  for (let r = 0; r < n; r++) {
    const o = r * dims;
    let s = 0;
    let f = 0;
    for (; f < quads; f += 4) {
      let a0 = phase[f] ?? 0;
      let a1 = phase[f + 1] ?? 0;
      let a2 = phase[f + 2] ?? 0;
      let a3 = phase[f + 3] ?? 0;
      const k0 = f * dims;
      const k1 = k0 + dims;
      const k2 = k1 + dims;
      const k3 = k2 + dims;
      for (let j = 0; j < dims; j++) {
        const x = z[o + j] ?? 0;
        a0 += (omega[k0 + j] ?? 0) * x;
        a1 += (omega[k1 + j] ?? 0) * x;
        a2 += (omega[k2 + j] ?? 0) * x;
        a3 += (omega[k3 + j] ?? 0) * x;
      }
      s += (w[f] ?? 0) * (scale * Math.cos(a0));
      s += (w[f + 1] ?? 0) * (scale * Math.cos(a1));
      s += (w[f + 2] ?? 0) * (scale * Math.cos(a2));
      s += (w[f + 3] ?? 0) * (scale * Math.cos(a3));
    }
    for (; f < features; f++) {
      let a = phase[f] ?? 0;
      const k = f * dims;
      for (let j = 0; j < dims; j++) a += (omega[k + j] ?? 0) * (z[o + j] ?? 0);
      s += (w[f] ?? 0) * (scale * Math.cos(a));
    }
    // φ's last slot is the constant 1: w·1 is exactly w.
    out[r] = s + intercept;
  }
  return out;
}

/**
 * Trains the linear SVM on φ by dual coordinate descent (L1 hinge loss, LIBLINEAR's solver, Hsieh et al.
 * 2008) with per-class box constraints C·w_c, the same balanced class weights as the NN. Sweep order comes
 * from `seed`, so training is deterministic.
 */
export function trainRffSvm(z: Float64Array, y: Uint8Array, n: number, dims: number, seed: number, cfg: RffSvmConfig = DEFAULT_RFF_CONFIG, weights = { w0: 1, w1: 1 }): RffSvm {
  const gamma = cfg.gamma ?? 1 / dims;
  const D = cfg.features;
  const map = { ...rffMap(dims, D, gamma, seed), dims, features: D };
  const width = D + 1;
  const phi = new Float64Array(n * width);
  const qii = new Float64Array(n);
  const row = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    rffFeatures(map, z, i, row);
    phi.set(row, i * width);
    let s = 0;
    for (let f = 0; f < width; f++) s += (row[f] ?? 0) * (row[f] ?? 0);
    qii[i] = s;
  }
  const w = new Float64Array(width);
  const alpha = new Float64Array(n);
  const uniform = seededUniform(seed + 2);
  for (let epoch = 0; epoch < cfg.maxEpochs; epoch++) {
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    for (const i of seededPermutation(n, uniform)) {
      const yi = y[i] === 1 ? 1 : -1;
      const upper = cfg.c * (yi === 1 ? weights.w1 : weights.w0);
      const o = i * width;
      let g = 0;
      for (let f = 0; f < width; f++) g += (w[f] ?? 0) * (phi[o + f] ?? 0);
      g = yi * g - 1;
      const a = alpha[i] ?? 0;
      const pg = a === 0 ? Math.min(g, 0) : a === upper ? Math.max(g, 0) : g;
      pgMax = Math.max(pgMax, pg);
      pgMin = Math.min(pgMin, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const next = Math.min(Math.max(a - g / (qii[i] ?? 1), 0), upper);
      alpha[i] = next;
      const step = (next - a) * yi;
      for (let f = 0; f < width; f++) w[f] = (w[f] ?? 0) + step * (phi[o + f] ?? 0);
    }
    if (pgMax - pgMin < cfg.tolerance) break;
  }
  return { ...map, gamma, w };
}
