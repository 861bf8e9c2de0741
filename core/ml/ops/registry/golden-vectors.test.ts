import { describe, expect, it } from 'vitest';
import { ok } from '../../../util/result.js';
import type { TrainedEnsemble } from '../../models/ensemble-types.js';
import { checkGoldenVectors, GOLDEN_FILE, goldenJson, makeGoldenVectors, readGoldenVectors } from './golden-vectors.js';
import { checkMetricGates, gateRefusal } from './metric-gates.js';
import { testManifestMeta } from '../../artifact/testing/manifest-meta.js';
import type { Manifest } from '../../artifact/manifest.js';

/** A two-column model: p = sigmoid(a + 2b), NaN read as 0. */
const model = (shift = 0): TrainedEnsemble => {
  const p = (a: number, b: number): number => 1 / (1 + Math.exp(-((Number.isNaN(a) ? 0 : a) + 2 * (Number.isNaN(b) ? 0 : b)))) + shift;
  return {
    dims: 2,
    predictProba: (rows, n) => Float64Array.from({ length: n }, (_, i) => p(rows[2 * i] as number, rows[2 * i + 1] as number)),
    memberScores: (_r, n) => ({ nn: new Float64Array(n), svm: new Float64Array(n) }),
    explain: (row) => ({ probability: p(row[0] as number, row[1] as number), nnProbability: 0.5, svmProbability: 0.5, support: 1 }),
    toArtifact: () => new Map(),
  };
};
const rows = Float64Array.from({ length: 200 }, (_, i) => (i === 7 ? Number.NaN : Math.sin(i)));

describe('golden vectors', () => {
  it('keeps evenly spaced training rows (NaN as null) with the outputs, and a faithful copy reproduces them', () => {
    const g = makeGoldenVectors(model(), rows, 100);
    expect(g.inputs).toHaveLength(32);
    expect(g.inputs[0]).toEqual([0, Math.sin(1)]);
    const files = new Map([[GOLDEN_FILE, new TextEncoder().encode(goldenJson(g))]]);
    const read = readGoldenVectors(files, 'model m');
    expect(read).toEqual(ok(g));
    if (!read.ok) return;
    expect(checkGoldenVectors(model(), read.value, 'model m')).toEqual(ok({ maxError: 0, worstIndex: 0, vectors: 32 }));
  });

  it('refuses a model off by more than the tolerance, naming the vector and the error', () => {
    const g = makeGoldenVectors(model(), rows, 100);
    const r = checkGoldenVectors(model(2e-5), g, 'model m');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^model m: golden vector \d+ gives .* \(off by 2\.00e-5, tolerance 1e-5\)/);
    expect(checkGoldenVectors(model(5e-6), g, 'model m').ok).toBe(true);
    expect(checkGoldenVectors({ ...model(), dims: 3 }, g, 'model m')).toEqual({ ok: false, error: 'model m: golden vectors have 2 columns but the model takes 3' });
    expect(() => makeGoldenVectors(model(), rows, 0)).toThrow(RangeError);
  });

  it('says what is wrong with a missing, broken or inconsistent golden file', () => {
    const enc = (s: string): Map<string, Uint8Array> => new Map([[GOLDEN_FILE, new TextEncoder().encode(s)]]);
    expect(readGoldenVectors(new Map(), 'm')).toEqual({ ok: false, error: expect.stringContaining('has no golden.json') as string });
    expect(readGoldenVectors(enc('{'), 'm')).toEqual({ ok: false, error: expect.stringContaining('not valid JSON') as string });
    expect(readGoldenVectors(enc('{"format":"golden-vectors/1"}'), 'm')).toEqual({ ok: false, error: expect.stringContaining('malformed') as string });
    expect(readGoldenVectors(enc(JSON.stringify({ format: 'golden-vectors/1', dims: 2, inputs: [[1, 2]], outputs: [] })), 'm'))
      .toEqual({ ok: false, error: 'm: golden.json has 1 inputs of 2 columns but 0 outputs' });
  });
});

describe('metric gates', () => {
  const withMetrics = (auc: number, brier: number): Manifest => ({
    format: 'breakout-model/1', ...testManifestMeta(), files: [{ name: 'a', bytes: 1, sha256: '0'.repeat(64) }],
    metrics: { 'later.ensemble.auc': { value: auc, low: null, high: null }, 'later.ensemble.brier': { value: brier, low: null, high: null }, 'later.baseline.auc': { value: 0.5, low: null, high: null } },
  });

  it('passes a candidate within the tolerances and refuses one worse on AUC or Brier', () => {
    const champion = withMetrics(0.6, 0.2);
    expect(checkMetricGates(withMetrics(0.59, 0.205), champion).every((g) => g.passed)).toBe(true);
    const worse = checkMetricGates(withMetrics(0.55, 0.25), champion);
    expect(worse.map((g) => [g.metric, g.passed])).toEqual([['later.ensemble.auc', false], ['later.ensemble.brier', false]]);
    expect(gateRefusal('v2', 'v1', worse)).toContain('worse than champion v1 on later.ensemble.auc 0.5500 vs 0.6000');
    expect(gateRefusal('v2', 'v1', [])).toBeUndefined();
  });
});
