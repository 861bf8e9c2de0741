import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCopy } from './json-copy.js';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v) as string);

describe('jsonCopy gives what a JSON round trip gives', () => {
  it('for any value fast-check makes: same structure, same numbers (-0 as 0, NaN and Infinity as null), same key order', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withDate: true, maxDepth: 4 }), (v) => {
        let expected: unknown;
        try {
          expected = roundTrip(v);
        } catch (e) {
          expect(() => jsonCopy(v)).toThrow((e as Error).constructor as ErrorConstructor);
          return;
        }
        const got = jsonCopy(v);
        expect(got).toEqual(expected);
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('for the cases that matter to a stored proposal, spelled out', () => {
    const v = { b: 1, a: [1, undefined, Number.NaN, -0, Number.POSITIVE_INFINITY], gone: undefined, f: () => 1, 2: 'two', 1: 'one', nested: { z: -0, y: [[]] } };
    expect(jsonCopy(v)).toEqual({ 1: 'one', 2: 'two', b: 1, a: [1, null, null, 0, null], nested: { z: 0, y: [[]] } });
    expect(Object.keys(jsonCopy(v))).toEqual(Object.keys(roundTrip(v) as object));
    expect(Object.is((jsonCopy(v) as { nested: { z: number } }).nested.z, 0)).toBe(true);
  });

  it('hands what plain copying cannot do to JSON itself: toJSON, class instances, a __proto__ key, deep nesting, and throws where JSON throws', () => {
    const date = new Date(Date.UTC(2024, 0, 2));
    expect(jsonCopy({ at: date })).toEqual({ at: '2024-01-02T00:00:00.000Z' });
    expect(jsonCopy({ m: new Map([[1, 2]]) })).toEqual({ m: {} });
    const proto = JSON.parse('{"__proto__": {"x": 1}}') as object;
    expect(Object.getOwnPropertyNames(jsonCopy(proto))).toEqual(['__proto__']);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(jsonCopy(deep)).toEqual(deep);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => jsonCopy(cyclic)).toThrow(TypeError);
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
    expect(() => jsonCopy(undefined)).toThrow(SyntaxError);
  });
});
