import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../market/bar.js';
import { epochMs, price, quantity, type Price } from '../../../market/units.js';
import { InMemoryLedger } from '../../../trading/portfolio/ledger.js';
import { Portfolio } from '../../../trading/portfolio/portfolio.js';
import { makeFill } from '../../../trading/portfolio/testing-fills.js';
import { riskStateFrom } from './risk-state-from.js';

const DAY = 86_400_000;
const bar = (symbol: string, i: number, close: number, volume = 1000): Bar => ({
  symbol, interval: '1d', time: epochMs(i * DAY), open: price(close), high: price(close), low: price(close), close: price(close), volume: quantity(volume),
});

/** $100k deposited; long 100 AAA at 90 (filled during day 2), short 50 BBB at 200. */
function book(): Portfolio {
  const ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'deposit' }]);
  ledger.addFill(makeFill('AAA', 'buy', 100, 90, 2 * DAY + 14.5 * 3_600_000));
  ledger.addFill(makeFill('BBB', 'sell', 50, 200, 2 * DAY));
  return new Portfolio(ledger);
}
const marks: Record<string, Price> = { AAA: price(100), BBB: price(210) };
const mark = (s: string): Price | undefined => marks[s];
const closes = [100, 102, 98, 104, 100];
const aaa = closes.map((c, i) => bar('AAA', i, c, i === 4 ? 2000 : 1000));

describe('riskStateFrom', () => {
  it('builds every field of a hand-computed two-holding book', () => {
    const r = riskStateFrom({ portfolio: book(), mark, symbol: 'AAA', bars: aaa, atr: 2 });
    // cash 100000 − 9000 + 10000 = 101000; equity 101000 + 100×100 − 50×210 = 100500.
    const equity = 100_500;
    const wA = 10_000 / 20_500;
    const wB = 10_500 / 20_500;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value;
    expect(s.portfolioMetrics.totalValue).toBeCloseTo(equity, 9);
    expect(s.portfolioMetrics.cashPosition).toBeCloseTo(101_000 / equity, 12);
    expect(s.portfolioMetrics.concentration).toBeCloseTo(wA * wA + wB * wB, 12);
    expect(s.portfolioMetrics.correlationRisk).toBe(0);
    expect(s.marketConditions.volatility).toBeCloseTo(0.02, 12);
    // Average close 100.8, band ±1: 100 is inside → flat.
    expect(s.marketConditions.trendDirection).toBe('flat');
    // Traded value 200000 against the mean of 100000, 102000, 98000, 104000, 200000 = 120800.
    expect(s.marketConditions.liquidityIndex).toBeCloseTo(200_000 / 120_800, 12);
    expect(s.positionDetails).toEqual({ symbol: 'AAA', currentWeight: expect.closeTo(10_000 / equity, 12), unrealizedPnL: 1000, holdingPeriod: 3 });
  });

  it('reads a short position as a negative weight and a loss at a higher mark', () => {
    const bbb = [bar('BBB', 2, 200), bar('BBB', 3, 210)];
    const r = riskStateFrom({ portfolio: book(), mark, symbol: 'BBB', bars: bbb, atr: 4 });
    expect(r.ok && r.value.positionDetails).toEqual({ symbol: 'BBB', currentWeight: expect.closeTo(-10_500 / 100_500, 12), unrealizedPnL: -500, holdingPeriod: 2 });
    // Average 205 + band 2 = 207 < 210 → up.
    expect(r.ok && r.value.marketConditions.trendDirection).toBe('up');
  });

  it('gives a flat symbol zero weight, P&L and holding period, and a falling close a down trend', () => {
    const ccc = [bar('CCC', 0, 50), bar('CCC', 1, 48), bar('CCC', 2, 44)];
    const r = riskStateFrom({ portfolio: book(), mark, symbol: 'CCC', bars: ccc, atr: 1 });
    expect(r.ok && r.value.positionDetails).toEqual({ symbol: 'CCC', currentWeight: 0, unrealizedPnL: 0, holdingPeriod: 0 });
    expect(r.ok && r.value.marketConditions.trendDirection).toBe('down');
  });

  it('averages the holdings\' daily-return correlation when daily bars are given', () => {
    // BBB's price is AAA's squared (scaled), so its log returns are exactly twice AAA's: correlation 1.
    const a: Bar[] = [];
    const b: Bar[] = [];
    let px = 100;
    for (let i = 0; i < 40; i++) {
      px *= i % 3 === 0 ? 1.02 : 0.99;
      a.push(bar('AAA', i, px));
      b.push(bar('BBB', i, (px * px) / 50));
    }
    const daily = { query: (q: { symbol: string; to?: number; limit?: number }) => (q.symbol === 'AAA' ? a : b).filter((x) => x.time <= (q.to ?? Infinity)).slice(-(q.limit ?? 1000)) };
    const r = riskStateFrom({ portfolio: book(), mark, symbol: 'AAA', bars: a, atr: 2, dailyBars: daily });
    expect(r.ok && r.value.portfolioMetrics.correlationRisk).toBeCloseTo(1, 9);
  });

  it('refuses no bars, a foreign bar, a bad ATR and a non-positive equity with the reason', () => {
    expect(riskStateFrom({ portfolio: book(), mark, symbol: 'AAA', bars: [], atr: 1 })).toEqual({ ok: false, error: expect.stringContaining('no bars') });
    expect(riskStateFrom({ portfolio: book(), mark, symbol: 'AAA', bars: [bar('BBB', 0, 1)], atr: 1 })).toEqual({ ok: false, error: expect.stringContaining('bar of BBB') });
    expect(riskStateFrom({ portfolio: book(), mark, symbol: 'AAA', bars: aaa, atr: Number.NaN })).toEqual({ ok: false, error: expect.stringContaining('ATR') });
    const empty = new Portfolio(new InMemoryLedger());
    expect(riskStateFrom({ portfolio: empty, mark, symbol: 'AAA', bars: aaa, atr: 1 })).toEqual({ ok: false, error: expect.stringContaining('equity must be positive') });
  });

  it('averages over the window slice(-period) would take, to the last bit, whatever the period', () => {
    const many = Array.from({ length: 30 }, (_, i) => bar('AAA', i, 100 + 7.3 * Math.sin(i * 0.9), 1000 + ((i * 337) % 900)));
    const last = many[many.length - 1];
    for (const period of [1, 2.5, 7, 20, 30, 31, 1000, 0]) {
      const r = riskStateFrom({ portfolio: book(), mark, symbol: 'AAA', bars: many, atr: 0, params: { liquidityPeriod: period, trendPeriod: period } });
      const window = many.slice(-period);
      const value = window.reduce((sum, b) => sum + b.close * b.volume, 0) / window.length;
      const average = window.reduce((sum, b) => sum + b.close, 0) / window.length;
      const trend = (last?.close ?? 0) > average ? 'up' : (last?.close ?? 0) < average ? 'down' : 'flat';
      expect(r.ok && [r.value.marketConditions.liquidityIndex, r.value.marketConditions.trendDirection]).toEqual([((last?.close ?? 0) * (last?.volume ?? 0)) / value, trend]);
    }
  });
});
