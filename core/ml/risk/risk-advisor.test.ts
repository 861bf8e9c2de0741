import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { InMemoryLedger } from '../../trading/portfolio/ledger.js';
import { makeFill } from '../../trading/portfolio/testing-fills.js';
import { Portfolio } from '../../trading/portfolio/portfolio.js';
import { fixedFractionSizer } from './baselines/fixed-fraction-sizer.js';
import { volTargetAtrSizer } from './baselines/vol-target-sizer.js';
import { RiskAdvisor } from './risk-advisor.js';
import { riskStateFrom } from './state/risk-state-from.js';
import type { RiskSizer } from './risk-sizer.js';
import type { HistoryQuery } from '../../feeds/feed.js';
import { closeOffsetMs } from '../../market/interval.js';
import { correlationRisk } from '../../trading/portfolio/correlation-risk.js';
import { holdingWeights } from '../../trading/portfolio/concentration.js';

const DAY = 86_400_000;
const bar = (i: number, close = 100): Bar => ({
  symbol: 'AAA', interval: '1d', time: epochMs(i * DAY), open: price(close), high: price(close + 1), low: price(close - 1), close: price(close), volume: quantity(1000),
});
const advisor = (serving = volTargetAtrSizer()): RiskAdvisor => new RiskAdvisor({
  serving, baseline: volTargetAtrSizer(), fallbackReason: 'no model in models/risk',
  portfolio: new Portfolio(new InMemoryLedger([], [{ time: epochMs(0), amount: 50_000, note: 'start' }])), mark: () => undefined,
});

