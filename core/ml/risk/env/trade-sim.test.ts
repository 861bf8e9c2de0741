import { describe, expect, it } from 'vitest';
import { DEFAULT_PAPER_BROKER_CONFIG } from '../../../trading/paper/paper-broker-config.js';
import { ohlc } from '../../../trading/paper/testing/paper-fixtures.js';
import type { SymbolSeries } from './risk-market.js';
import { simulateTrade } from './trade-sim.js';

const series = (rows: [number, number, number, number][]): SymbolSeries => {
  const bars = rows.map(([o, h, l, c], i) => ohlc(i, o, h, l, c, 1_000_000));
  return { symbol: 'AAPL', bars, times: Float64Array.from(bars, (b) => b.time) };
};
const noCosts = { ...DEFAULT_PAPER_BROKER_CONFIG, slippageBps: 0, commission: { perShare: 0, minimumPerOrder: 0, bps: 0 } };

describe('simulateTrade on the paper broker', () => {
  it('enters at the next open and exits at the target, with the bar P&L summing to the trade P&L', () => {
    const s = series([[100, 101, 99, 100], [100, 102, 99, 101], [101, 103, 100, 102], [102, 111, 101, 110], [110, 111, 109, 110]]);
    const t = simulateTrade(s, 0, { direction: 1, quantity: 10, stopLoss: 95, takeProfit: 108 }, noCosts, 20);
    expect(t.exit).toBe('target');
    expect(t.entryPrice).toBe(100);
    expect(t.entryBar).toBe(1);
    expect(t.exitBar).toBe(3);
    expect(t.pnl).toBeCloseTo(80, 9);
    expect([...t.barPnl].reduce((a, b) => a + b, 0)).toBeCloseTo(t.pnl, 9);
    expect([...t.barPnl]).toEqual([10, 10, 60].map((x) => expect.closeTo(x, 9)));
  });

  it('stops a short out through a gap at the open and charges slippage and commission', () => {
    const s = series([[100, 101, 99, 100], [100, 100, 98, 99], [99, 100, 98, 99], [106, 107, 105, 106]]);
    const t = simulateTrade(s, 0, { direction: -1, quantity: 100, stopLoss: 103, takeProfit: 90 }, DEFAULT_PAPER_BROKER_CONFIG, 20);
    expect(t.exit).toBe('stop');
    expect(t.position).toBe(-100);
    expect(t.entryPrice).toBeCloseTo(100 * (1 - 0.0005), 9);
    expect(t.commission).toBeCloseTo(2, 9);
    // Sold at 99.95, bought back at the 106 open plus 5 bps.
    expect(t.pnl).toBeCloseTo(100 * (99.95 - 106 * 1.0005) - 2, 6);
  });

  it('leaves at the open after the holding limit when neither barrier is hit', () => {
    const rows: [number, number, number, number][] = Array.from({ length: 10 }, () => [100, 101, 99, 100]);
    const t = simulateTrade(series(rows), 0, { direction: 1, quantity: 5, stopLoss: 90, takeProfit: 110 }, noCosts, 3);
    expect(t.exit).toBe('time');
    expect(t.exitBar).toBe(5);
    expect(t.pnl).toBeCloseTo(0, 9);
  });

  it('does not trade a zero quantity and marks a trade the data ran out on', () => {
    const s = series([[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100]]);
    expect(simulateTrade(s, 0, { direction: 1, quantity: 0, stopLoss: 90, takeProfit: 110 }, noCosts, 5).exit).toBe('unfilled');
    expect(simulateTrade(s, 2, { direction: 1, quantity: 1, stopLoss: 90, takeProfit: 110 }, noCosts, 5).exit).toBe('data-end');
    expect(simulateTrade(s, 0, { direction: 1, quantity: 1, stopLoss: 90, takeProfit: 110 }, noCosts, 5).exit).toBe('data-end');
  });
});
