import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest } from '../core/backtest/backtest-runner.js';
import type { BacktestConfig, BacktestResult } from '../core/backtest/backtest-types.js';
import { inMemoryBars } from '../core/backtest/in-memory-bars.js';
import { mergeByTime } from '../core/feeds/replay/merge-by-time.js';
import type { Bar } from '../core/market/bar.js';
import { BreakoutPredictor } from '../core/ml/inference/breakout-predictor.js';
import { SHIPPED_BREAKOUT_MODELS } from '../core/ml/inference/shipped-models.js';
import { dailyBars } from '../test/backtest/daily-bars.js';
import { hasSharedData, sharedDataDir } from '../test/support/shared-data.js';
import { dailySymbols } from '../test/support/daily-csv.js';
import { openDatabase } from '../core/storage/open-database.js';
import { ManualClock } from '../core/time/manual-clock.js';
import { TradingEngine } from '../core/trading/session/trading-engine.js';
import { runWalkForward } from '../core/backtest/walk-forward.js';
import { ChunkCommits } from '../core/backtest/chunk-commits.js';
import { fmtRate, median } from './stats.js';

/**
 * Backtest throughput over every shared daily series (≈ 288k bars, 34 symbols as one portfolio):
 * (a) SMA(10)/SMA(30) crossover through the full engine (replayed bars → crossover → order manager with pre-trade
 *     checks and the order journal → paper broker → ledger portfolio, equity point per close),
 * (b) the desk's ML pipeline on the same engine (features → shipped ensemble → risk sizer → proposal →
 *     automation → order path → paper broker),
 * next to the limit: a bare hand-written crossover loop over the same merged array. Medians of repeats.
 * Runs are timed as `desk backtest` makes them: orders journalled in memory, the run's temp file on /dev/shm when
 * present, committed per chunk of bars. Bars/s is over the bar loop; "end to end" adds reading the bars, the
 * results and, for a kept file, writing the whole order trail into it. The engine's floor (a strategy that never
 * trades) separates the per-bar cost from the per-order cost. Then the wall time of a walk-forward over all
 * symbols with the ensemble retrained per fold.
 */
const CROSSOVER = { kind: 'sma-crossover', fast: 10, slow: 30, quantity: 10 } as const;
// Every symbol may hold a position: the default limit of 10 would refuse a third of the crossover's entries.
const LIMITS = { maxOpenPositions: 100 } as const;

interface BareResult {
  readonly trades: number;
  readonly equity: number;
}

/** The limit: the same crossover and a cash/position book over the merged array, nothing else. */
function bareCrossover(bars: readonly Bar[], symbols: readonly string[], fast: number, slow: number, qty: number): BareResult {
  const index = new Map(symbols.map((s, i) => [s, i]));
  const n = symbols.length;
  const ring = new Float64Array(n * slow);
  const next = new Int32Array(n);
  const count = new Int32Array(n);
  const fastSum = new Float64Array(n);
  const slowSum = new Float64Array(n);
  const long = new Uint8Array(n);
  const pending = new Int8Array(n);
  const held = new Float64Array(n);
  const mark = new Float64Array(n);
  let cash = 100_000;
  let trades = 0;
  for (const bar of bars) {
    const k = index.get(bar.symbol) ?? 0;
    // Orders decided at the previous close fill at this bar's open.
    const side = pending[k] ?? 0;
    if (side !== 0) {
      const q = side * qty;
      held[k] = (held[k] ?? 0) + q;
      cash -= q * bar.open;
      pending[k] = 0;
      trades++;
    }
    const base = k * slow;
    const c = bar.close;
    const at = next[k] ?? 0;
    const seen = count[k] ?? 0;
    if (seen >= slow) slowSum[k] = (slowSum[k] ?? 0) - (ring[base + at] ?? 0);
    if (seen >= fast) fastSum[k] = (fastSum[k] ?? 0) - (ring[base + ((at - fast + slow) % slow)] ?? 0);
    ring[base + at] = c;
    next[k] = (at + 1) % slow;
    slowSum[k] = (slowSum[k] ?? 0) + c;
    fastSum[k] = (fastSum[k] ?? 0) + c;
    if (seen < slow) count[k] = seen + 1;
    mark[k] = c;
    if (seen + 1 >= slow) {
      const up = (fastSum[k] ?? 0) * slow > (slowSum[k] ?? 0) * fast ? 1 : 0;
      if (up !== long[k]) {
        long[k] = up;
        pending[k] = up === 1 ? 1 : -1;
      }
    }
  }
  let equity = cash;
  for (let k = 0; k < n; k++) equity += (held[k] ?? 0) * (mark[k] ?? 0);
  return { trades, equity };
}

