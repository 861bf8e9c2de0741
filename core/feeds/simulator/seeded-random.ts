import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Mixes a seed with a stream name (e.g. a symbol) so each symbol gets its own stream: adding or removing a
 * symbol then leaves the other symbols' paths unchanged. FNV-1a over the name, then a murmur3 finaliser.
 */
export function streamSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(seed / 0x1_0000_0000) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The draws the simulator needs, on top of pure-rand's xoroshiro128+ (fast, well tested, seedable). */
export class SeededRandom {
  private readonly rng: RandomGenerator;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform in (0, 1): safe to take the log of. */
  uniformOpen(): number {
    for (;;) {
      const u = this.uniform();
      if (u > 0) return u;
    }
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.uniform() < probability;
  }

  sign(): 1 | -1 {
    return this.uniform() < 0.5 ? -1 : 1;
  }

  /** Standard normal (Box–Muller; the second value is kept for the next call). */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniformOpen()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * Student-t with 4 degrees of freedom scaled to unit variance: the fat-tailed shock of daily returns.
   * chi²(4) is -2·ln(U1·U2), so no rejection loop is needed.
   */
  fatTailed(): number {
    const chi2 = -2 * Math.log(this.uniformOpen() * this.uniformOpen());
    return (this.normal() / Math.sqrt(chi2 / 4)) * Math.SQRT1_2;
  }
}
