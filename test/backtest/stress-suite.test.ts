import { describe, expect, it } from 'vitest';
import type { BacktestConfig, BacktestResult, PerformanceMetrics, RunBacktest } from '../../core/backtest/backtest-types.js';
import { HISTORICAL_WINDOWS, windowCoverage } from '../../core/backtest/stress/historical-windows.js';
import { riskBehaviour } from '../../core/backtest/stress/risk-behaviour.js';
import { runStressSuite } from '../../core/backtest/stress/stress-suite.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity, type EpochMs } from '../../core/market/units.js';

const day = (iso: string): EpochMs => epochMs(Date.parse(`${iso}T00:00:00Z`));
const DAY = 86_400_000;

const metrics = (totalReturn: number, maxDrawdown: number): PerformanceMetrics => ({
  totalReturn, annualisedReturn: null, volatility: null, sharpe: null, sortino: null, maxDrawdown, maxDrawdownDurationMs: 0,
  maxDrawdownDurationPeriods: 0, trades: 0, winRate: null, profitFactor: null, exposure: 0, turnover: null, breakoutSuccessRate: null,
  netPnl: 0, commissions: 0,
});

/** A result whose return is the mean close of the bars the runner read, so a shock visibly changes it. */
const resultOf = (c: BacktestConfig, totalReturn: number): BacktestResult => ({
  symbols: c.symbols, interval: c.interval, start: c.from ?? day('2000-01-03'), end: c.to ?? day('2010-12-31'), strategy: 'breakout',
  startingCash: 1000, bars: 0, wallMs: 0, equityCurve: [], fills: [], positions: [], signals: 3,
  trades: [
    { symbol: 'A', direction: 'long', quantity: 1, entryTime: day('2001-01-01'), entryPrice: 1, exitTime: day('2001-02-01'), exitPrice: 2, pnl: 50, returnPct: 1, exit: 'take_profit', breakout: true, entryClientOrderId: 'a' },
    { symbol: 'A', direction: 'long', quantity: 1, entryTime: day('2001-03-01'), entryPrice: 1, exitTime: day('2001-04-01'), exitPrice: 0.5, pnl: -100, returnPct: -0.5, exit: 'stop_loss', breakout: true, entryClientOrderId: 'b' },
    { symbol: 'A', direction: 'long', quantity: 1, entryTime: day('2001-05-01'), entryPrice: 1, pnl: 7, returnPct: 0.07, exit: 'open', breakout: true, entryClientOrderId: 'c' },
  ],
  metrics: { portfolio: metrics(totalReturn, 0.1), bySymbol: {} },
  proposals: { pending: 0, confirmed: 2, rejected: 0, expired: 1 },
  denials: [{ kind: 'order-denied', clientOrderId: 'x', ruleId: 'daily-loss-limit', reason: 'r', time: day('2008-10-10') }, { kind: 'order-denied', clientOrderId: 'y', ruleId: 'kill-switch', reason: 'r', time: day('2008-10-11') }, { kind: 'order-denied', clientOrderId: 'z', ruleId: 'kill-switch', reason: 'r', time: day('2008-10-12') }],
  riskEvents: [{ time: day('2008-10-10'), kind: 'kill-switch-on', ruleId: null, scope: 'global', actor: 'system:daily-loss-limit', reason: 'lost 3% today', lossLimit: true }],
  riskModel: [{ time: day('2008-10-09'), symbol: 'A', proposalId: 'p', quantity: 0, status: 'expired', sizing: {} }],
});

const bars: Bar[] = Array.from({ length: 4000 }, (_, i) => ({ symbol: 'A', interval: '1d', time: epochMs(day('1999-01-01') + i * DAY), open: price(10), high: price(11), low: price(9), close: price(10), volume: quantity(100) }));

