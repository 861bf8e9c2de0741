import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFloat64, encodeFloat64 } from './float64-blob.js';

describe('float64 blob', () => {
  it('round-trips any vector bit for bit, NaN and -0 included', () => {
    fc.assert(
      fc.property(fc.float64Array({ maxLength: 64 }), (values) => {
        const back = decodeFloat64(encodeFloat64(values), values.length);
        expect(back).toBeDefined();
        values.forEach((v, i) => expect(Object.is(back?.[i], v)).toBe(true));
      }),
    );
  });

  it('writes little-endian bytes whatever the host', () => {
    expect([...encodeFloat64(new Float64Array([1]))]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  });

  it('decodes from a blob that is not 8-byte aligned in its buffer', () => {
    const backing = new Uint8Array(17);
    backing.set(encodeFloat64(new Float64Array([2.5, -7])), 1);
    expect([...(decodeFloat64(backing.subarray(1), 2) ?? [])]).toEqual([2.5, -7]);
  });

  it('refuses a blob shorter or longer than the recorded dimension count', () => {
    const blob = encodeFloat64(new Float64Array([1, 2, 3]));
    expect(decodeFloat64(blob.subarray(0, 20), 3)).toBeUndefined();
    expect(decodeFloat64(blob, 2)).toBeUndefined();
    expect(decodeFloat64(blob, -1)).toBeUndefined();
    expect(decodeFloat64(blob, 1.5)).toBeUndefined();
  });
});