describe('RiskAdvisor', () => {
  it('says why it cannot size an unseen symbol or one whose ATR is still warming up', () => {
    const a = advisor();
    expect(a.advise('AAA', 1)).toEqual({ ok: false, error: 'no bars of AAA seen yet' });
    for (let i = 0; i < 10; i++) a.onBar(bar(i));
    expect(a.advise('AAA', 1)).toEqual({ ok: false, error: expect.stringContaining('too few bars for an ATR(14)') });
  });

  it('sizes at the last close with the state built from the bars it saw, ignoring a replayed older bar', () => {
    const a = advisor();
    for (let i = 0; i < 20; i++) a.onBar(bar(i));
    a.onBar(bar(3, 500));
    expect(a.atr('AAA')).toBe(2);
    const r = a.advise('AAA', 1);
    // $50k × 0.2 % = $100 over a 2-point stop = 50 shares.
    expect(r.ok && [r.value.entry, r.value.serving.quantity, r.value.state.portfolioMetrics.totalValue]).toEqual([100, 50, 50_000]);
    expect(a.source).toEqual({ kind: 'baseline', id: 'baseline:vol-target-atr', reason: 'no model in models/risk' });
  });

  it('names a model that serves, and asks both sizers', () => {
    const a = advisor({ ...fixedFractionSizer(), id: 'risk:v1', kind: 'model' });
    for (let i = 0; i < 20; i++) a.onBar(bar(i));
    const r = a.advise('AAA', -1, 100);
    expect(a.source).toEqual({ kind: 'model', id: 'risk:v1' });
    expect(r.ok && [r.value.serving.quantity, r.value.baseline.quantity, r.value.serving.stopLoss]).toEqual([50, 50, 102]);
  });

  it('measures the holdings\' correlation from the daily bars it was shown, as the DQN environment does', () => {
    const ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'start' }]);
    ledger.addFill(makeFill('AAA', 'buy', 10, 100, 0));
    ledger.addFill(makeFill('BBB', 'buy', 10, 100, 0));
    const a = new RiskAdvisor({ serving: volTargetAtrSizer(), baseline: volTargetAtrSizer(), portfolio: new Portfolio(ledger), mark: () => undefined });
    let px = 100;
    for (let i = 0; i < 70; i++) {
      px *= i % 3 === 0 ? 1.02 : 0.99;
      // BBB moves exactly twice as much as AAA in log terms: correlation 1.
      a.onBar({ ...bar(i, px), symbol: 'AAA' });
      a.onBar({ ...bar(i, (px * px) / 100), symbol: 'BBB' });
    }
    const r = a.advise('AAA', 1);
    expect(r.ok && r.value.state.portfolioMetrics.correlationRisk).toBeCloseTo(1, 9);
  });

  it('reads each holding\'s daily window as a filter over the bars it was shown would, also with a gap and other intervals', () => {
    const ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'start' }]);
    for (const s of ['AAA', 'BBB', 'CCC']) ledger.addFill(makeFill(s, 'buy', 10, 100, 0));
    const portfolio = new Portfolio(ledger);
    const a = new RiskAdvisor({ serving: volTargetAtrSizer(), baseline: volTargetAtrSizer(), portfolio, mark: () => undefined });
    // What the advisor keeps per symbol: up to 122 bars, cut back to the latest 61 beyond that.
    const kept = new Map<string, Bar[]>();
    const show = (b: Bar): void => {
      a.onBar(b);
      const list = kept.get(b.symbol) ?? [];
      list.push(b);
      if (list.length > 122) list.splice(0, list.length - 61);
      kept.set(b.symbol, list);
    };
    const showDays = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        show(bar(i, 100 * Math.exp(0.03 * Math.sin(i))));
        // BBB skips every seventh day; CCC also gets an hourly bar each day, so its series mixes intervals.
        if (i % 7 !== 3) show({ ...bar(i, 100 * Math.exp(0.02 * Math.cos(i * 1.3))), symbol: 'BBB' });
        show({ ...bar(i, 100 * Math.exp(0.025 * Math.sin(i * 0.7))), symbol: 'CCC' });
        show({ ...bar(i, 100), symbol: 'CCC', interval: '1h', time: epochMs(i * DAY + 3_600_000) });
      }
    };
    const filtered = {
      query: (q: HistoryQuery): Bar[] => {
        const list = (kept.get(q.symbol) ?? []).filter((b) => b.interval === q.interval && (q.to === undefined || b.time <= q.to));
        return q.limit === undefined ? list : list.slice(-q.limit);
      },
    };
    const check = (day: number): void => {
      const r = a.advise('AAA', 1);
      const weights = holdingWeights(portfolio.positions(), (s) => (s === 'AAA' ? price(100 * Math.exp(0.03 * Math.sin(day))) : undefined));
      const expected = correlationRisk(filtered, weights, { lookbackDays: 60, asOf: epochMs(day * DAY + closeOffsetMs('1d')) });
      expect(expected.pairs).toHaveLength(3);
      expect(r.ok && r.value.state.portfolioMetrics.correlationRisk).toBe(expected.weightedAverage);
    };
    showDays(0, 90);
    check(89);
    check(89);
    // Enough days for the kept bars to be cut back (at 123 to 61) and to grow to as many as at the first read (90).
    showDays(90, 152);
    check(151);
  });

  it('gives a position review the same answers and refusals as advise, and state() the state advise saw', () => {
    const ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'start' }]);
    ledger.addFill(makeFill('AAA', 'buy', 10, 100, 0));
    ledger.addFill(makeFill('BBB', 'sell', 20, 100, 0));
    const portfolio = new Portfolio(ledger);
    const model: RiskSizer = { id: 'risk:v1', kind: 'model', size: volTargetAtrSizer().size };
    const advisors = [
      new RiskAdvisor({ serving: volTargetAtrSizer(), baseline: volTargetAtrSizer(), portfolio, mark: () => undefined }),
      new RiskAdvisor({ serving: fixedFractionSizer(), baseline: volTargetAtrSizer(), portfolio, mark: () => undefined }),
      // A model that reads the whole state: its review builds the state first, as advise does.
      new RiskAdvisor({ serving: model, baseline: volTargetAtrSizer(), portfolio, mark: () => undefined }),
    ];
    const shown: Bar[] = [];
    for (let i = 0; i < 80; i++) shown.push(bar(i, 100 * Math.exp(0.02 * Math.sin(i))), { ...bar(i, 100 * Math.exp(0.03 * Math.cos(i * 0.8))), symbol: 'BBB' });
    // The bars shown, as a store would answer: the symbol's bars up to `to`, the last `limit` of them.
    const daily = { query: (q: HistoryQuery): Bar[] => shown.filter((b) => b.symbol === q.symbol && b.time <= (q.to ?? Infinity)).slice(-(q.limit ?? shown.length)) };
    for (const a of advisors) {
      expect(a.reviewAdvice('AAA', 1)).toEqual(a.advise('AAA', 1));
      for (let i = 0; i < 80; i++) {
        a.onBar(shown[2 * i] ?? bar(i));
        a.onBar(shown[2 * i + 1] ?? bar(i));
        if (i === 5) expect(a.reviewAdvice('AAA', 1)).toEqual(a.advise('AAA', 1));
      }
      for (const [symbol, direction] of [['AAA', 1], ['BBB', -1]] as const) {
        const review = a.reviewAdvice(symbol, direction);
        const advice = a.advise(symbol, direction);
        if (!review.ok || !advice.ok) throw new Error('both should answer');
        expect(review.value).toEqual({ serving: advice.value.serving, baseline: advice.value.baseline, atr: advice.value.atr, entry: advice.value.entry, direction });
        expect(a.state(symbol)).toEqual({ ok: true, value: advice.value.state });
        // The advisor's own path to the state (its series, its kept marks and windows) gives riskStateFrom's.
        const bars = shown.filter((b) => b.symbol === symbol);
        expect(riskStateFrom({ portfolio, mark: () => undefined, symbol, bars, atr: a.atr(symbol), dailyBars: daily })).toEqual({ ok: true, value: advice.value.state });
        expect(advice.value.state.portfolioMetrics.correlationRisk).not.toBe(0);
      }
    }
  });

  it('refuses a position review with the words advise uses when the book\'s equity is not positive', () => {
    const ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 1_000, note: 'start' }]);
    ledger.addFill(makeFill('AAA', 'buy', 100, 100, 0));
    const portfolio = new Portfolio(ledger);
    for (const serving of [volTargetAtrSizer(), fixedFractionSizer()]) {
      const a = new RiskAdvisor({ serving, baseline: volTargetAtrSizer(), portfolio, mark: () => undefined });
      // Marked at its last close of 50: 1,000 − 10,000 + 100 × 50 = −4,000.
      for (let i = 0; i < 20; i++) a.onBar(bar(i, 50));
      const review = a.reviewAdvice('AAA', 1);
      expect(review).toEqual({ ok: false, error: 'risk state for AAA: equity must be positive, got -4000' });
      expect(review).toEqual(a.advise('AAA', 1));
      expect(a.state('AAA')).toEqual(review);
    }
  });
});
