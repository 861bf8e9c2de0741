import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LagBuffer } from './lag-buffer.js';
import { RollingMax } from './rolling-max.js';
import { RollingWindowStats } from './rolling-window-stats.js';

describe('RollingMax', () => {
  it('equals a direct scan of the previous window for any series', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 200 }), fc.integer({ min: 1, max: 12 }), (xs, period) => {
        const m = new RollingMax(period);
        xs.forEach((x, i) => {
          if (i >= period) expect(m.max()).toBe(Math.max(...xs.slice(i - period, i)));
          expect(m.full).toBe(i >= period);
          m.push(x);
        });
      }),
    );
  });
});

describe('RollingWindowStats', () => {
  it('keeps the mean of a million noisy prices within 1e-12 relative of an exact window sum (bounded drift)', () => {
    const period = 20;
    const s = new RollingWindowStats(period);
    const ring: number[] = [];
    let seed = 7;
    let worst = 0;
    for (let i = 0; i < 1_000_000; i++) {
      seed = (seed * 16807) % 2147483647;
      const x = 1000 + (seed / 2147483647) * 1e-3 + (i % 977) * 0.37;
      s.push(x);
      ring.push(x);
      if (ring.length > period) ring.shift();
      if (i % 9973 === 0 && s.full) {
        const exact = ring.reduce((a, b) => a + b, 0) / period;
        worst = Math.max(worst, Math.abs(s.mean() - exact) / exact);
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives zero variance, not a negative or tiny one, on a flat window', () => {
    const s = new RollingWindowStats(5);
    for (let i = 0; i < 23; i++) s.push(i < 10 ? i * 0.1 : 42.42);
    expect(s.variance()).toBe(0);
    expect(s.mean()).toBe(42.42);
  });

  it('matches the two-pass population variance', () => {
    const s = new RollingWindowStats(4);
    [3, 9, 1, 7, 2, 8].forEach((x) => s.push(x));
    const w = [1, 7, 2, 8];
    const mean = 4.5;
    expect(s.count).toBe(6);
    expect(s.variance()).toBeCloseTo(w.reduce((a, x) => a + (x - mean) ** 2, 0) / 4, 12);
  });
});

describe('LagBuffer', () => {
  it('returns the value pushed lag pushes ago, NaN before', () => {
    const b = new LagBuffer(2);
    expect([1, 2, 3, 4, 5].map((x) => b.push(x))).toEqual([Number.NaN, Number.NaN, 1, 2, 3]);
  });
});
