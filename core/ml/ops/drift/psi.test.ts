import { describe, expect, it } from 'vitest';
import { binOf, binShares, psi, PSI_FLOOR, referenceHistogram } from './psi.js';
import { makeDriftReference, readDriftReference, REFERENCE_FILE, driftReferenceJson } from './drift-reference.js';

describe('population stability index', () => {
  it('bins values by cut points with NaN in its own last bin', () => {
    const cuts = [1, 2, 3];
    expect([0.5, 1, 1.5, 3, 9, Number.NaN].map((x) => binOf(cuts, x))).toEqual([0, 0, 1, 2, 3, 4]);
    expect(binShares(cuts, [0, 2.5, Number.NaN, 10])).toEqual([0.25, 0, 0.25, 0.25, 0.25]);
  });

  it('cuts a reference at quantiles and merges tied cuts, so a two-valued column has few bins', () => {
    const h = referenceHistogram(Array.from({ length: 100 }, (_, i) => i), 10);
    expect(h.cuts).toHaveLength(9);
    expect(h.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const twoValued = referenceHistogram(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? -1 : 1)));
    expect(twoValued.cuts).toEqual([-1, 1]);
    expect(referenceHistogram([Number.NaN, Number.NaN]).cuts).toEqual([]);
  });

  it('is 0 for the same distribution and grows as the live one moves away', () => {
    const ref = referenceHistogram(Array.from({ length: 1000 }, (_, i) => i / 1000));
    const shifted = (d: number): number => psi(ref.shares, binShares(ref.cuts, Array.from({ length: 1000 }, (_, i) => i / 1000 + d)));
    expect(shifted(0)).toBeCloseTo(0, 10);
    expect(shifted(0.05)).toBeLessThan(shifted(0.2));
    expect(shifted(0.2)).toBeLessThan(shifted(2));
    // All mass beyond the last cut: bounded by the floor, not infinite.
    // ≈ 0.9·ln 10 + 9 · (floor − 0.1) · ln(floor / 0.1) with deciles of 0.1 each.
    expect(shifted(2)).toBeGreaterThan(8);
    expect(shifted(2)).toBeLessThan(0.9 * Math.log(10) + 9 * (PSI_FLOOR - 0.1) * Math.log(PSI_FLOOR / 0.1) + 0.1);
    expect(() => psi([1], [0.5, 0.5])).toThrow(RangeError);
  });

  it('stores the reference of every input and the score in the artifact and reads it back', () => {
    const rows = Float64Array.from({ length: 40 }, (_, i) => i);
    const ref = makeDriftReference(['a', 'b'], rows, 20, Array.from({ length: 20 }, (_, i) => i / 20));
    const files = new Map([[REFERENCE_FILE, new TextEncoder().encode(driftReferenceJson(ref))]]);
    expect(readDriftReference(files, 'model x')).toEqual({ ok: true, value: ref });
    expect(readDriftReference(new Map(), 'model x')).toEqual({ ok: false, error: expect.stringContaining('has no reference.json') as string });
    expect(readDriftReference(new Map([[REFERENCE_FILE, new TextEncoder().encode('{')]]), 'model x').ok).toBe(false);
    const bad = new Map([[REFERENCE_FILE, new TextEncoder().encode(JSON.stringify({ ...ref, inputNames: ['a'] }))]]);
    expect(readDriftReference(bad, 'model x')).toEqual({ ok: false, error: 'model x: reference.json has 2 histograms for 1 inputs' });
    expect(readDriftReference(new Map([[REFERENCE_FILE, new TextEncoder().encode('{"format":"x"}')]]), 'model x')).toEqual({ ok: false, error: expect.stringContaining('malformed') as string });
  });
});
