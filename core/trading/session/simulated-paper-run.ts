import { MarketSimulator } from '../../feeds/simulator/market-simulator.js';
import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import type { Db } from '../../storage/open-database.js';
import { ManualClock } from '../../time/manual-clock.js';
import { err, ok, type Result } from '../../util/result.js';
import { servingModelId } from '../proposals/breakout-signal.js';
import { PaperSession, type PaperSessionOptions, type PaperSessionReport } from './paper-session.js';
import { VOL_TARGET_ID } from '../../ml/risk/baselines/vol-target-sizer.js';

export interface SimulatedPaperRunOptions {
  readonly db: Db;
  readonly seed: number;
  /** Live bars per symbol after the warm-up history. */
  readonly bars: number;
  readonly interval?: Interval;
  readonly startingCash?: number;
  /**
   * Turn automation on for the serving model, the predictor's or else the baseline (confidence ≥ `minConfidence`,
   * position ≤ `maxPositionWeight`);
   * otherwise every proposal is left to expire, as it would with nobody at the desk.
   */
  readonly auto?: boolean;
  readonly minConfidence?: number;
  readonly maxPositionWeight?: number;
  /** Bars generated before the session for the features' warm-up; default 120. */
  readonly historyBars?: number;
  readonly decide?: PaperSessionOptions['decide'];
  /** What answers for breakout events; default the baseline alone. */
  readonly predictor?: PaperSessionOptions['predictor'];
  /** What sizes proposals and re-evaluates positions; default the vol-target baseline alone. */
  readonly risk?: PaperSessionOptions['risk'];
  readonly rebalance?: PaperSessionOptions['rebalance'];
}

/** 2024-01-02, a Tuesday: a fixed start so the same seed always gives the same session. */
const SIM_START = Date.UTC(2024, 0, 2);

/**
 * A paper session on the seeded simulator, as fast as the machine allows: the simulator runs on its own
 * manual clock, jumped from one bar to the next, while the trading engine's clock follows the bars' close
 * times. Same seed and options → the same fills.
 */
export async function runSimulatedPaperSession(o: SimulatedPaperRunOptions): Promise<Result<PaperSessionReport, string>> {
  if (!(Number.isInteger(o.bars) && o.bars > 0)) return err(`bars must be a positive whole number, got ${o.bars}`);
  const interval = o.interval ?? '1d';
  const driver = new ManualClock(SIM_START);
  const simulator = new MarketSimulator({ seed: o.seed, clock: driver, interval, historyBars: o.historyBars ?? 120 });
  const symbols = simulator.symbols();
  const history: Bar[] = [];
  for (const symbol of symbols) history.push(...(await simulator.history({ symbol, interval })));
  history.sort((a, b) => a.time - b.time);
  const clock = new ManualClock(history[0]?.time ?? SIM_START);
  const servingModel = servingModelId(o.predictor?.source ?? { kind: 'baseline', reason: '' });
  const rule = { enabled: true, minConfidence: o.minConfidence ?? 0.3, maxPositionWeight: o.maxPositionWeight ?? 0.2 };
  const opened = PaperSession.open({
    db: o.db, clock, interval, startingCash: o.startingCash ?? 100_000,
    // --auto covers the risk sizer's adjustments of the positions it opens, too.
    ...(o.auto === true ? { automation: { byModel: { [servingModel]: rule, [o.risk?.serving.id ?? VOL_TARGET_ID]: rule } } } : {}),
    ...(o.decide === undefined ? {} : { decide: o.decide }),
    ...(o.predictor === undefined ? {} : { predictor: o.predictor }),
    ...(o.rebalance === undefined ? {} : { rebalance: o.rebalance }),
    ...(o.risk === undefined ? {} : { risk: o.risk }),
  });
  if (!opened.ok) return opened;
  const session = opened.value;
  try {
    for (const bar of history) session.warmUp(bar);
    const queue: Bar[] = [];
    simulator.subscribe(symbols, interval);
    const off = simulator.on('bar', (bar) => queue.push(bar));
    simulator.start();
    for (let i = 0; i < o.bars; i++) {
      const due = driver.nextDue();
      if (due === undefined) break;
      driver.advanceTo(due);
      for (let bar = queue.shift(); bar !== undefined; bar = queue.shift()) await session.onBar(bar);
    }
    simulator.stop();
    off();
    return ok(session.report());
  } finally {
    session.close();
  }
}
