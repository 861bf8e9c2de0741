import { describe, expect, it } from 'vitest';
import { mlpLogits, sigmoid } from './mlp-forward.js';
import { balancedClassWeights, DEFAULT_MLP_CONFIG, trainMlp, type FoldData } from './mlp-train.js';
import { seededNormal } from '../../util/seeded-random.js';
import { tfRuntime } from './tf-backend.js';
import { syntheticSet } from './testing/synthetic.js';

const dims = 6;
const fold = (from: number, to: number): FoldData => {
  const s = syntheticSet(1200, dims, 7);
  return { z: s.x.slice(from * dims, to * dims), y: s.y.slice(from, to), n: to - from };
};
const cfg = { ...DEFAULT_MLP_CONFIG, maxEpochs: 8, patience: 3 };

describe('MLP training and the typed-array forward pass', () => {
  it('runs on the wasm backend from the installed package', async () => {
    const t = await tfRuntime();
    expect(t.wasmError).toBeUndefined();
    expect(t.backend).toBe('wasm');
    expect(t.tf.getBackend()).toBe('wasm');
  });

  it('gives bit-identical weights when trained twice with the same seed, different with another seed', async () => {
    const t = await tfRuntime();
    const a = await trainMlp(t, fold(0, 1000), fold(1000, 1200), dims, 11, cfg);
    const b = await trainMlp(t, fold(0, 1000), fold(1000, 1200), dims, 11, cfg);
    const c = await trainMlp(t, fold(0, 1000), fold(1000, 1200), dims, 12, cfg);
    for (const r of [a, b, c]) r.model.dispose();
    expect(a.epochs).toBe(b.epochs);
    a.weights.layers.forEach((l, i) => {
      expect(Buffer.from(l.kernel.buffer).equals(Buffer.from(b.weights.layers[i]?.kernel.buffer ?? new ArrayBuffer(0)))).toBe(true);
      expect(Buffer.from(l.bias.buffer).equals(Buffer.from(b.weights.layers[i]?.bias.buffer ?? new ArrayBuffer(0)))).toBe(true);
    });
    expect(Buffer.from(a.weights.layers[0]?.kernel.buffer ?? new ArrayBuffer(0)).equals(Buffer.from(c.weights.layers[0]?.kernel.buffer ?? new ArrayBuffer(0)))).toBe(false);
  });

  it('forward pass equals tfjs model.predict within 1e-6 on random inputs', async () => {
    const t = await tfRuntime();
    const r = await trainMlp(t, fold(0, 1000), fold(1000, 1200), dims, 3, cfg);
    const normal = seededNormal(99);
    const n = 500;
    const z = Float64Array.from({ length: n * dims }, () => 3 * normal());
    const ours = mlpLogits(r.weights, z, n);
    const out = r.model.predict(t.tf.tensor2d(Float32Array.from(z), [n, dims]));
    const theirs = Array.isArray(out) ? [] : Array.from(out.dataSync());
    r.model.dispose();
    expect(theirs).toHaveLength(n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(sigmoid(ours[i] ?? 0) - sigmoid(theirs[i] ?? 0)));
    expect(worst).toBeLessThan(1e-6);
    expect(r.weights.layers.map((l) => l.units)).toEqual([32, 16, 1]);
  });

  it('weights the minority class up so each class carries half the loss', () => {
    const w = balancedClassWeights(Uint8Array.from([1, 0, 0, 0]), 4);
    expect(w.w1).toBe(2);
    expect(w.w0).toBeCloseTo(4 / 6, 12);
    expect(balancedClassWeights(new Uint8Array(3), 3)).toEqual({ w0: 0.5, w1: 1 });
  });
});
