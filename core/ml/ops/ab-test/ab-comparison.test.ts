import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionPValue } from './ab-comparison.js';

describe('A/B significance', () => {
  it('has the standard normal CDF to four decimals', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 4);
  });

  it('gives the two-proportion z test p-value, 1 for equal rates, null when undefined', () => {
    expect(twoProportionPValue(50, 100, 50, 100)).toBeCloseTo(1, 6);
    // z = (0.5 - 0.3) / sqrt(0.4 * 0.6 * 0.02) = 2.887 → p = 0.00389
    expect(twoProportionPValue(30, 100, 50, 100)).toBeCloseTo(0.00389, 4);
    expect(twoProportionPValue(0, 0, 5, 10)).toBeNull();
    expect(twoProportionPValue(0, 10, 0, 10)).toBeNull();
  });
});