/**
 * The engine with a strategy that never trades: what every bar costs before any order. `chunked`: the file
 * committed once per 1,000 bars as `runBacktest` does (ChunkCommits), else each write (the day start, once per
 * trading day) is its own commit, as in a paper session.
 */
function engineFloor(bars: readonly Bar[], chunked = false): number {
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-floor-'));
  const db = openDatabase(join(dir, 'floor.db'));
  try {
    const opened = TradingEngine.open({ db, clock: new ManualClock(bars[0]?.time ?? 0), startingCash: 100_000 });
    if (!opened.ok) throw new Error(opened.error);
    const engine = opened.value;
    engine.use({ onBar: () => undefined });
    const commits = chunked ? new ChunkCommits(db) : undefined;
    if (commits !== undefined) {
      // As runBacktest: the gate's day start is written once per chunk, not once per simulated day.
      engine.gate.holdDayStart();
      commits.beforeCommit(() => engine.gate.flushDayStart());
    }
    const t0 = performance.now();
    commits?.begin();
    let i = 0;
    for (const bar of bars) {
      void engine.step(bar);
      if (commits !== undefined && ++i % 1000 === 0) {
        commits.commit();
        commits.begin();
      }
    }
    commits?.commit();
    const ms = performance.now() - t0;
    engine.close();
    return ms;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface TimedRuns {
  /** Medians over the timed runs (the warm-up, if any, left out). */
  readonly loopMs: number;
  readonly totalMs: number;
  /**
   * The first of these runs. It is not what a one-off `desk backtest` pays: the bare loop and the engine floors ran
   * before it in this process, and (b)'s runs come after (a)'s, so part of the engine is compiled by then.
   */
  readonly coldLoopMs: number;
  readonly last: BacktestResult;
}

/**
 * `repeats` timed runs, after one warm-up run when `warmUp` (whose own time is kept as the cold figure). The desk's
 * process runs one backtest after another (each run from the Backtest tab), so the steady state is the figure a
 * trader meets from the second run on. `warmUp` false: the caller's earlier run of the same config was the warm-up.
 */
async function timeRuns(repeats: number, config: () => BacktestConfig, warmUp = true): Promise<TimedRuns> {
  const loops: number[] = [];
  const totals: number[] = [];
  let last: BacktestResult | undefined;
  let coldLoopMs = Number.NaN;
  const runs = warmUp ? repeats + 1 : repeats;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await runBacktest(config());
    const total = performance.now() - t0;
    if (!r.ok) throw new Error(r.error);
    last = r.value;
    if (i === 0) coldLoopMs = r.value.wallMs;
    if (warmUp && i === 0) continue;
    totals.push(total);
    loops.push(r.value.wallMs);
  }
  if (last === undefined) throw new Error('no run');
  return { loopMs: median(loops), totalMs: median(totals), coldLoopMs, last };
}

/** Run (a) once in each of `n` new node processes (the fingerprint script, which also checks the results); medians. */
function freshProcessRuns(n: number): { bars: number; loopMs: number; totalMs: number } {
  const script = fileURLToPath(new URL('./backtest-fingerprint.ts', import.meta.url));
  const runs = Array.from({ length: n }, () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, 'a', '--json'], { encoding: 'utf8' });
    const line = out.trim().split('\n').at(-1) ?? '';
    const r = JSON.parse(line) as { same: boolean; bars: number; loopMs: number; totalMs: number };
    if (!r.same) throw new Error('the fresh-process run of (a) differs from its recorded fingerprint');
    return r;
  });
  return { bars: runs[0]?.bars ?? 0, loopMs: median(runs.map((r) => r.loopMs)), totalMs: median(runs.map((r) => r.totalMs)) };
}

