import { mergeByTime } from '../feeds/replay/merge-by-time.js';
import type { Bar } from '../market/bar.js';
import { closeOffsetMs } from '../market/interval.js';
import { epochMs } from '../market/units.js';
import type { Db } from '../storage/open-database.js';
import { ManualClock } from '../time/manual-clock.js';
import { err, ok, type Result } from '../util/result.js';
import type { ProposalStatus } from '../trading/proposals/proposal.js';
import { MemoryProposalStore } from '../trading/proposals/memory-proposal-store.js';
import { servingModelId } from '../trading/proposals/breakout-signal.js';
import { RiskEventStore } from '../trading/risk/risk-event-store.js';
import { tradingDayOf } from '../trading/risk/trading-day.js';
import { MemoryOrderJournal } from '../trading/orders/memory-order-journal.js';
import { PaperSession, type PaperSessionOptions } from '../trading/session/paper-session.js';
import { VOL_TARGET_ID } from '../ml/risk/baselines/vol-target-sizer.js';
import { TradingEngine } from '../trading/session/trading-engine.js';
import type { BacktestConfig, BacktestPolicy, BacktestResult, BacktestRiskEvent, PerformanceMetrics, RiskModelEvent } from './backtest-types.js';
import { performanceMetrics } from './metrics/performance-metrics.js';
import { roundTrips } from './round-trips.js';
import { ChunkCommits } from './chunk-commits.js';
import { keepTrail } from './keep-trail.js';
import { openRunDatabase } from './run-database.js';
import { SmaCrossoverStrategy } from './sma-crossover-strategy.js';
import { groupBy, symbolCurves } from './symbol-curves.js';

const CANCELLED = 'cancelled';

/** Whether a run's error is the runner's answer to its `signal` being aborted (as opposed to a failure). */
export function isCancelledRun(error: string): boolean {
  return error.startsWith(CANCELLED);
}

/** Resolves on the event loop's next check phase, after pending I/O and timers had their turn. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const DEFAULT_POLICY = { kind: 'automation', minConfidence: 0.3, maxPositionWeight: 0.2 } as const;
const LOSS_LIMIT_ACTOR = 'system:daily-loss-limit';

/** The bars of a run: warm-up history and the traded bars, each merged across symbols in time order. */
export interface RunBars {
  readonly warm: readonly Bar[];
  readonly live: readonly Bar[];
}

/** Reads the run's bars from its source: per symbol, up to `warmUpBars` before `from`, then `from`..`to`. */
export function loadRunBars(config: BacktestConfig): RunBars {
  const warmBars = config.warmUpBars ?? 120;
  const warm: (readonly Bar[])[] = [];
  const live: (readonly Bar[])[] = [];
  for (const symbol of config.symbols) {
    const base = { symbol, interval: config.interval };
    if (config.from !== undefined && warmBars > 0) warm.push(config.bars.query({ ...base, to: epochMs(config.from - 1), limit: warmBars }));
    live.push(config.bars.query({ ...base, ...(config.from === undefined ? {} : { from: config.from }), ...(config.to === undefined ? {} : { to: config.to }) }));
  }
  // The traded bars are copied in replay order: bars come from their source per symbol, so consecutive bars of the
  // replay sat far apart on the heap and the engine's first read of nearly every bar missed the CPU caches (a tenth
  // of the crossover run's loop, by line profile); copies allocated one after another are read sequentially.
  return { warm: mergeByTime(warm), live: mergeByTime(live, { copy: true }) };
}

/**
 * Runs one backtest through the live engine: the run's own SQLite file, a ManualClock moved to each bar's close,
 * the stored bars replayed in time order across symbols as one portfolio, the paper broker, and either the
 * desk's breakout pipeline (PaperSession: features → predictor → sized proposal → automation or `decide` →
 * order manager with pre-trade checks) or the SMA crossover on the same engine. No second code path: what
 * differs from `desk paper --replay` is only who drives the bars and what is read back at the end.
 */
