import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sizePosition, type Sizing } from './rule-based-sizer.js';

const settings = { riskPerTrade: 0.01, referenceVolatility: 0.02, maxPositionWeight: 0.2 };
const value = (r: ReturnType<typeof sizePosition>): Sizing => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('sizePosition (fixed-fractional, volatility-adjusted)', () => {
  it('risks 1 % of equity between entry and stop when volatility is at the reference', () => {
    // 100,000 × 1 % = 1,000 at risk; 2.50 per share → 400 shares (cap lifted to 100 % here)
    const s = value(sizePosition({ equity: 100_000, entry: 100, stop: 97.5, volatility: 2, direction: 1 }, { ...settings, maxPositionWeight: 1 }));
    expect(s.quantity).toBe(400);
    expect(s.riskAtStop).toBe(1_000);
    expect(s.bindingLimit).toBe('risk');
    expect(s.volatilityScale).toBe(1);
  });

  it('scales the risk down in proportion when ATR/price is above the reference', () => {
    // vol 4 % vs reference 2 % → half the budget → 200 shares
    const s = value(sizePosition({ equity: 100_000, entry: 100, stop: 97.5, volatility: 4, direction: 1 }, { ...settings, maxPositionWeight: 1 }));
    expect(s.volatilityScale).toBe(0.5);
    expect(s.quantity).toBe(200);
  });

  it('caps at the max position weight, counting shares already held the same way', () => {
    const s = value(sizePosition({ equity: 100_000, entry: 100, stop: 97.5, volatility: 2, held: 50, direction: 1 }, settings));
    expect(s.bindingLimit).toBe('max-position-weight');
    expect(s.quantity).toBe(150);
    // A short being covered does not use up the long cap.
    expect(value(sizePosition({ equity: 100_000, entry: 100, stop: 97.5, volatility: 2, held: -50, direction: 1 }, settings)).quantity).toBe(200);
  });

  it('stays inside the per-order quantity and notional limits when given', () => {
    const base = { equity: 1_000_000, entry: 10, stop: 9.9, volatility: 0.1, direction: 1 as const };
    const q = value(sizePosition(base, { ...settings, maxOrderQuantity: 1_000 }));
    expect(q).toMatchObject({ quantity: 1_000, bindingLimit: 'max-order' });
    expect(value(sizePosition(base, { ...settings, maxOrderNotional: 5_005 })).quantity).toBe(500);
  });

  it('sizes a short with the stop above the entry', () => {
    const s = value(sizePosition({ equity: 10_000, entry: 50, stop: 52, volatility: 1, direction: -1 }));
    expect(s.quantity).toBe(40);
  });

  it('refuses a stop on the wrong side, a non-positive equity or price, with the reason', () => {
    expect(sizePosition({ equity: 10_000, entry: 50, stop: 52, volatility: 1, direction: 1 })).toEqual({ ok: false, error: 'stop 52 must be below the entry 50 for a buy' });
    expect(sizePosition({ equity: 0, entry: 50, stop: 49, volatility: 1, direction: 1 }).ok).toBe(false);
    expect(sizePosition({ equity: 1, entry: Number.NaN, stop: 49, volatility: 1, direction: 1 }).ok).toBe(false);
    expect(sizePosition({ equity: 1, entry: 50, stop: -1, volatility: 1, direction: 1 }).ok).toBe(false);
    expect(sizePosition({ equity: 1, entry: 50, stop: 49, volatility: -1, direction: 1 }).ok).toBe(false);
  });

  it('never risks more than the budget nor exceeds the cap, in whole shares (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1_000, max: 1e7, noNaN: true }),
        fc.double({ min: 1, max: 1_000, noNaN: true }),
        fc.double({ min: 0.001, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (equity, entry, stopFrac, volFrac) => {
          const s = value(sizePosition({ equity, entry, stop: entry * (1 - stopFrac), volatility: entry * volFrac, direction: 1 }, settings));
          expect(Number.isInteger(s.quantity)).toBe(true);
          expect(s.riskAtStop).toBeLessThanOrEqual(equity * settings.riskPerTrade * s.volatilityScale * (1 + 1e-9) + 1e-6);
          expect(s.quantity * entry).toBeLessThanOrEqual(settings.maxPositionWeight * equity * (1 + 1e-9) + 1e-6);
        },
      ),
      { numRuns: 500 },
    );
  });
});
