import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../core/backtest/backtest-runner.js';
import type { BacktestConfig, BacktestResult } from '../../core/backtest/backtest-types.js';
import { inMemoryBars } from '../../core/backtest/in-memory-bars.js';
import { MarketSimulator } from '../../core/feeds/simulator/market-simulator.js';
import type { Bar } from '../../core/market/bar.js';
import { closeOffsetMs } from '../../core/market/interval.js';
import type { BreakoutPrediction } from '../../core/ml/breakout-prediction.js';
import { BreakoutPredictor } from '../../core/ml/inference/breakout-predictor.js';
import type { BreakoutServing } from '../../core/ml/inference/breakout-serving.js';
import { SHIPPED_BREAKOUT_MODELS } from '../../core/ml/inference/shipped-models.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';

/**
 * The engine-wide look-ahead guard: for seeded random cut points t, a backtest over the bars up to t computes
 * exactly what a backtest over all bars computed at or before t — the features and predictions the model saw,
 * the proposals, orders and fills, the equity curve. Any use of a later bar anywhere in the path (features,
 * predictor, sizer, broker, risk checks) would make some of them differ.
 */
const SEED = 8;
const CUTS = 3;

async function simulatorBars(): Promise<Bar[]> {
  const sim = new MarketSimulator({ seed: SEED, clock: new ManualClock(Date.UTC(2024, 0, 2)), interval: '1d', historyBars: 360 });
  const bars: Bar[] = [];
  for (const symbol of sim.symbols()) bars.push(...(await sim.history({ symbol, interval: '1d' })));
  return bars;
}

interface Seen {
  readonly symbol: string;
  readonly barTime: number;
  readonly features: number[];
  readonly prediction: BreakoutPrediction | undefined;
}

/** The real predictor, with every question it is asked and every answer written down. */
function recording(inner: BreakoutServing, seen: Seen[]): BreakoutServing {
  return {
    baseline: inner.baseline,
    interval: inner.interval,
    get source() {
      return inner.source;
    },
    predictEvent(features, close, atr, context) {
      const prediction = inner.predictEvent(features, close, atr, context);
      seen.push({ symbol: context?.symbol ?? '', barTime: context?.barTime ?? Number.NaN, features: Array.from(features), prediction });
      return prediction;
    },
  };
}

interface Trace {
  readonly result: BacktestResult;
  readonly seen: readonly Seen[];
  readonly orders: readonly Record<string, unknown>[];
  readonly proposals: readonly Record<string, unknown>[];
}

const closeOf = (time: number): number => time + closeOffsetMs('1d');

/**
 * A cheat for the guard's own test, the classic look-ahead bug: the baseline's call with a confidence scaled by
 * the symbol's highest close over the whole data set, a full-sample statistic no bar's close could know.
 */
function peeking(data: readonly Bar[]): BreakoutServing {
  const inner: BreakoutServing = BreakoutPredictor.baselineOnly('peeking test predictor', { interval: '1d' });
  const highest = new Map<string, number>();
  for (const b of data) highest.set(b.symbol, Math.max(b.close, highest.get(b.symbol) ?? 0));
  return {
    baseline: inner.baseline,
    interval: inner.interval,
    source: inner.source,
    predictEvent(features, close, atr, context) {
      const p = inner.predictEvent(features, close, atr, context);
      if (p === undefined || context === undefined) return p;
      return { ...p, confidence: close / (highest.get(context.symbol) ?? close) };
    },
  };
}

