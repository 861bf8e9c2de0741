import { describe, expect, it } from 'vitest';
import type { BacktestResult, BaselineComparison, PerformanceMetrics } from '../../core/backtest/backtest-types.js';
import { buildBacktestReport, equityWithDrawdown } from '../../core/backtest/report/build-report.js';
import { downsampleExtremes } from '../../core/backtest/report/downsample.js';
import { REPORT_SECTIONS, renderHtmlReport } from '../../core/backtest/report/html-report.js';
import { backtestReportSchema } from '../../core/backtest/report/report-schema.js';
import { monteCarloDrawdowns } from '../../core/backtest/stress/monte-carlo.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2010, 0, 4);
const metrics = (over: Partial<PerformanceMetrics> = {}): PerformanceMetrics => ({
  totalReturn: 0.12, annualisedReturn: 0.05, volatility: 0.1, sharpe: 0.5, sortino: Number.NaN, maxDrawdown: 0.2, maxDrawdownDurationMs: 40 * DAY,
  maxDrawdownDurationPeriods: 40, trades: 2, winRate: 0.5, profitFactor: 1.5, exposure: 0.3, turnover: 2, breakoutSuccessRate: 0.5, netPnl: 12_000, commissions: 20, ...over,
});
const bars: Bar[] = Array.from({ length: 300 }, (_, i) => ({ symbol: 'AAA', interval: '1d', time: epochMs(T0 + i * DAY), open: price(100 + i), high: price(101 + i), low: price(99 + i), close: price(100 + i), volume: quantity(1e6) }));
const result = (over: Partial<BacktestResult> = {}): BacktestResult => ({
  symbols: ['AAA'], interval: '1d', start: epochMs(T0), end: epochMs(T0 + 299 * DAY), strategy: 'breakout', servedBy: { kind: 'model', version: 'v1', dir: '/m' }, modelId: 'breakout-v1',
  startingCash: 100_000, bars: 300, wallMs: 150,
  equityCurve: [100_000, 110_000, 88_000, 99_000, 112_000].map((equity, i) => ({ time: epochMs(T0 + i * DAY), cash: 0, equity })),
  fills: [], positions: [],
  trades: [
    { symbol: 'AAA', direction: 'long', quantity: 10, entryTime: epochMs(T0 + 5 * DAY), entryPrice: 105, exitTime: epochMs(T0 + 9 * DAY), exitPrice: 110, pnl: 49, returnPct: 0.047, exit: 'take_profit', breakout: true, entryClientOrderId: 'e1' },
    { symbol: 'AAA', direction: 'long', quantity: 10, entryTime: epochMs(T0 + 20 * DAY), entryPrice: 120, pnl: -5, returnPct: -0.004, exit: 'open', breakout: true, entryClientOrderId: 'e2' },
  ],
  metrics: { portfolio: metrics(), bySymbol: { AAA: metrics() } },
  signals: 4, proposals: { pending: 0, confirmed: 2, rejected: 0, expired: 2 },
  denials: [{ kind: 'order-denied', clientOrderId: 'x', ruleId: 'max-exposure', reason: 'too much', time: epochMs(T0) }],
  riskEvents: [], riskModel: [],
  ...over,
});
const est = (value: number) => ({ value, low: value - 0.1, high: Number.NaN, level: 0.95 });
const comparison = (ml: BacktestResult): BaselineComparison => ({
  ml, baseline: result({ metrics: { portfolio: metrics({ totalReturn: 0.02, sharpe: 0.2 }), bySymbol: {} } }),
  breakoutSuccessRate: { ml: est(0.5), baseline: est(0.4), difference: est(0.1) },
  volatility: { ml: 0.1, baseline: 0.12, reduction: est(0.166) },
  sharpe: { ml: est(0.5), baseline: est(0.2), difference: est(0.3) },
  successMetrics: [
    { metric: 'Breakout success rate improvement', target: '25%+', measured: est(0.25), unit: '%', met: true },
    { metric: 'Volatility reduction', target: '20%+', measured: est(0.166), unit: '%', met: false },
    { metric: 'Risk-adjusted return (Sharpe)', target: 'higher than baseline', measured: est(0.3), unit: 'ratio', met: null },
  ],
});

