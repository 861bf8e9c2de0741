import { describe, expect, it } from 'vitest';
import type { RiskInput, RiskState } from '../risk-sizer.js';
import { FIXED_FRACTION_ID, fixedFractionSizer } from './fixed-fraction-sizer.js';
import { VOL_TARGET_ID, volTargetAtrSizer } from './vol-target-sizer.js';

const state = (totalValue: number): RiskState => ({
  portfolioMetrics: { totalValue, cashPosition: 1, concentration: 0, correlationRisk: 0 },
  marketConditions: { volatility: 0.02, trendDirection: 'flat', liquidityIndex: 1 },
  positionDetails: { symbol: 'AAA', currentWeight: 0, unrealizedPnL: 0, holdingPeriod: 0 },
});
const input = (entry: number, atr: number, direction: 1 | -1 = 1, equity = 100_000): RiskInput => ({ state: state(equity), direction, entry, atr });

describe('fixedFractionSizer', () => {
  it('buys 10 % of equity with a 2 % stop and a 4 % target whatever the volatility', () => {
    const d = fixedFractionSizer().size(input(50, 5));
    expect(d).toEqual({ ok: true, value: expect.objectContaining({ quantity: 200, recommendedPosition: 10, stopLoss: 49, takeProfit: 52, volatilityAdjustment: 1, sizer: FIXED_FRACTION_ID }) });
    // 200 shares × $1 to the stop = $200 = 0.2 % of $100k.
    expect(d.ok && d.value.maxDrawdown).toBeCloseTo(0.2, 12);
  });

  it('mirrors the bracket for a sell and rounds down to whole shares', () => {
    const d = fixedFractionSizer({ positionFraction: 0.05 }).size(input(30, 1, -1));
    // 5 % of 100k = 5000 / 30 = 166.67 → 166 shares = 4.98 %.
    expect(d.ok && d.value.quantity).toBe(166);
    expect(d.ok && d.value.recommendedPosition).toBeCloseTo((166 * 30) / 1000, 12);
    expect(d.ok && d.value.stopLoss).toBeCloseTo(30.6, 12);
    expect(d.ok && d.value.takeProfit).toBeCloseTo(28.8, 12);
  });

  it('refuses a non-positive equity or entry with the field named', () => {
    expect(fixedFractionSizer().size(input(50, 1, 1, 0))).toEqual({ ok: false, error: expect.stringContaining('totalValue') });
    expect(fixedFractionSizer().size(input(-1, 1))).toEqual({ ok: false, error: expect.stringContaining('entry') });
  });

  it('rejects settings outside (0, 1] at construction', () => {
    expect(() => fixedFractionSizer({ stopLossFraction: 0 })).toThrow(/stopLossFraction/);
    expect(() => fixedFractionSizer({ positionFraction: 1.5 })).toThrow(/positionFraction/);
  });
});

describe('volTargetAtrSizer', () => {
  it('takes the fixed-fraction 10 % on a name at the 2 % reference volatility, with a 1-ATR stop and 2-ATR target', () => {
    // ATR 2 on 100 = 2 %: risk 0.2 % × 100k = $200 over $2 a share = 100 shares = 10 %.
    const d = volTargetAtrSizer().size(input(100, 2));
    expect(d).toEqual({ ok: true, value: expect.objectContaining({ quantity: 100, recommendedPosition: 10, stopLoss: 98, takeProfit: 104, volatilityAdjustment: 1, sizer: VOL_TARGET_ID }) });
    expect(d.ok && d.value.maxDrawdown).toBeCloseTo(0.2, 12);
  });

  it('cuts a name twice as volatile to a quarter (1/vol of targeting times the budget cut above the reference)', () => {
    // ATR 4 = 4 %: budget $200 × (2 %/4 %) = $100 over $4 = 25 shares = 2.5 %.
    const d = volTargetAtrSizer().size(input(100, 4));
    expect(d.ok && d.value.quantity).toBe(25);
    expect(d.ok && d.value.volatilityAdjustment).toBeCloseTo(0.25, 12);
    expect(d.ok && d.value.maxDrawdown).toBeCloseTo(0.1, 12);
  });

  it('caps a quiet name at the 20 % weight and says the cap bound', () => {
    // ATR 0.5 = 0.5 %: $200 / $0.5 = 400 shares = 40 % → capped at 20 % = 200 shares, twice the reference 100.
    const d = volTargetAtrSizer().size(input(100, 0.5));
    expect(d.ok && d.value.quantity).toBe(200);
    expect(d.ok && d.value.volatilityAdjustment).toBeCloseTo(2, 12);
    expect(d.ok && d.value.note).toContain('max-position-weight');
  });

  it('puts the stop above and the target below for a sell', () => {
    const d = volTargetAtrSizer().size(input(100, 2, -1));
    expect(d.ok && [d.value.stopLoss, d.value.takeProfit, d.value.quantity]).toEqual([102, 96, 100]);
  });

  it('honours the pre-trade order limits it is given, which are not a volatility effect', () => {
    const d = volTargetAtrSizer({ maxOrderQuantity: 40 }).size(input(100, 2));
    expect(d.ok && d.value.quantity).toBe(40);
    expect(d.ok && d.value.volatilityAdjustment).toBeCloseTo(1, 12);
  });

  it('refuses an ATR so large the stop would not be a positive price, and a zero ATR', () => {
    expect(volTargetAtrSizer().size(input(10, 12))).toEqual({ ok: false, error: expect.stringContaining('not a positive price') });
    expect(volTargetAtrSizer().size(input(10, 0))).toEqual({ ok: false, error: expect.stringContaining('ATR') });
  });

  it('rejects a non-positive setting at construction', () => {
    expect(() => volTargetAtrSizer({ stopAtr: 0 })).toThrow(/stopAtr/);
  });
});

describe('baselines sized from the equity alone', () => {
  it('answer sizeOnEquity exactly as size does for any state with that equity, refusals included', () => {
    const other: RiskState = {
      portfolioMetrics: { totalValue: 73_210.5, cashPosition: 0.1, concentration: 0.4, correlationRisk: 0.7 },
      marketConditions: { volatility: 0.05, trendDirection: 'down', liquidityIndex: 0.3 },
      positionDetails: { symbol: 'BBB', currentWeight: -0.2, unrealizedPnL: -900, holdingPeriod: 12 },
    };
    for (const sizer of [fixedFractionSizer(), volTargetAtrSizer(), volTargetAtrSizer({ stopAtr: 40 })]) {
      for (const [entry, atr, direction, equity] of [[50, 5, 1, 100_000], [30, 1.3, -1, 73_210.5], [10, 0.4, 1, 0], [-1, 1, 1, 5_000], [20, 0, -1, 5_000]] as const) {
        const viaState = sizer.size({ state: { ...other, portfolioMetrics: { ...other.portfolioMetrics, totalValue: equity } }, direction, entry, atr });
        expect(sizer.sizeOnEquity?.({ equity, direction, entry, atr })).toEqual(viaState);
      }
    }
  });
});

