import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_POLICY, inputTrip, outputTrip } from './health-policy.js';

const out = { probability: 0.3, nnProbability: 0.3, svmProbability: 0.3, support: 1 };

describe('breaker health checks', () => {
  it('refuses a non-positive close or ATR and a row that is mostly missing', () => {
    const row = new Float64Array(4).fill(1);
    expect(inputTrip(10, 1, row)).toBeUndefined();
    expect(inputTrip(0, 1, row)?.trip).toBe('invalid-input');
    expect(inputTrip(10, Number.NaN, row)?.reason).toContain('ATR');
    expect(inputTrip(10, 1, Float64Array.from([1, Number.NaN, Number.NaN, Number.NaN]))?.reason).toBe('invalid input: 3 of 4 model inputs are missing');
  });

  it('trips on NaN, on a probability outside 0..1 and on a slow answer', () => {
    expect(outputTrip(out, 1, DEFAULT_HEALTH_POLICY)).toBeUndefined();
    expect(outputTrip({ ...out, probability: Number.NaN }, 1, DEFAULT_HEALTH_POLICY)?.trip).toBe('nan');
    expect(outputTrip({ ...out, support: Number.POSITIVE_INFINITY }, 1, DEFAULT_HEALTH_POLICY)?.trip).toBe('nan');
    expect(outputTrip({ ...out, svmProbability: 1.2 }, 1, DEFAULT_HEALTH_POLICY)).toEqual({ trip: 'out-of-range', reason: 'output svmProbability 1.2 is outside 0..1' });
    expect(outputTrip(out, 150, DEFAULT_HEALTH_POLICY)).toEqual({ trip: 'latency', reason: 'prediction took 150.0 ms, over the 100 ms budget' });
  });
});
