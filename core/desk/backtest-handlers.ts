import { isCancelledRun, runBacktest } from '../backtest/backtest-runner.js';
import type { BacktestConfig, BacktestProgress, BacktestStrategy, RunBacktest } from '../backtest/backtest-types.js';
import { buildBacktestReport } from '../backtest/report/build-report.js';
import type { BacktestReport } from '../backtest/report/report-schema.js';
import type { DeskHandlers } from '../contract/desk-api.js';
import { DeskFailure, deskError } from '../contract/errors.js';
import type { Params } from '../contract/requests.js';
import type { BacktestJob } from '../contract/streams/backtest-streams.js';
import type { Interval } from '../market/interval.js';
import { epochMs, type EpochMs } from '../market/units.js';
import type { BreakoutPredictor } from '../ml/inference/breakout-predictor.js';
import type { BarStore } from '../storage/bar-store.js';
import type { Clock } from '../time/clock.js';
import { deskPredictor } from './desk-predictor.js';
import { storedSeries } from './feed-handlers.js';
import type { StreamHub } from './stream-hub.js';

type BacktestHandlers = Pick<DeskHandlers, 'backtest.run' | 'backtest.result' | 'backtest.cancel'>;

export interface BacktestHandlerContext {
  readonly store: BarStore;
  readonly hub: StreamHub;
  readonly clock: Clock;
  readonly modelsDir?: string;
  /** The runner; tests pass a scripted one. Default: the desk engine's `runBacktest`. */
  readonly run?: RunBacktest;
  /**
   * Bars between progress events (and yields to the event loop, where a cancel lands); default 200: the ML
   * pipeline runs ~3,400 bars/s, so a request waits at most ~60 ms, and the yields cost < 2% (bench/backtest-yield).
   */
  readonly progressEvery?: number;
}

const DESK_CHUNK_BARS = 200;

/** Finished runs kept for `backtest.result`; older ones are dropped first. */
const KEPT_RUNS = 8;

interface Job {
  state: BacktestJob;
  report: BacktestReport | null;
  /** Aborted by `backtest.cancel`; the runner stops at its next chunk. */
  readonly abort: AbortController;
}

const day = (iso: string): EpochMs => epochMs(Date.parse(`${iso}T00:00:00Z`));

/** The one interval every symbol has stored bars of, daily first (the interval the model serves). */
function commonInterval(store: BarStore, symbols: readonly string[]): Interval {
  const series = storedSeries(store);
  const missing = symbols.filter((s) => !series.some((x) => x.symbol === s));
  if (missing.length > 0) throw new DeskFailure(deskError('not-found', `No stored bars for ${missing.join(', ')}: import a CSV (Settings → Feed) or run desk ingest first.`));
  const intervals = (['1d', '1h', '15m', '5m', '1m'] as const).filter((i) => symbols.every((s) => series.some((x) => x.symbol === s && x.interval === i)));
  const chosen = intervals[0];
  if (chosen === undefined) throw new DeskFailure(deskError('conflict', `${symbols.join(', ')} have no bar interval in common; backtest them separately.`));
  return chosen;
}

/**
 * The backtest view's requests: a run goes through the same `runBacktest` as `desk backtest` on the desk's
 * stored bars, in the background of the request that started it, one at a time. Progress goes out on
 * `backtest.progress`; between progress steps the run yields to the event loop, so other requests, the
 * feed and a `backtest.cancel` get their turn.
 */
export function createBacktestHandlers(ctx: BacktestHandlerContext): BacktestHandlers {
  const jobs = new Map<string, Job>();
  const run = ctx.run ?? runBacktest;
  let counter = 0;
  let model: BreakoutPredictor | undefined;

  const publish = (job: Job, patch: Partial<BacktestJob>): void => {
    job.state = { ...job.state, ...patch };
    ctx.hub.emit('backtest.progress', job.state);
  };

  const strategyOf = (kind: Params<'backtest.run'>['strategy'], interval: Interval): BacktestStrategy => {
    if (kind === 'sma-crossover') return { kind: 'sma-crossover', fast: 10, slow: 30, quantity: 100 };
    if (kind === 'baseline') return { kind: 'breakout' };
    // Loaded once: verifying and loading the model is the slow part of a small run.
    model ??= deskPredictor(interval, ctx.modelsDir);
    return { kind: 'breakout', predictor: model };
  };

  const execute = async (job: Job, config: BacktestConfig): Promise<void> => {
    // The request that started the run answers first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const signal = job.abort.signal;
    const onProgress = (p: BacktestProgress): void => {
      // The runner yields to the event loop after this (it was given the signal), so requests get their turn.
      if (!signal.aborted) publish(job, { barsDone: p.barsDone, barsTotal: p.barsTotal, time: p.time });
    };
    try {
      if (signal.aborted) {
        publish(job, { state: 'cancelled' });
        return;
      }
      const r = await run({ ...config, onProgress, signal, progressEvery: ctx.progressEvery ?? DESK_CHUNK_BARS });
      // A run that finished before it saw the abort still counts as cancelled: the trader asked not to see it.
      if (signal.aborted || (!r.ok && isCancelledRun(r.error))) publish(job, { state: 'cancelled' });
      else if (!r.ok) publish(job, { state: 'failed', error: r.error });
      else {
        job.report = buildBacktestReport({ result: r.value, bars: config.bars, seed: 0, generatedAt: ctx.clock.now() });
        publish(job, { state: 'done', barsDone: r.value.bars, barsTotal: r.value.bars });
      }
    } catch (cause) {
      publish(job, { state: 'failed', error: cause instanceof Error ? cause.message : String(cause) });
    }
  };

  const find = (runId: string): Job => {
    const job = jobs.get(runId);
    if (job === undefined) throw new DeskFailure(deskError('not-found', `No backtest run ${runId} on this desk (only the latest ${KEPT_RUNS} are kept).`));
    return job;
  };

  return {
    'backtest.run': (p) => {
      if ([...jobs.values()].some((j) => j.state.state === 'running')) {
        throw new DeskFailure(deskError('conflict', 'A backtest is already running: wait for it or cancel it first.'));
      }
      const interval = commonInterval(ctx.store, p.symbols);
      const from = p.from === undefined ? undefined : day(p.from);
      const to = p.to === undefined ? undefined : day(p.to);
      if (from !== undefined && to !== undefined && from > to) throw new DeskFailure(deskError('invalid-params', `from ${p.from} is after to ${p.to}`));
      const runId = `bt-${++counter}-${ctx.clock.now()}`;
      const job: Job = { state: { runId, state: 'running', barsDone: 0, barsTotal: 0, time: 0 }, report: null, abort: new AbortController() };
      jobs.set(runId, job);
      for (const id of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT_RUNS))) jobs.delete(id);
      const config: BacktestConfig = {
        symbols: p.symbols, interval, bars: ctx.store, strategy: strategyOf(p.strategy, interval),
        ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
        ...(p.startingCash === undefined ? {} : { startingCash: p.startingCash }),
      };
      void execute(job, config);
      return job.state;
    },
    'backtest.result': ({ runId }) => {
      const job = find(runId);
      return { job: job.state, report: job.report };
    },
    'backtest.cancel': ({ runId }) => {
      const job = find(runId);
      if (job.state.state === 'running') job.abort.abort();
      return job.state;
    },
  };
}
