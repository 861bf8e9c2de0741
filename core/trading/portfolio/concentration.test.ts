import { describe, expect, it } from 'vitest';
import { epochMs, price, type Price } from '../../market/units.js';
import { concentration, holdingWeights } from './concentration.js';

const pos = (symbol: string, quantity: number, avg: number) => ({ symbol, quantity, avgPrice: price(avg), openedAt: epochMs(0) });

describe('concentration', () => {
  it('weights holdings by absolute value, so a short counts as risk, and computes Herfindahl', () => {
    const marks: Record<string, Price> = { A: price(10), B: price(30) };
    const w = holdingWeights([pos('A', 30, 9), pos('B', -10, 31), pos('C', 16, 25)], (s) => marks[s]);
    expect(w.map((x) => x.weight)).toEqual([0.3, 0.3, 0.4]);
    const c = concentration(w);
    expect(c.herfindahl).toBeCloseTo(0.09 + 0.09 + 0.16, 12);
    expect(c.effectiveHoldings).toBeCloseTo(1 / 0.34, 12);
    expect(c.largest?.symbol).toBe('C');
  });

  it('is 0 with nothing held, and 1 for a single holding', () => {
    expect(concentration(holdingWeights([], () => undefined))).toEqual({ herfindahl: 0, effectiveHoldings: 0 });
    expect(concentration(holdingWeights([pos('A', 1, 5)], () => undefined)).herfindahl).toBe(1);
  });
});
