/**
 * mulberry32: a tiny 32-bit generator. Good enough for weight initialisation, shuffles, Fourier features,
 * bootstrap resampling and replayable crash tests, and every run with the same seed draws the same numbers
 * on any machine (which Math.random cannot). The simulator uses pure-rand's xoroshiro128+ instead, for its
 * longer period over millions of bars.
 */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => {
    const u1 = 1 - u(); // (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
  };
}

/** Fisher–Yates permutation of 0..n-1 driven by `uniform`. */
export function seededPermutation(n: number, uniform: () => number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = p[i] ?? 0;
    p[i] = p[j] ?? 0;
    p[j] = t;
  }
  return p;
}

/** Derives an independent sub-seed for a named stage, so adding a stage does not shift the others' draws. */
export function subSeed(seed: number, stage: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stage + 1, 0xc2b2ae35)) >>> 0;
}
