import { describe, expect, it } from 'vitest';
import type { EnsembleParts } from './ensemble-parts.js';
import { mlpLogits, type DenseLayer, type MlpWeights } from './mlp-forward.js';
import { rffDecision, rffFeatures, rffMap, type RffSvm } from './rff-svm.js';
import { seededNormal, seededUniform } from '../../util/seeded-random.js';
import { servedEnsemble } from './served-ensemble.js';

// The serving loops interleave independent sums for speed; these references are the plain one-sum-at-a-time
// loops they replaced. Equality is asserted bit for bit (Object.is on every value), not within a tolerance.

function referenceRff(m: RffSvm, z: Float64Array, n: number): Float64Array {
  const phi = new Float64Array(m.features + 1);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    rffFeatures(m, z, r, phi);
    let s = 0;
    for (let f = 0; f <= m.features; f++) s += (m.w[f] ?? 0) * (phi[f] ?? 0);
    out[r] = s;
  }
  return out;
}

function referenceMlp(w: MlpWeights, z: Float64Array, n: number): Float64Array {
  const dims = w.layers[0]?.inputs ?? 0;
  return Float64Array.from({ length: n }, (_, r) => {
    let input = Array.from(z.subarray(r * dims, (r + 1) * dims));
    w.layers.forEach((l, li) => {
      input = Array.from({ length: l.units }, (_u, u) => {
        let s = l.bias[u] ?? 0;
        for (let k = 0; k < l.inputs; k++) s += (input[k] ?? 0) * (l.kernel[k * l.units + u] ?? 0);
        return li === w.layers.length - 1 || s > 0 ? s : 0;
      });
    });
    return input[0] ?? 0;
  });
}

function randomSvm(dims: number, features: number, seed: number): RffSvm {
  const normal = seededNormal(seed + 7);
  return { ...rffMap(dims, features, 1 / dims, seed), dims, features, gamma: 1 / dims, w: Float64Array.from({ length: features + 1 }, () => normal()) };
}

function randomMlp(sizes: readonly number[], seed: number): MlpWeights {
  const normal = seededNormal(seed);
  const layers: DenseLayer[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const inputs = sizes[i - 1] ?? 0;
    const units = sizes[i] ?? 0;
    layers.push({ inputs, units, kernel: Float32Array.from({ length: inputs * units }, () => normal() / Math.sqrt(inputs)), bias: Float32Array.from({ length: units }, () => 0.1 * normal()) });
  }
  return { layers };
}

function randomRows(n: number, dims: number, seed: number): Float64Array {
  const normal = seededNormal(seed);
  return Float64Array.from({ length: n * dims }, () => 2 * normal());
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('batch scoring equals the one-sum-at-a-time loops bit for bit', () => {
  it('RFF decision values for feature counts that are and are not multiples of four', () => {
    for (const [dims, features] of [[17, 256], [3, 7], [5, 1], [1, 4]] as const) {
      const m = randomSvm(dims, features, dims * 100 + features);
      const z = randomRows(300, dims, features);
      expect(sameBits(rffDecision(m, z, 300), referenceRff(m, z, 300))).toBe(true);
    }
  });

  it('MLP logits for layer widths that are and are not multiples of four', () => {
    for (const sizes of [[17, 32, 16, 1], [6, 5, 3, 1], [2, 1]]) {
      const w = randomMlp(sizes, sizes.length * 13 + (sizes[1] ?? 0));
      const z = randomRows(300, sizes[0] ?? 0, 5);
      expect(sameBits(mlpLogits(w, z, 300), referenceMlp(w, z, 300))).toBe(true);
    }
  });

  it('writes into a caller-supplied output buffer and returns it', () => {
    const m = randomSvm(4, 8, 1);
    const w = randomMlp([4, 8, 1], 2);
    const z = randomRows(10, 4, 3);
    const svmOut = new Float64Array(10);
    const nnOut = new Float64Array(10);
    expect(rffDecision(m, z, 10, svmOut)).toBe(svmOut);
    expect(mlpLogits(w, z, 10, nnOut)).toBe(nnOut);
    expect(sameBits(svmOut, referenceRff(m, z, 10))).toBe(true);
    expect(sameBits(nnOut, referenceMlp(w, z, 10))).toBe(true);
  });

  it('the served batch (predictProba) equals the single-row path (explain) on every row, missing cells included', () => {
    const dims = 17;
    const uniform = seededUniform(4);
    const parts: EnsembleParts = {
      standardizer: { mean: Float64Array.from({ length: dims }, () => uniform() * 10 - 5), std: Float64Array.from({ length: dims }, () => 0.5 + uniform() * 3) },
      mlp: randomMlp([dims, 32, 16, 1], 8),
      svm: randomSvm(dims, 256, 9),
      stack: { weights: Float64Array.from([0.7, 0.4]), intercept: -0.3 },
      nnPlatt: { weights: Float64Array.from([0.9]), intercept: 0.1 },
      svmPlatt: { weights: Float64Array.from([1.1]), intercept: -0.2 },
      training: {},
    };
    const e = servedEnsemble(parts);
    const n = 400;
    const rows = randomRows(n, dims, 10).map((v) => v * 4);
    rows[3] = Number.NaN;
    rows[dims + 5] = Number.POSITIVE_INFINITY;
    const batch = e.predictProba(rows, n);
    const single = Float64Array.from({ length: n }, (_, r) => e.explain(rows.subarray(r * dims, (r + 1) * dims)).probability);
    expect(sameBits(batch, single)).toBe(true);
    expect(batch.every((p) => p > 0 && p < 1)).toBe(true);
  });
});
