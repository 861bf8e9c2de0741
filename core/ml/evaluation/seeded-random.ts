/**
 * A small seeded PRNG (mulberry32) for resampling: the evaluation must give the same confidence intervals
 * for the same seed on every machine, which Math.random cannot.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
