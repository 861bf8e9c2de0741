import { describe, expect, it } from 'vitest';
import { SeededRandom, streamSeed } from './seeded-random.js';

function moments(draw: () => number, n: number): { mean: number; variance: number; kurtosis: number } {
  const xs = Array.from({ length: n }, draw);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const kurtosis = xs.reduce((a, b) => a + (b - mean) ** 4, 0) / n / variance ** 2 - 3;
  return { mean, variance, kurtosis };
}

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    const c = new SeededRandom(10);
    const seqA = Array.from({ length: 20 }, () => a.normal());
    expect(Array.from({ length: 20 }, () => b.normal())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.normal())).not.toEqual(seqA);
  });

  it('gives each stream name its own seed', () => {
    expect(streamSeed(1, 'ACME')).toBe(streamSeed(1, 'ACME'));
    expect(streamSeed(1, 'ACME')).not.toBe(streamSeed(1, 'BOLT'));
    expect(streamSeed(1, 'ACME')).not.toBe(streamSeed(2, 'ACME'));
    expect(streamSeed(1, 'ACME')).not.toBe(streamSeed(1 + 2 ** 32, 'ACME'));
  });

  it('draws integers within bounds, both ends reachable', () => {
    const r = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(Array.from({ length: 200 }, () => r.between(2, 3)).every((x) => x >= 2 && x < 3)).toBe(true);
    expect(Array.from({ length: 200 }, () => r.sign()).every((x) => x === 1 || x === -1)).toBe(true);
  });

  it('draws a standard normal', () => {
    const r = new SeededRandom(2);
    const m = moments(() => r.normal(), 50_000);
    expect(Math.abs(m.mean)).toBeLessThan(0.02);
    expect(m.variance).toBeCloseTo(1, 1);
    expect(Math.abs(m.kurtosis)).toBeLessThan(0.15);
  });

  it('draws a unit-variance fat-tailed shock', () => {
    const r = new SeededRandom(3);
    const m = moments(() => r.fatTailed(), 100_000);
    expect(Math.abs(m.mean)).toBeLessThan(0.02);
    expect(m.variance).toBeGreaterThan(0.85);
    expect(m.variance).toBeLessThan(1.15);
    expect(m.kurtosis).toBeGreaterThan(2);
  });
});
