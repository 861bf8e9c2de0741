import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import type { BacktestTrade } from '../backtest-types.js';
import { performanceMetrics } from './performance-metrics.js';
import { drawdownCurve, drawdownStats, periodReturns, periodsPerYear, YEAR_MS } from './return-stats.js';

const DAY = 86_400_000;
// Equity 100 → 110 → 99 → 108.9: returns +10%, −10%, +10%; a position is held on days 1 and 2 only.
const curve = [
  { time: 0, cash: 100, equity: 100 },
  { time: DAY, cash: 50, equity: 110 },
  { time: 2 * DAY, cash: 50, equity: 99 },
  { time: 3 * DAY, cash: 108.9, equity: 108.9 },
];
const trade = (pnl: number, exit: BacktestTrade['exit'], breakout: boolean): BacktestTrade => ({
  symbol: 'AAA', direction: 'long', quantity: 1, entryTime: epochMs(0), entryPrice: 10, pnl, returnPct: pnl * 10, exit, breakout, entryClientOrderId: 'x',
});
const trades = [trade(10, 'take_profit', true), trade(5, 'signal', false), trade(-4, 'stop_loss', true), trade(100, 'open', true)];
const fills = [{ id: 'f', clientOrderId: 'x', symbol: 'AAA', side: 'buy' as const, quantity: quantity(10), price: price(10), commission: 1, time: epochMs(DAY) }];

describe('performance metrics, by hand', () => {
  const m = performanceMetrics({ curve, trades, fills });
  const perYear = YEAR_MS / DAY;

  it('returns: total, annualised over the calendar span, volatility from the sample deviation', () => {
    expect(Array.from(periodReturns(curve))).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12), expect.closeTo(0.1, 12)]);
    expect(periodsPerYear(curve)).toBeCloseTo(365.25, 9);
    expect(m.totalReturn).toBeCloseTo(0.089, 12);
    expect(m.annualisedReturn).toBeCloseTo(1.089 ** (365.25 / 3) - 1, 6);
    // Mean 1/30; deviations 1/15, −2/15, 1/15 → variance (6/225)/2 → sd 0.11547.
    expect(m.volatility).toBeCloseTo(0.1154700538 * Math.sqrt(perYear), 8);
  });

  it('Sharpe and Sortino annualised by √(periods per year), risk-free 0', () => {
    expect(m.sharpe).toBeCloseTo((1 / 30 / 0.1154700538) * Math.sqrt(perYear), 6);
    // Downside deviation: √(0.01 / 3) over all three periods.
    expect(m.sortino).toBeCloseTo((1 / 30 / Math.sqrt(0.01 / 3)) * Math.sqrt(perYear), 6);
  });

  it('max drawdown from the running peak and the longest time under it', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdownDurationMs).toBe(2 * DAY);
    expect(m.maxDrawdownDurationPeriods).toBe(2);
    expect(Array.from(drawdownCurve(curve))).toEqual([0, 0, expect.closeTo(0.1, 12), expect.closeTo(0.01, 12)]);
  });

  it('trade figures count closed trades only; breakout success is target before stop', () => {
    expect(m.trades).toBe(3);
    expect(m.winRate).toBeCloseTo(2 / 3, 12);
    expect(m.profitFactor).toBeCloseTo(15 / 4, 12);
    expect(m.breakoutSuccessRate).toBe(0.5);
  });

  it('exposure is the share of points holding a position; turnover is traded notional over mean equity per year', () => {
    expect(m.exposure).toBe(0.5);
    const meanEquity = (100 + 110 + 99 + 108.9) / 4;
    expect(m.turnover).toBeCloseTo(100 / meanEquity / (3 / 365.25), 9);
    expect(m.commissions).toBe(1);
    expect(m.netPnl).toBeCloseTo(8.9, 12);
  });

  it('undefined figures are null, not NaN: a flat curve with no trades', () => {
    const flat = performanceMetrics({ curve: [{ time: 0, cash: 1, equity: 1 }, { time: DAY, cash: 1, equity: 1 }, { time: 2 * DAY, cash: 1, equity: 1 }], trades: [], fills: [] });
    expect(flat).toMatchObject({ totalReturn: 0, volatility: 0, sharpe: null, sortino: null, winRate: null, profitFactor: null, breakoutSuccessRate: null, exposure: 0, maxDrawdown: 0 });
    const empty = performanceMetrics({ curve: [], trades: [], fills: [] });
    expect(empty).toMatchObject({ totalReturn: 0, annualisedReturn: null, volatility: null, turnover: null });
  });

  it('a drawdown never recovered lasts to the end', () => {
    expect(drawdownStats([{ time: 0, equity: 10 }, { time: 5, equity: 8 }, { time: 9, equity: 9 }])).toEqual({ maxDrawdown: expect.closeTo(0.2, 12), durationMs: 9, durationPeriods: 2 });
  });
});
