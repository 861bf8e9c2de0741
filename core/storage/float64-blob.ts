/** Bytes per stored float64. */
export const FLOAT64_BYTES = 8;

/** Encodes a vector as little-endian float64s, whatever the host's byte order, so files move between machines. */
export function encodeFloat64(values: Float64Array): Buffer {
  const out = Buffer.allocUnsafe(values.length * FLOAT64_BYTES);
  for (let i = 0; i < values.length; i++) out.writeDoubleLE(values[i] ?? Number.NaN, i * FLOAT64_BYTES);
  return out;
}

/**
 * Decodes {@link encodeFloat64}'s output. Returns undefined when the blob is not exactly `dims` floats
 * long, so a truncated or corrupt blob is reported instead of decoded into a wrong vector.
 */
export function decodeFloat64(blob: Uint8Array, dims: number): Float64Array | undefined {
  if (!Number.isSafeInteger(dims) || dims < 0 || blob.byteLength !== dims * FLOAT64_BYTES) return undefined;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const values = new Float64Array(dims);
  for (let i = 0; i < dims; i++) values[i] = view.getFloat64(i * FLOAT64_BYTES, true);
  return values;
}
