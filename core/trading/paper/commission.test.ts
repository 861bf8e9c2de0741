import { describe, expect, it } from 'vitest';
import { fillCommission } from './commission.js';

const schedule = { perShare: 0.005, minimumPerOrder: 1, bps: 0 };

describe('fillCommission', () => {
  it('charges the per-order minimum on a small first fill', () => {
    expect(fillCommission(schedule, 0, 100, 50)).toBeCloseTo(1, 12);
  });

  it('charges per share above the minimum', () => {
    expect(fillCommission(schedule, 0, 1_000, 50)).toBeCloseTo(5, 12);
  });

  it('charges the minimum once across partial fills of one order', () => {
    const first = fillCommission(schedule, 0, 100, 50); // 1.00 (minimum)
    const second = fillCommission(schedule, 100, 100, 50); // still under the minimum: 0
    const third = fillCommission(schedule, 200, 300, 50); // 500 shares: 2.50 in all
    expect([first, second, third].map((c) => Number(c.toFixed(6)))).toEqual([1, 0, 1.5]);
    expect(first + second + third).toBeCloseTo(fillCommission(schedule, 0, 500, 50), 12);
  });

  it('adds basis points of the fill notional', () => {
    expect(fillCommission({ perShare: 0, minimumPerOrder: 0, bps: 10 }, 0, 200, 25)).toBeCloseTo(5, 12);
    expect(fillCommission({ perShare: 0.01, minimumPerOrder: 0, bps: 1 }, 0, 100, 100)).toBeCloseTo(1 + 1, 12);
  });
});
