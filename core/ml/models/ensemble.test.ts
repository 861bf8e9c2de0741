import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FOLD, loadEnsemble, trainEnsemble, type ArtifactFiles, type TrainedEnsemble } from './ensemble-types.js';
import { defaultFolds } from './ensemble.js';
import { ece } from './testing/ece.js';
import { syntheticSet } from './testing/synthetic.js';

const dims = 5;
const data = syntheticSet(1500, dims, 31);
const fresh = syntheticSet(2000, dims, 32);
const hashes = (files: ArtifactFiles): Record<string, string> =>
  Object.fromEntries([...files].map(([name, bytes]) => [name, createHash('sha256').update(bytes).digest('hex')]));

function auc(p: Float64Array, y: Uint8Array): number {
  const order = Array.from(p.keys()).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  let pos = 0;
  let rankSum = 0;
  order.forEach((i, r) => { if (y[i] === 1) { pos++; rankSum += r + 1; } });
  const neg = y.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

let first: Promise<TrainedEnsemble> | undefined;
const trained = (): Promise<TrainedEnsemble> => (first ??= trainEnsemble(data.x, data.y, data.n, dims, { seed: 42 }));

describe('trainEnsemble / loadEnsemble', () => {
  it('ranks and calibrates fresh synthetic rows: AUC well above chance, ECE small', async () => {
    const e = await trained();
    const p = e.predictProba(fresh.x, fresh.n);
    expect(auc(p, fresh.y)).toBeGreaterThan(0.75);
    expect(ece(p, fresh.y)).toBeLessThan(0.05);
    const s = e.memberScores(fresh.x, fresh.n);
    expect(auc(s.nn, fresh.y)).toBeGreaterThan(0.7);
    expect(auc(s.svm, fresh.y)).toBeGreaterThan(0.7);
  });

  it('gives the same sha256 for every artifact file when trained twice with the same seed', async () => {
    const a = hashes((await trained()).toArtifact());
    const b = hashes((await trainEnsemble(data.x, data.y, data.n, dims, { seed: 42 })).toArtifact());
    expect(Object.keys(a).sort()).toEqual(['calibrator.json', 'nn.json', 'standardizer.json', 'svm.bin', 'svm.json', 'training.json', 'weights.bin']);
    expect(b).toEqual(a);
  });

  it('loads its own artifact into an ensemble that predicts bit-identically', async () => {
    const e = await trained();
    const loaded = loadEnsemble(e.toArtifact());
    if (!loaded.ok) throw new Error(loaded.error);
    expect(Buffer.from(loaded.value.predictProba(fresh.x, 50).buffer)).toEqual(Buffer.from(e.predictProba(fresh.x, 50).buffer));
    const one = loaded.value.explain(fresh.x.subarray(0, dims));
    expect(one.probability).toBe(e.predictProba(fresh.x, 1)[0]);
    for (const v of [one.nnProbability, one.svmProbability, one.support]) expect(v).toBeGreaterThan(0);
  });

  it('sizes the SVM by svmFeatures', async () => {
    const e = await trainEnsemble(data.x, data.y, data.n, dims, { seed: 3, svmFeatures: 16 });
    expect(new TextDecoder().decode(e.toArtifact().get('svm.json'))).toContain('"features":16');
  });

  it('refuses a missing file, a truncated weight file, a non-finite weight and malformed JSON, with the reason', async () => {
    const files = (await trained()).toArtifact();
    const without = new Map(files);
    without.delete('svm.bin');
    const refuse = (f: ArtifactFiles): string => { const r = loadEnsemble(f); return r.ok ? 'loaded' : r.error; };
    expect(refuse(without)).toBe('missing file svm.bin');
    const w = files.get('weights.bin') ?? new Uint8Array();
    expect(refuse(new Map([...files, ['weights.bin', w.subarray(0, w.length - 8)]]))).toMatch(/^weights\.bin has \d+ bytes/);
    const nan = Uint8Array.from(w);
    new DataView(nan.buffer).setFloat64(16, Number.NaN, true);
    expect(refuse(new Map([...files, ['weights.bin', nan]]))).toBe('weights.bin holds a non-finite value at index 2');
    expect(refuse(new Map([...files, ['calibrator.json', new TextEncoder().encode('{"format":1')]]))).toMatch(/^calibrator\.json is not valid UTF-8 JSON/);
    expect(refuse(new Map([...files, ['svm.json', new TextEncoder().encode('{"format":1,"kind":"linear"}')]]))).toMatch(/^svm\.json is malformed: kind/);
  });

  it('rejects malformed training input and a fold with one class', async () => {
    await expect(trainEnsemble(data.x, data.y, data.n, dims + 1, { seed: 1 })).rejects.toThrow(/x has 7500 values/);
    await expect(trainEnsemble(data.x, Uint8Array.from(data.y, () => 2), data.n, dims, { seed: 1 })).rejects.toThrow(/label at row 0 is 2/);
    const folds = Uint8Array.from(defaultFolds(data.n), (f, i) => (f === FOLD.calibration && data.y[i] === 1 ? 9 : f));
    await expect(trainEnsemble(data.x, data.y, data.n, dims, { seed: 1, folds })).rejects.toThrow(/calibration fold needs both/);
  });
});
