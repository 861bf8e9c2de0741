import { FeatureEngine } from '../core/features/feature-engine.js';
import { MarketSimulator } from '../core/feeds/simulator/market-simulator.js';
import type { Bar } from '../core/market/bar.js';
import { openDatabase } from '../core/storage/open-database.js';
import { makeTempDir } from '../core/storage/testing/temp-dir.js';
import { ManualClock } from '../core/time/manual-clock.js';
import { BreakoutPredictor } from '../core/ml/inference/breakout-predictor.js';
import { WilderAtr } from '../core/ml/labels/wilder-atr.js';
import { breakoutSignal } from '../core/trading/proposals/breakout-signal.js';
import { runSimulatedPaperSession } from '../core/trading/session/simulated-paper-run.js';
import { fmtRate, median } from './stats.js';

/**
 * `desk paper`'s engine: a seeded simulator session of BARS daily bars per symbol (6 symbols) with automation on,
 * everything on a real SQLite file (journal, proposals, risk state, fills). The reference is the same simulator
 * bars through the per-symbol FeatureEngine and the baseline signal only — the signal path with no proposal,
 * check, journal, broker or ledger — so the ratio is what trading costs per bar on top of finding signals.
 */
const BARS = 1_000;
const REPEATS = 3;
const SEED = 7;

function simulatorBars(): Bar[] {
  const driver = new ManualClock(Date.UTC(2024, 0, 2));
  const sim = new MarketSimulator({ seed: SEED, clock: driver, interval: '1d', historyBars: 120 + BARS });
  const bars: Bar[] = [];
  for (const symbol of sim.symbols()) {
    void sim.history({ symbol, interval: '1d' }).then((b) => bars.push(...b));
  }
  return bars;
}

function signalPath(bars: readonly Bar[]): number {
  const engines = new Map<string, { engine: FeatureEngine; atr: WilderAtr }>();
  const predictor = BreakoutPredictor.baselineOnly('bench reference: the signal path alone');
  let signals = 0;
  for (const bar of bars) {
    let s = engines.get(bar.symbol);
    if (s === undefined) {
      s = { engine: new FeatureEngine({ symbol: bar.symbol, interval: '1d' }), atr: new WilderAtr(predictor.baseline.spec.atrPeriod) };
      engines.set(bar.symbol, s);
    }
    if (!s.engine.onBar(bar).ok) continue;
    s.atr.push(bar.high, bar.low, bar.close);
    if (s.engine.warm && breakoutSignal(bar, s.engine.values, s.atr.value, predictor) !== undefined) signals++;
  }
  return signals;
}

async function timeSession(auto: boolean): Promise<{ ms: number; fills: number; bars: number }> {
  const times: number[] = [];
  let fills = 0;
  let bars = 0;
  for (let i = 0; i < REPEATS; i++) {
    const tmp = makeTempDir('bench-paper-');
    const db = openDatabase(tmp.file('paper.db'));
    try {
      const t0 = performance.now();
      // The baseline claims no confidence, so automating it takes a threshold of 0.
      const r = await runSimulatedPaperSession({ db, seed: SEED, bars: BARS, auto, minConfidence: 0 });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.error);
      fills = r.value.fills.length;
      bars = r.value.bars;
    } finally {
      db.close();
      tmp.remove();
    }
  }
  return { ms: median(times), fills, bars };
}

export async function run(): Promise<void> {
  const traded = await timeSession(true);
  // Without automation nothing is confirmed: no order, journal write or fill, so this isolates their cost.
  const idle = await timeSession(false);
  const { fills, bars } = traded;
  // History resolves in a microtask: wait for it before timing the reference.
  const all = simulatorBars();
  await Promise.resolve();
  all.sort((a, b) => a.time - b.time);
  const refMs: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    signalPath(all);
    refMs.push(performance.now() - t0);
  }
  const s = traded.ms;
  const ref = median(refMs);
  console.log(
    `paper session (simulator, ${bars.toLocaleString('en-US')} live bars + ${(all.length - bars).toLocaleString('en-US')} warm-up, ${fills} fills, SQLite file): ${fmtRate((bars / s) * 1000)} bars, ${s.toFixed(0)} ms` +
      `  | same session without automation (0 orders): ${fmtRate((bars / idle.ms) * 1000)} bars, ${idle.ms.toFixed(0)} ms` +
      `  | reference features + baseline signal only, ${all.length.toLocaleString('en-US')} bars: ${fmtRate((all.length / ref) * 1000)} bars` +
      `  | ratio ${((s / bars) / (ref / all.length)).toFixed(1)}x per bar (median of ${REPEATS})`,
  );
}
