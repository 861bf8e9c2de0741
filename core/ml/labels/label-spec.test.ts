import { describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import { assertValidLabelSpec, DEFAULT_LABEL_SPEC, labelSpecHash, labelSpecProblems, type LabelSpec } from './label-spec.js';

describe('label spec', () => {
  it('accepts the default, which pins the current feature schema', () => {
    expect(labelSpecProblems(DEFAULT_LABEL_SPEC)).toEqual([]);
    expect(DEFAULT_LABEL_SPEC.featureSchemaHash).toBe(FEATURE_SCHEMA_HASH);
  });

  it('hashes equal specs equally whatever the key order, and moves the hash with every field', () => {
    const reordered = Object.fromEntries(Object.entries(DEFAULT_LABEL_SPEC).reverse()) as unknown as LabelSpec;
    expect(labelSpecHash(reordered)).toBe(labelSpecHash(DEFAULT_LABEL_SPEC));
    const changes: Partial<LabelSpec>[] = [
      { version: 2 }, { featureSchemaHash: 'other' }, { atrPeriod: 10 }, { minBreakoutAtr: 0.5 },
      { minRelativeVolume: 2 }, { targetAtr: 3 }, { stopAtr: 1.5 }, { horizonBars: 20 },
    ];
    const hashes = new Set(changes.map((c) => labelSpecHash({ ...DEFAULT_LABEL_SPEC, ...c })));
    expect(hashes.size).toBe(changes.length);
    expect(hashes.has(labelSpecHash(DEFAULT_LABEL_SPEC))).toBe(false);
  });

  it('lists every unusable parameter', () => {
    const bad: LabelSpec = { ...DEFAULT_LABEL_SPEC, atrPeriod: 0, horizonBars: 1.5, minBreakoutAtr: -1, minRelativeVolume: Number.NaN, targetAtr: 0, stopAtr: Number.POSITIVE_INFINITY, featureSchemaHash: '' };
    expect(labelSpecProblems(bad)).toHaveLength(7);
    expect(() => assertValidLabelSpec(bad)).toThrow(/atrPeriod must be a positive integer, got 0/);
    expect(() => assertValidLabelSpec(DEFAULT_LABEL_SPEC)).not.toThrow();
  });
});
