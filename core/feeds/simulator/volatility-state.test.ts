import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';
import { VolatilityState } from './volatility-state.js';

describe('VolatilityState', () => {
  it('raises volatility after a shock and lets it decay back', () => {
    const state = new VolatilityState(0.01);
    expect(state.sigma).toBeCloseTo(0.01, 10);
    state.update(0.05);
    const shocked = state.sigma;
    expect(shocked).toBeGreaterThan(0.012);
    for (let i = 0; i < 200; i++) state.update(0);
    expect(state.sigma).toBeLessThan(shocked);
  });

  it('caps the variance whatever the shock', () => {
    const state = new VolatilityState(0.01);
    for (let i = 0; i < 100; i++) state.update(10);
    expect(state.sigma).toBeLessThanOrEqual(Math.sqrt(12) * 0.01 * 1.9 + 1e-12);
  });

  it('visits all three regimes over a long run', () => {
    const state = new VolatilityState(0.01);
    const random = new SeededRandom(4);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      state.maybeSwitch(random);
      seen.add(state.regimeIndex);
    }
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});