describe('look-ahead guard: truncating the data after bar t changes nothing computed at or before t', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let runs = 0;
  beforeEach(() => {
    tmp = makeTempDir('desk-lookahead-');
  });
  afterEach(() => tmp.remove());

  let bars: Bar[] = [];
  let cuts: number[] = [];
  beforeAll(async () => {
    bars = await simulatorBars();
    const times = [...new Set(bars.map((b) => b.time))].sort((a, b) => a - b);
    const rnd = seededUniform(SEED);
    cuts = Array.from({ length: CUTS }, () => times[Math.floor((0.3 + 0.65 * rnd()) * times.length)] as number).sort((a, b) => a - b);
  });

  type Config = Omit<BacktestConfig, 'bars' | 'symbols' | 'interval' | 'strategy'> & {
    readonly strategy: BacktestConfig['strategy'] | { readonly kind: 'peeking' };
  };

  /** Runs over the bars up to `to` only (all when omitted): the rest of the data does not exist for the run. */
  async function trace(config: Config, to?: number): Promise<Trace> {
    const seen: Seen[] = [];
    const data = to === undefined ? bars : bars.filter((b) => b.time <= to);
    const strategy = config.strategy.kind === 'peeking'
      ? { kind: 'breakout' as const, predictor: recording(peeking(data), seen) }
      : config.strategy.kind === 'breakout' && config.strategy.predictor !== undefined
        ? { kind: 'breakout' as const, predictor: recording(config.strategy.predictor, seen) }
        : config.strategy;
    const file = tmp.file(`run-${++runs}.db`);
    const symbols = [...new Set(bars.map((b) => b.symbol))];
    const r = await runBacktest({ ...config, strategy, symbols, interval: '1d', bars: inMemoryBars(data), dbFile: file });
    if (!r.ok) throw new Error(r.error);
    const db = openDatabase(file);
    try {
      // Creation fields only: a later bar may legitimately change an order's or a proposal's status.
      const orders = db.prepare('SELECT client_order_id, symbol, side, type, quantity, limit_price, stop_price, created_at FROM orders ORDER BY rowid').all() as Record<string, unknown>[];
      const proposals = db.prepare('SELECT proposal_id, created_at, symbol, side, quantity, stop_loss, take_profit, prediction, sizing FROM proposals ORDER BY rowid').all() as Record<string, unknown>[];
      return { result: r.value, seen, orders, proposals };
    } finally {
      db.close();
    }
  }

  function expectSamePast(full: Trace, cut: Trace, t: number): void {
    const until = closeOf(t);
    const upTo = <T>(xs: readonly T[], time: (x: T) => number): T[] => xs.filter((x) => time(x) <= until);
    expect(cut.seen).toEqual(upTo(full.seen, (s) => closeOf(s.barTime)));
    expect(cut.proposals).toEqual(upTo(full.proposals, (p) => p['created_at'] as number));
    expect(cut.orders).toEqual(upTo(full.orders, (o) => o['created_at'] as number));
    expect(cut.result.fills).toEqual(upTo(full.result.fills, (f) => f.time));
    expect(cut.result.denials).toEqual(upTo(full.result.denials, (d) => d.time));
    expect(cut.result.equityCurve).toEqual(upTo(full.result.equityCurve, (p) => p.time));
  }

  it('the ML pipeline (shipped ensemble, sizer, automation, paper broker)', async () => {
    const predictor = BreakoutPredictor.fromModelsRoot(SHIPPED_BREAKOUT_MODELS, { interval: '1d' });
    const config = { strategy: { kind: 'breakout', predictor }, policy: { kind: 'automation', minConfidence: 0, maxPositionWeight: 0.2 } } as const;
    const full = await trace(config);
    // The guard means something only if the run did things before the cuts.
    expect(full.seen.filter((s) => s.prediction !== undefined).length).toBeGreaterThan(20);
    expect(full.result.fills.filter((f) => f.time <= closeOf(cuts[0] ?? 0)).length).toBeGreaterThan(0);
    for (const t of cuts) expectSamePast(full, await trace(config, t), t);
  });

  it('catches a predictor that peeks at the next bar: the guard can fail', async () => {
    // A high threshold keeps the run to few orders: the cheat shows in every prediction, traded or not.
    const config = { strategy: { kind: 'peeking' }, policy: { kind: 'automation', minConfidence: 0.95, maxPositionWeight: 0.2 } } as const;
    const full = await trace(config);
    let caught = 0;
    for (const t of cuts) {
      try {
        expectSamePast(full, await trace(config, t), t);
      } catch {
        caught++;
      }
    }
    expect(caught).toBe(cuts.length);
  });

  it('the SMA crossover on the same engine', async () => {
    const config = { strategy: { kind: 'sma-crossover', fast: 5, slow: 20, quantity: 10 }, riskLimits: { maxOpenPositions: 100 } } as const;
    const full = await trace(config);
    expect(full.result.fills.length).toBeGreaterThan(20);
    for (const t of cuts) expectSamePast(full, await trace(config, t), t);
  });
});
