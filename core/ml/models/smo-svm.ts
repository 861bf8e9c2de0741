/**
 * An exact RBF-kernel SVM by SMO with LIBSVM's second-order working-set selection (Fan, Chen & Lin, 2005).
 * Not served: it is the reference the random-Fourier SVM is benchmarked and tested against.
 */
export interface KernelSvm {
  readonly dims: number;
  readonly gamma: number;
  /** Support vectors, row-major, and their α_i·y_i. */
  readonly sv: Float64Array;
  readonly coef: Float64Array;
  readonly rho: number;
  readonly iterations: number;
}

const rbf = (a: Float64Array, ia: number, b: Float64Array, ib: number, dims: number, gamma: number): number => {
  let d = 0;
  for (let j = 0; j < dims; j++) {
    const t = (a[ia + j] ?? 0) - (b[ib + j] ?? 0);
    d += t * t;
  }
  return Math.exp(-gamma * d);
};

/** Trains C-SVC with an RBF kernel; `c0`/`c1` are the box constraints of class 0/1. */
export function trainSmo(z: Float64Array, y01: Uint8Array, n: number, dims: number, gamma: number, c0: number, c1: number, eps = 1e-3, maxIter = 200_000): KernelSvm {
  const y = Int8Array.from(y01.subarray(0, n), (v) => (v === 1 ? 1 : -1));
  const C = (t: number): number => ((y[t] ?? 1) === 1 ? c1 : c0);
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1);
  const cache = new Map<number, Float64Array>();
  const row = (i: number): Float64Array => {
    const hit = cache.get(i);
    if (hit) {
      cache.delete(i);
      cache.set(i, hit);
      return hit;
    }
    const q = new Float64Array(n);
    for (let t = 0; t < n; t++) q[t] = (y[i] ?? 1) * (y[t] ?? 1) * rbf(z, i * dims, z, t * dims, dims, gamma);
    if (cache.size >= 512) cache.delete(cache.keys().next().value ?? i);
    cache.set(i, q);
    return q;
  };
  const tau = 1e-12;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let gmax = Number.NEGATIVE_INFINITY;
    let i = -1;
    for (let t = 0; t < n; t++) {
      const v = (y[t] ?? 1) === 1 ? (alpha[t] ?? 0) < C(t) ? -(G[t] ?? 0) : Number.NEGATIVE_INFINITY : (alpha[t] ?? 0) > 0 ? (G[t] ?? 0) : Number.NEGATIVE_INFINITY;
      if (v >= gmax && v > Number.NEGATIVE_INFINITY) { gmax = v; i = t; }
    }
    if (i < 0) break;
    const qi = row(i);
    const yi = y[i] ?? 1;
    let gmax2 = Number.NEGATIVE_INFINITY;
    let objMin = Number.POSITIVE_INFINITY;
    let j = -1;
    for (let t = 0; t < n; t++) {
      const yt = y[t] ?? 1;
      const at = alpha[t] ?? 0;
      const gt = G[t] ?? 0;
      if (yt === 1 ? at <= 0 : at >= C(t)) continue;
      const gradDiff = yt === 1 ? gmax + gt : gmax - gt;
      gmax2 = Math.max(gmax2, yt === 1 ? gt : -gt);
      if (gradDiff <= 0) continue;
      const quad = 2 - 2 * yi * yt * (qi[t] ?? 0); // ‖φ_i − φ_t‖² = 2 − 2K_it
      const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : tau);
      if (obj <= objMin) { objMin = obj; j = t; }
    }
    if (gmax + gmax2 < eps || j < 0) break;
    const qj = row(j);
    const ai = alpha[i] ?? 0;
    const aj = alpha[j] ?? 0;
    const [ci, cj] = [C(i), C(j)];
    let ni = ai;
    let nj = aj;
    if (yi !== (y[j] ?? 1)) {
      const quad = Math.max(2 + 2 * (qi[j] ?? 0), tau);
      const delta = (-(G[i] ?? 0) - (G[j] ?? 0)) / quad;
      const diff = ai - aj;
      ni += delta;
      nj += delta;
      if (diff > 0) { if (nj < 0) { nj = 0; ni = diff; } } else if (ni < 0) { ni = 0; nj = -diff; }
      if (diff > ci - cj) { if (ni > ci) { ni = ci; nj = ci - diff; } } else if (nj > cj) { nj = cj; ni = cj + diff; }
    } else {
      const quad = Math.max(2 - 2 * (qi[j] ?? 0), tau);
      const delta = ((G[i] ?? 0) - (G[j] ?? 0)) / quad;
      const sum = ai + aj;
      ni -= delta;
      nj += delta;
      if (sum > ci) { if (ni > ci) { ni = ci; nj = sum - ci; } } else if (nj < 0) { nj = 0; ni = sum; }
      if (sum > cj) { if (nj > cj) { nj = cj; ni = sum - cj; } } else if (ni < 0) { ni = 0; nj = sum; }
    }
    alpha[i] = ni;
    alpha[j] = nj;
    const di = ni - ai;
    const dj = nj - aj;
    for (let t = 0; t < n; t++) G[t] = (G[t] ?? 0) + (qi[t] ?? 0) * di + (qj[t] ?? 0) * dj;
  }
  return finish(z, y, alpha, G, n, dims, gamma, C, iter);
}

function finish(z: Float64Array, y: Int8Array, alpha: Float64Array, G: Float64Array, n: number, dims: number, gamma: number, C: (t: number) => number, iterations: number): KernelSvm {
  let ub = Number.POSITIVE_INFINITY;
  let lb = Number.NEGATIVE_INFINITY;
  let sumFree = 0;
  let nFree = 0;
  const svIdx: number[] = [];
  for (let t = 0; t < n; t++) {
    const yt = y[t] ?? 1;
    const at = alpha[t] ?? 0;
    const yg = yt * (G[t] ?? 0);
    if (at > 0) svIdx.push(t);
    if (at >= C(t)) { if (yt === -1) ub = Math.min(ub, yg); else lb = Math.max(lb, yg); }
    else if (at <= 0) { if (yt === 1) ub = Math.min(ub, yg); else lb = Math.max(lb, yg); }
    else { sumFree += yg; nFree++; }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  const sv = new Float64Array(svIdx.length * dims);
  const coef = new Float64Array(svIdx.length);
  svIdx.forEach((t, k) => {
    sv.set(z.subarray(t * dims, (t + 1) * dims), k * dims);
    coef[k] = (alpha[t] ?? 0) * (y[t] ?? 1);
  });
  return { dims, gamma, sv, coef, rho, iterations };
}

/** Decision values Σ α_i y_i K(x_i, x) − ρ of `n` rows. */
export function smoDecision(m: KernelSvm, z: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = -m.rho;
    for (let k = 0; k < m.coef.length; k++) s += (m.coef[k] ?? 0) * rbf(m.sv, k * m.dims, z, r * m.dims, m.dims, m.gamma);
    out[r] = s;
  }
  return out;
}