export async function run(): Promise<void> {
  if (!hasSharedData()) {
    console.log(`backtest bench skipped: shared data not found at ${sharedDataDir()} (set DESK_SHARED_DATA)`);
    return;
  }
  const symbols = dailySymbols();
  const all = dailyBars(symbols);
  const merged = mergeByTime(symbols.map((s) => all.filter((b) => b.symbol === s)));
  const source = inMemoryBars(all);
  const n = merged.length;
  console.log(`${n.toLocaleString('en-US')} daily bars, ${symbols.length} symbols, one portfolio`);

  const bareTimes: number[] = [];
  let bare: BareResult = { trades: 0, equity: 0 };
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    bare = bareCrossover(merged, symbols, CROSSOVER.fast, CROSSOVER.slow, CROSSOVER.quantity);
    bareTimes.push(performance.now() - t0);
  }
  const bareRate = n / (median(bareTimes) / 1000);
  console.log(`bare crossover loop (the limit): ${fmtRate(bareRate)} bars, ${bare.trades} fills, median of 15`);

  const floorMs = median([engineFloor(merged), engineFloor(merged), engineFloor(merged)]);
  const floorRate = n / (floorMs / 1000);
  console.log(`engine floor (no orders: clock, marks, broker matching, daily-loss check, equity point): ${fmtRate(floorRate)} bars, ${(bareRate / floorRate).toFixed(0)}x the bare loop, median of 3`);

  const chunkedMs = median([engineFloor(merged, true), engineFloor(merged, true), engineFloor(merged, true), engineFloor(merged, true), engineFloor(merged, true)]);
  const chunkedRate = n / (chunkedMs / 1000);
  console.log(
    `engine floor, file committed per 1,000 bars as runBacktest does: ${fmtRate(chunkedRate)} bars, ${(bareRate / chunkedRate).toFixed(0)}x the bare loop, ` +
      `${(floorMs / chunkedMs).toFixed(1)}x the floor above (the per-day start-of-day write is its own commit there), median of 5`,
  );

  const base = { symbols, interval: '1d', bars: source, riskLimits: LIMITS } as const;
  const a = await timeRuns(5, () => ({ ...base, strategy: CROSSOVER }));
  const aRate = a.last.bars / (a.loopMs / 1000);
  // Over the floor the run really has: its file is committed per chunk of bars.
  const perOrder = (a.loopMs - chunkedMs) / a.last.fills.length;
  console.log(
    `(a) crossover, full engine: ${fmtRate(aRate)} bars (end to end ${fmtRate(a.last.bars / (a.totalMs / 1000))}), ${a.last.fills.length} orders filled ` +
      `(same ${bare.trades} as the bare loop: ${a.last.fills.length === bare.trades ? 'yes' : 'NO'}), ≈ ${(perOrder * 1000).toFixed(1)} µs per order over the chunk-committed floor; ` +
      `${(bareRate / aRate).toFixed(0)}x slower than the bare loop, median of 5 after a warm-up run; ` +
      `the warm-up (the process's first backtest, after the floors) ${fmtRate(a.last.bars / (a.coldLoopMs / 1000))} bars`,
  );
  // One run whose file is kept on the disk: the trail is written into it once, after the loop.
  const diskDir = mkdtempSync(join(tmpdir(), 'desk-bench-disk-'));
  try {
    const kept = await timeRuns(1, () => ({ ...base, strategy: CROSSOVER, dbFile: join(diskDir, 'run.db') }), false);
    console.log(
      `(a) same, run file kept on disk (${tmpdir()}): ${fmtRate(kept.last.bars / (kept.loopMs / 1000))} bars, ` +
        `end to end incl. writing the order trail into the file ${fmtRate(kept.last.bars / (kept.totalMs / 1000))}; one run`,
    );
  } finally {
    rmSync(diskDir, { recursive: true, force: true });
  }
  const predictor = BreakoutPredictor.fromModelsRoot(SHIPPED_BREAKOUT_MODELS, { interval: '1d' });
  // The ML pipeline as `desk backtest` runs it.
  const mlConfig = (): BacktestConfig => ({
    ...base, strategy: { kind: 'breakout', predictor }, policy: { kind: 'automation', minConfidence: 0.3, maxPositionWeight: 0.2 },
  });
  // Repeated only while a run is short: a slow run is its own median, and three would hold the bench up for long.
  const first = await timeRuns(1, mlConfig, false);
  // `first` was the warm-up of these three.
  const b = first.totalMs < 60_000 ? await timeRuns(3, mlConfig, false) : first;
  const bRuns = b === first ? 1 : 3;
  const bRate = b.last.bars / (b.loopMs / 1000);
  console.log(
    `(b) ML pipeline (${b.last.modelId ?? '?'}), full engine: ${fmtRate(bRate)} bars (end to end ${fmtRate(b.last.bars / (b.totalMs / 1000))}), ${b.last.signals} signals, ${b.last.fills.length} fills; ` +
      `${(bareRate / bRate).toFixed(0)}x slower than the bare loop, ${(aRate / bRate).toFixed(1)}x slower than (a), ${bRuns === 1 ? 'one run' : 'median of 3 after a warm-up run'}; ` +
      `its first run in this process ${fmtRate(first.last.bars / (first.coldLoopMs / 1000))} bars`,
  );
  const fresh = freshProcessRuns(3);
  console.log(
    `(a) in a fresh process (what a one-off \`desk backtest\` gets: the engine not yet compiled), bench/backtest-fingerprint.ts a, ` +
      `median of 3 processes: ${fmtRate(fresh.bars / (fresh.loopMs / 1000))} bars (end to end ${fmtRate(fresh.bars / (fresh.totalMs / 1000))}), ` +
      `${(aRate / (fresh.bars / (fresh.loopMs / 1000))).toFixed(1)}x slower than the steady state above`,
  );
  console.log(`goals (steady state): (a) ≥ 2,000,000 bars/s → ${aRate >= 2e6 ? 'met' : 'NOT met'}; (b) ≥ 200,000 bars/s → ${bRate >= 2e5 ? 'met' : 'NOT met'}`);

  // Walk-forward: 10-year training windows rolled by 2 years, the shipped ensemble retrained per fold.
  const t0 = performance.now();
  const wf = await runWalkForward({
    symbols, interval: '1d', bars: source, trainBars: 10 * 252, testBars: 2 * 252, policy: { kind: 'automation', minConfidence: 0.3, maxPositionWeight: 0.2 },
  });
  const wfMs = performance.now() - t0;
  if (!wf.ok) throw new Error(wf.error);
  const trainMs = wf.value.folds.reduce((x, f) => x + f.trainMs, 0);
  console.log(
    `walk-forward, ${symbols.length} symbols, ${wf.value.folds.length} folds (train 10 y, test 2 y, full ensemble retrained per fold): ` +
      `${(wfMs / 1000).toFixed(1)} s wall (${(trainMs / 1000).toFixed(1)} s training), goal < 300 s → ${wfMs < 300_000 ? 'met' : 'NOT met'}; one run`,
  );
}