describe('backtest report', () => {
  const main = result();
  const report = buildBacktestReport({
    result: main, bars: { query: () => bars }, seed: 9, generatedAt: Date.UTC(2026, 0, 1), command: 'desk backtest --symbols AAA',
    comparison: comparison(main),
    stress: {
      scenarios: [
        { id: 'crash-1987', label: '1987 crash', kind: 'historical', from: epochMs(0), to: epochMs(DAY), symbols: [], absent: [{ symbol: 'AAA', reason: 'starts 2010-01-04' }], skipped: 'no stored series covers this window' },
        { id: 'shock-gap', label: 'gap -10%', kind: 'synthetic', from: epochMs(T0), to: epochMs(T0 + DAY), symbols: ['AAA'], absent: [], metrics: metrics({ totalReturn: -0.05 }), versusPlain: { totalReturn: -0.17, maxDrawdown: 0.1 },
          risk: { killSwitchTrips: 1, lossLimitTrips: 1, killSwitchOnAtEnd: true, refusalsByRule: { 'kill-switch': 3 }, refusals: 3, sized: 2, sizedToZero: 0, proposals: { pending: 0, confirmed: 1, rejected: 0, expired: 0 }, signals: 2 } },
      ],
      monteCarlo: monteCarloDrawdowns([49, -30, 12], 100_000, { seed: 9, runs: 100 }),
      monteCarloBootstrap: monteCarloDrawdowns([49, -30, 12], 100_000, { seed: 9, runs: 100, method: 'bootstrap' }),
    },
  });

  it('matches the JSON schema, with undefined figures as null', () => {
    const parsed = backtestReportSchema.parse(JSON.parse(JSON.stringify(report)));
    expect(parsed.metrics.portfolio.sortino).toBeNull();
    expect(parsed.comparison?.breakoutSuccessRate.ml.high).toBeNull();
    expect(parsed.run.barsPerSecond).toBe(2000);
    expect(parsed.risk.refusalsByRule).toEqual({ 'max-exposure': 1 });
    expect(parsed.equity.map((p) => +p.drawdown.toFixed(4))).toEqual([0, 0, 0.2, 0.1, 0]);
  });

  it('writes every section, the charts, one marker per entry and exit, and embeds the same JSON', () => {
    const html = renderHtmlReport(report);
    for (const id of REPORT_SECTIONS) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('id="equity-chart"');
    expect(html).toContain('id="drawdown-chart"');
    expect(html).toContain('id="price-AAA"');
    expect(html.match(/class="marker"/g)).toHaveLength(3);
    // Success metrics rows: one per row of the comparison.
    const success = html.slice(html.indexOf('<section id="success-metrics">'), html.indexOf('<section id="per-symbol">'));
    expect(success.match(/<tr>/g)).toHaveLength(4);
    const embedded = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(embedded)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('warns above every figure when the kill switch tripped and stayed on', () => {
    expect(renderHtmlReport(report)).not.toContain('id="kill-switch-warning"');
    const trip = { time: epochMs(T0 + 3 * DAY), kind: 'kill-switch-on' as const, ruleId: null, scope: 'global', actor: 'system:daily-loss-limit', reason: 'loss today exceeds the daily loss limit', lossLimit: true };
    const tripped = buildBacktestReport({ result: result({ riskEvents: [trip] }), bars: { query: () => bars }, seed: 1, generatedAt: 0 });
    expect(tripped.risk.killSwitchOnAtEnd).toBe(true);
    const html = renderHtmlReport(tripped);
    expect(html.indexOf('id="kill-switch-warning"')).toBeGreaterThan(0);
    expect(html.indexOf('id="kill-switch-warning"')).toBeLessThan(html.indexOf('class="cards"'));
    const reset = buildBacktestReport({ result: result({ riskEvents: [trip, { ...trip, kind: 'kill-switch-off', time: epochMs(T0 + 4 * DAY) }] }), bars: { query: () => bars }, seed: 1, generatedAt: 0 });
    expect(reset.risk.killSwitchOnAtEnd).toBe(false);
  });

  it('says when some symbols\' bars end well before the run, grouped by their last day, and reads long durations in years', () => {
    const end = report.run.end;
    const early = { ...report, run: { ...report.run, symbols: ['AAA', 'BBB', 'CCC'] }, prices: { AAA: [[end - 90 * DAY, 1] as [number, number]], BBB: [[end - 90 * DAY, 2] as [number, number]], CCC: [[end, 3] as [number, number]] } };
    const html = renderHtmlReport(early);
    expect(html).toContain('id="data-end-note"');
    expect(html).toContain(`2 of 3 symbols end before the run does (${new Date(end).toISOString().slice(0, 10)}): AAA, BBB on ${new Date(end - 90 * DAY).toISOString().slice(0, 10)}`);
    const whole = { ...early, prices: { ...early.prices, AAA: [[end, 1] as [number, number]], BBB: [[end, 2] as [number, number]] } };
    expect(renderHtmlReport(whole)).not.toContain('id="data-end-note"');
    // Without a comparison the metrics table shows the run's own portfolio figures.
    const { comparison: _shown, ...alone } = report;
    const long = { ...alone, metrics: { ...report.metrics, portfolio: { ...report.metrics.portfolio, maxDrawdownDurationMs: 2 * 365.25 * DAY } } };
    expect(renderHtmlReport(long)).toContain('>2.0 y<');
  });

  it('loads nothing from the network when opened', () => {
    const html = renderHtmlReport(report);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('escapes text that came from data', () => {
    const odd = buildBacktestReport({ result: result({ symbols: ['<b>X'] }), bars: { query: () => [] }, seed: 1, generatedAt: 0 });
    expect(renderHtmlReport(odd)).not.toContain('<b>X');
  });

  it('keeps the worst drawdown and the last point when it downsamples', () => {
    const curve = Array.from({ length: 10_000 }, (_, i) => ({ time: epochMs(i), cash: 0, equity: i === 6_543 ? 50 : 100 + Math.sin(i / 50) }));
    const pts = equityWithDrawdown(curve);
    expect(pts.length).toBeLessThanOrEqual(2_001);
    expect(Math.max(...pts.map((p) => p.drawdown))).toBeCloseTo(1 - 50 / Math.max(...curve.slice(0, 6_544).map((p) => p.equity)), 9);
    expect(pts.at(-1)?.time).toBe(9_999);
    expect(downsampleExtremes([1, 2, 3], 10, (x) => x)).toEqual([1, 2, 3]);
  });
});