export async function runBacktest(config: BacktestConfig): Promise<Result<BacktestResult, string>> {
  if (config.symbols.length === 0) return err('a backtest needs at least one symbol');
  const bars = loadRunBars(config);
  const first = bars.warm[0] ?? bars.live[0];
  if (first === undefined || bars.live.length === 0) return err(`no ${config.interval} bars for ${config.symbols.join(', ')} in the range asked`);
  const keep = config.keepDb === true || config.dbFile !== undefined;
  const run = openRunDatabase(config.dbFile, keep);
  if (!run.ok) return run;
  const { db } = run.value;
  const clock = new ManualClock(first.time);
  const startingCash = config.startingCash ?? 100_000;
  const started = performance.now();
  const commits = new ChunkCommits(db);
  // The run's orders are journalled in memory and written to its file at the end when the file is kept: the
  // paper broker dies with the run, so per-order durability would buy nothing (see MemoryOrderJournal).
  const journal = new MemoryOrderJournal();
  const proposals = new MemoryProposalStore();
  // Proposals name their order, which reaches the file only then: the keys are checked once, after that write.
  db.pragma('foreign_keys = OFF');
  let session: PaperSession | undefined;
  let engine: TradingEngine;
  try {
    if (config.strategy.kind === 'breakout') {
      const predictor = config.strategy.predictor;
      const policy = config.policy ?? DEFAULT_POLICY;
      const modelId = servingModelId(predictor?.source ?? { kind: 'baseline', reason: '' });
      const opened = PaperSession.open({
        db, clock, interval: config.interval, startingCash, journal, proposals,
        ...(predictor === undefined ? {} : { predictor }),
        ...(config.broker === undefined ? {} : { broker: config.broker }),
        ...(config.strategy.risk === undefined ? {} : { risk: config.strategy.risk }),
        ...automationOf(policy, modelId, config.strategy.risk?.serving.id ?? VOL_TARGET_ID),
      });
      if (!opened.ok) return fail(run.value, opened.error);
      session = opened.value;
      engine = session.engine;
    } else {
      const opened = TradingEngine.open({ db, clock, startingCash, journal, ...(config.broker === undefined ? {} : { broker: config.broker }) });
      if (!opened.ok) return fail(run.value, opened.error);
      engine = opened.value;
      try {
        engine.use(new SmaCrossoverStrategy(engine, config.strategy));
      } catch (cause) {
        engine.close();
        return fail(run.value, cause instanceof Error ? cause.message : String(cause));
      }
    }
    if (config.riskLimits !== undefined) {
      const updated = engine.gate.updateLimits({ ...engine.gate.limits, ...config.riskLimits }, 'backtest', 'risk limits of this backtest run');
      if (!updated.ok) {
        (session ?? engine).close();
        return fail(run.value, `risk limits: ${String(updated.error)}`);
      }
    }
    // The gate's start of day changes once per simulated trading day; the file is read only after a commit.
    engine.gate.holdDayStart();
    const gate = engine.gate;
    commits.beforeCommit(() => gate.flushDayStart());
    const reset = lossLimitReset(engine, config.killSwitchReset ?? 'never');
    for (const bar of bars.warm) engine.warmUp(bar);
    const every = Math.max(1, config.progressEvery ?? 1000);
    const total = bars.live.length;
    const { onProgress, signal } = config;
    commits.begin();
    let i = 0;
    for (const bar of bars.live) {
      reset?.before(bar);
      const pending = engine.step(bar);
      if (pending !== undefined) await pending;
      if (++i % every !== 0) continue;
      // Chunk boundary: the run file is committed, and only here does the run hand the event loop back (per
      // bar, either would cost the run).
      commits.commit();
      if (onProgress !== undefined) await onProgress({ barsDone: i, barsTotal: total, time: clock.now() });
      if (signal !== undefined) {
        await nextTurn();
        if (signal.aborted) {
          reset?.off();
          (session ?? engine).close();
          return fail(run.value, `${CANCELLED} after ${i} of ${total} bars`);
        }
      }
      commits.begin();
    }
    commits.commit();
    await onProgress?.({ barsDone: total, barsTotal: total, time: clock.now() });
    const wallMs = performance.now() - started;
    reset?.off();
    const result = collect(config, bars, engine, session, proposals, startingCash, wallMs, keep ? run.value.file : undefined, db);
    (session ?? engine).close();
    if (keep) {
      const kept = keepTrail(db, journal, proposals, engine.broker.name);
      if (!kept.ok) return fail(run.value, kept.error);
    }
    run.value.close();
    return ok(result);
  } catch (cause) {
    commits.rollback();
    run.value.close();
    return err(`backtest failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The session options a declared policy stands for; the automation rule also covers the risk sizer's adjustments. */
function automationOf(policy: BacktestPolicy, modelId: string, sizerId: string): Pick<PaperSessionOptions, 'automation'> | Pick<PaperSessionOptions, 'decide'> {
  if (policy.kind === 'decide') return { decide: policy.decide };
  if (policy.kind === 'policy') return { automation: policy.automation };
  const rule = { enabled: true, minConfidence: policy.minConfidence, maxPositionWeight: policy.maxPositionWeight };
  return { automation: { byModel: { [modelId]: rule, [sizerId]: rule } } };
}

/**
 * The declared reset policy: a daily-loss trip is switched off before the first bar of a later trading day.
 * Undefined for 'never'.
 */
function lossLimitReset(engine: TradingEngine, policy: 'never' | 'next-day'): { before(bar: Bar): void; off(): void } | undefined {
  if (policy === 'never') return undefined;
  let trippedOn: string | undefined;
  const off = engine.gate.onTrip((trip) => {
    if (trip.scope === 'global' && trip.actor === LOSS_LIMIT_ACTOR) trippedOn = tradingDayOf(engine.clock.now());
  });
  return {
    before(bar) {
      if (trippedOn === undefined || tradingDayOf(epochMs(bar.time + closeOffsetMs(bar.interval))) === trippedOn) return;
      trippedOn = undefined;
      engine.gate.setKillSwitch(false, { actor: 'backtest-policy', reason: 'declared backtest policy: a daily-loss trip is reset on the next trading day' });
    },
    off,
  };
}

function fail(run: { close(): void }, reason: string): Result<never, string> {
  run.close();
  return err(reason);
}

function collect(
  config: BacktestConfig, bars: RunBars, engine: TradingEngine, session: PaperSession | undefined, store: MemoryProposalStore, startingCash: number,
  wallMs: number, keptFile: string | undefined, db: Db,
): BacktestResult {
  const fills = engine.orders.ledger.fills();
  const trades = roundTrips(fills, (id) => engine.orders.order(id), engine.mark);
  const curve = engine.equityCurve();
  const firstBar = bars.live[0] as Bar;
  const lastBar = bars.live[bars.live.length - 1] as Bar;
  const start = epochMs(firstBar.time + closeOffsetMs(firstBar.interval));
  const end = epochMs(lastBar.time + closeOffsetMs(lastBar.interval));
  // The curve starts at the starting cash just before the first traded close, so the first bar's move counts.
  const portfolioCurve = [{ time: epochMs(start - 1), cash: startingCash, equity: startingCash }, ...curve];
  const bySymbol: Record<string, PerformanceMetrics> = {};
  const curves = symbolCurves(bars.live, fills, startingCash, start);
  const fillsOf = groupBy(fills, (f) => f.symbol);
  const tradesOf = groupBy(trades, (t) => t.symbol);
  for (const symbol of config.symbols) {
    const symbolCurve = curves.get(symbol);
    if (symbolCurve === undefined) continue;
    bySymbol[symbol] = performanceMetrics({ curve: symbolCurve, trades: tradesOf.get(symbol) ?? [], fills: fillsOf.get(symbol) ?? [] });
  }
  const proposals: Record<ProposalStatus, number> = { pending: 0, confirmed: 0, rejected: 0, expired: 0 };
  const made = store.createdBetween(epochMs(Number.MIN_SAFE_INTEGER), epochMs(Number.MAX_SAFE_INTEGER));
  for (const p of made) proposals[p.status]++;
  const riskEvents: BacktestRiskEvent[] = new RiskEventStore(db).list(epochMs(Number.MIN_SAFE_INTEGER), epochMs(Number.MAX_SAFE_INTEGER)).map((e) => ({
    time: e.time, kind: e.kind, ruleId: e.ruleId, scope: e.scope, actor: e.actor, reason: e.reason, lossLimit: e.actor === LOSS_LIMIT_ACTOR,
  }));
  const riskModel: RiskModelEvent[] = made
    .filter((p) => p.kind === 'signal')
    .map((p) => ({ time: p.createdAt, symbol: p.symbol, proposalId: p.id, quantity: p.quantity, status: p.status, sizing: p.sizing }));
  const report = session?.report();
  return {
    symbols: config.symbols,
    interval: config.interval,
    start,
    end,
    strategy: config.strategy.kind,
    ...(report === undefined ? {} : { servedBy: report.servedBy, modelId: report.modelId }),
    startingCash,
    bars: engine.bars,
    wallMs,
    ...(keptFile === undefined ? {} : { dbFile: keptFile }),
    equityCurve: curve,
    fills,
    trades,
    positions: engine.portfolio.positions().filter((p) => p.quantity !== 0),
    metrics: { portfolio: performanceMetrics({ curve: portfolioCurve, trades, fills }), bySymbol },
    signals: report?.signals ?? 0,
    proposals,
    denials: [...engine.denials],
    riskEvents,
    riskModel,
  };
}