describe('stress suite over the runner', () => {
  it('tells which symbols cover each historical window and why the others are absent', () => {
    const extents = [
      { symbol: 'IBM', first: day('1962-01-02'), last: day('2017-11-10') },
      { symbol: 'SPY', first: day('1999-11-01'), last: day('2020-08-28') },
      { symbol: 'GOOG', first: day('2004-08-19'), last: day('2013-03-01') },
    ];
    const cov = windowCoverage(extents, ['IBM', 'SPY', 'GOOG', 'NONE'], HISTORICAL_WINDOWS, 180 * DAY);
    const by = Object.fromEntries(cov.map((c) => [c.window.id, c.covered]));
    expect(by).toEqual({ 'crash-1987': ['IBM'], 'dotcom-2000': ['IBM'], 'gfc-2008': ['IBM', 'SPY', 'GOOG'], 'flash-2010': ['IBM', 'SPY', 'GOOG'], 'covid-2020': ['SPY'] });
    const covid = cov.find((c) => c.window.id === 'covid-2020');
    expect(covid?.absent).toEqual([
      { symbol: 'IBM', reason: expect.stringMatching(/ends 2017-11-10/) },
      { symbol: 'GOOG', reason: expect.stringMatching(/ends 2013-03-01/) },
      { symbol: 'NONE', reason: 'no stored bars' },
    ]);
  });

  it('reads kill-switch trips, loss-limit trips, refusals by rule and sizing from the result', () => {
    const r = riskBehaviour(resultOf({ symbols: ['A'], interval: '1d', bars: { query: () => [] }, strategy: { kind: 'breakout' } }, 0));
    expect(r).toMatchObject({ killSwitchTrips: 1, lossLimitTrips: 1, killSwitchOnAtEnd: true, refusals: 3, refusalsByRule: { 'daily-loss-limit': 1, 'kill-switch': 2 }, sized: 1, sizedToZero: 1, signals: 3 });
    expect(r.firstTrip?.reason).toBe('lost 3% today');
  });

  it('runs covered windows and each shock through the given runner, skips uncovered windows with the reason, and resamples closed trades', async () => {
    const calls: BacktestConfig[] = [];
    const run: RunBacktest = async (c) => {
      calls.push(c);
      // The shocked source's bars show in the figure: mean close of the symbol's series over the run.
      const seen = c.bars.query({ symbol: 'A', interval: '1d', ...(c.from === undefined ? {} : { from: c.from }), ...(c.to === undefined ? {} : { to: c.to }) });
      const mean = seen.reduce((s, b) => s + b.close, 0) / Math.max(1, seen.length);
      return { ok: true, value: resultOf(c, mean / 100) };
    };
    const base: BacktestConfig = { symbols: ['A'], interval: '1d', bars: { query: (q) => bars.filter((b) => (q.from === undefined || b.time >= q.from) && (q.to === undefined || b.time <= q.to)) }, strategy: { kind: 'breakout' }, dbFile: '/nope.sqlite', keepDb: true };
    const plain = resultOf(base, 0.1);
    const seen: string[] = [];
    const report = await runStressSuite({ run, base, plain, seed: 5, monteCarloRuns: 50, extents: [{ symbol: 'A', first: day('1999-01-01'), last: day('2009-12-12') }], onScenario: (label) => seen.push(label) });
    expect(seen).toHaveLength(9);
    const by = Object.fromEntries(report.scenarios.map((s) => [s.id, s]));
    expect(by['crash-1987']?.skipped).toBe('no stored series covers this window');
    expect(by['crash-1987']?.absent[0]?.reason).toMatch(/starts 1999-01-01/);
    expect(by['gfc-2008']?.metrics).toBeDefined();
    expect(by['gfc-2008']?.risk?.lossLimitTrips).toBe(1);
    // Shock runs go from a year before the shock (the middle of the plain run) to two years after, so the gap hits open positions:
    // the fake's return is the mean close /100, and the gap lowers the closes after it by 10%.
    const gap = by['shock-gap'];
    const at = Math.floor((plain.start + plain.end) / 2 / DAY) * DAY;
    expect(gap?.from).toBe(at - 365 * DAY);
    expect(gap?.label).toBe(`gap -10% on ${new Date(at).toISOString().slice(0, 10)}`);
    expect(gap?.to).toBe(at + 730 * DAY);
    const window = bars.filter((b) => b.time >= at - 365 * DAY && b.time <= at + 730 * DAY);
    const after = window.filter((b) => b.time >= at).length;
    expect(gap?.versusPlain?.totalReturn).toBeCloseTo((-1 * after) / window.length / 100, 9);
    expect(by['shock-volatility']?.versusPlain?.totalReturn).toBeCloseTo(0, 9);
    // No run writes to the plain run's file.
    expect(calls.every((c) => c.dbFile === undefined && c.keepDb === undefined)).toBe(true);
    // 2 covered windows + 4 shocks + 1 plain comparison shared by the shocks that start the same day.
    expect(calls).toHaveLength(7);
    expect(report.monteCarlo.trades).toBe(2);
    expect(report.monteCarlo.runs).toBe(50);
    expect(report.monteCarloBootstrap.method).toBe('bootstrap');
    expect(report.monteCarlo.method).toBe('permutation');
  });

  it('reports a window as skipped with the runner\'s reason when the run is refused', async () => {
    const run: RunBacktest = async () => ({ ok: false, error: 'no stored 1d bars' });
    const base: BacktestConfig = { symbols: ['A'], interval: '1d', bars: { query: () => bars }, strategy: { kind: 'breakout' } };
    const report = await runStressSuite({ run, base, plain: resultOf(base, 0), seed: 1, monteCarloRuns: 10, windows: HISTORICAL_WINDOWS.filter((w) => w.id === 'gfc-2008'), shocks: [{ kind: 'gap', at: day('2005-01-03'), fraction: -0.1 }], extents: [{ symbol: 'A', first: day('1990-01-01'), last: day('2015-01-01') }] });
    expect(report.scenarios.map((s) => s.skipped)).toEqual(['no stored 1d bars', 'no stored 1d bars']);
  });
});
