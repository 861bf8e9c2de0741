import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS, paramProblems, warmUpBars } from './feature-params.js';
import { buildFeatureSchema, canonicalJson, FEATURE_SCHEMA, FEATURE_SCHEMA_HASH, featureSchemaHash } from './feature-schema.js';
import { FEATURE_COUNT, FEATURE_NAMES, fromBreakoutFeatures, toBreakoutFeatures } from './feature-vector.js';

describe('feature schema', () => {
  it('pins the hash of the shipped schema, so any change to a definition, parameter or order is deliberate', () => {
    // Changing this value means every model trained on the old schema must be retrained or re-pinned.
    expect(FEATURE_SCHEMA_HASH).toBe('0746e9b981064fb1a7816080f075953f686045f39cc174f00a87f0755ac759b0');
  });

  it('hashes the same schema to the same value however it was built', () => {
    expect(featureSchemaHash(buildFeatureSchema({ ...DEFAULT_FEATURE_PARAMS }))).toBe(FEATURE_SCHEMA_HASH);
    const reordered = Object.fromEntries(Object.entries(DEFAULT_FEATURE_PARAMS).reverse()) as typeof DEFAULT_FEATURE_PARAMS;
    expect(featureSchemaHash(buildFeatureSchema(reordered))).toBe(FEATURE_SCHEMA_HASH);
  });

  it('changes the hash when any single parameter changes', () => {
    for (const key of Object.keys(DEFAULT_FEATURE_PARAMS) as (keyof typeof DEFAULT_FEATURE_PARAMS)[]) {
      const changed = { ...DEFAULT_FEATURE_PARAMS, [key]: DEFAULT_FEATURE_PARAMS[key] + 1 };
      expect(featureSchemaHash(buildFeatureSchema(changed)), key).not.toBe(FEATURE_SCHEMA_HASH);
    }
  });

  it('changes the hash when the version or a definition changes', () => {
    expect(featureSchemaHash({ ...FEATURE_SCHEMA, version: FEATURE_SCHEMA.version + 1 })).not.toBe(FEATURE_SCHEMA_HASH);
    const fields = FEATURE_SCHEMA.fields.map((f, i) => (i === 0 ? { ...f, definition: `${f.definition} ` } : f));
    expect(featureSchemaHash({ ...FEATURE_SCHEMA, fields })).not.toBe(FEATURE_SCHEMA_HASH);
  });

  it('lists every BreakoutFeatures leaf once, in vector order, each with a definition', () => {
    expect(FEATURE_SCHEMA.fields.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_COUNT);
    for (const f of FEATURE_SCHEMA.fields) expect(f.definition.length, f.name).toBeGreaterThan(30);
    const leaves = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(leaves(toBreakoutFeatures(new Float64Array(FEATURE_COUNT)))).toEqual([...FEATURE_NAMES]);
  });

  it('states the warm-up length: the longest look-back (SMA 50) for the defaults, ADX when it is longer', () => {
    expect(FEATURE_SCHEMA.warmUpBars).toBe(50);
    expect(warmUpBars({ ...DEFAULT_FEATURE_PARAMS, adxPeriod: 30 })).toBe(60);
  });

  it('refuses to build a schema from unusable parameters', () => {
    expect(() => buildFeatureSchema({ ...DEFAULT_FEATURE_PARAMS, smaLong: 2.5 })).toThrow(/smaLong must be a whole number/);
    expect(paramProblems({ ...DEFAULT_FEATURE_PARAMS, bollingerWidth: Number.NaN })).toEqual(['bollingerWidth must be a positive finite number, got NaN']);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }, 3], u: undefined })).toBe('{"a":[{"c":"x","d":2},3],"b":1}');
  });

  it('refuses a non-finite number rather than hashing it as null', () => {
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(/non-finite/);
  });
});

describe('feature vector', () => {
  it('round-trips between the flat vector and the nested BreakoutFeatures object', () => {
    const v = Float64Array.from({ length: FEATURE_COUNT }, (_, i) => i * 1.5);
    const f = toBreakoutFeatures(v);
    expect(f.technicalIndicators.bollingerBands.lower).toBe(6);
    expect(f.marketSentiment.impactScore).toBe(27);
    expect(fromBreakoutFeatures(f)).toEqual(v);
  });

  it('refuses a vector shorter than the schema', () => {
    expect(() => toBreakoutFeatures(new Float64Array(3))).toThrow(/has 3 slots, expected 19/);
  });
});
