import { runBacktest } from '../core/backtest/backtest-runner.js';
import type { BacktestConfig } from '../core/backtest/backtest-types.js';
import { inMemoryBars } from '../core/backtest/in-memory-bars.js';
import { dailyBars } from '../test/backtest/daily-bars.js';
import { dailySymbols } from '../test/support/daily-csv.js';
import { hasSharedData, sharedDataDir } from '../test/support/shared-data.js';
import { fmtRate, median } from './stats.js';

/**
 * What the desk pays for a responsive backtest: the runner awaiting its progress callback and yielding to the
 * event loop (setImmediate, where a `backtest.cancel` lands) once per chunk of N bars, against the same run with
 * no callback (the reference, measured in the same process, runs interleaved). The crossover through the full
 * engine is the fast path, so it shows the overhead at its largest; the longest hold of the event loop is the
 * worst wait a desk request sees while a run goes on.
 */
const SYMBOLS = 8;
const REPEATS = 5;
const CHUNKS = [500, 100, 1] as const;

interface Measured {
  readonly ms: number;
  /** CPU time of the process (user + system): less moved than wall time by the other jobs on a shared machine. */
  readonly cpuMs: number;
  /** Longest wall time between two turns the run gave the event loop (the whole run when it gave none). */
  readonly holdMs: number;
  /** Wall time from the call to the first chunk's turn: opening the run's database, reading bars, warm-up. */
  readonly setupMs: number;
}

async function once(config: BacktestConfig, chunk: number | undefined): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let last: number | undefined;
  let holdMs = 0;
  let setupMs = 0;
  const signal = new AbortController().signal;
  const r = await runBacktest(chunk === undefined ? config : {
    ...config, progressEvery: chunk, signal,
    onProgress: () => {
      const now = performance.now();
      if (last === undefined) setupMs = now - t0;
      else holdMs = Math.max(holdMs, now - last);
      last = now;
    },
  });
  if (!r.ok) throw new Error(r.error);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, holdMs: chunk === undefined ? ms : holdMs, setupMs };
}

export async function run(): Promise<void> {
  if (!hasSharedData()) {
    console.log(`backtest-yield bench skipped: shared data not found at ${sharedDataDir()} (set DESK_SHARED_DATA)`);
    return;
  }
  const symbols = dailySymbols().slice(0, SYMBOLS);
  const bars = dailyBars(symbols);
  const config: BacktestConfig = {
    symbols, interval: '1d', bars: inMemoryBars(bars), strategy: { kind: 'sma-crossover', fast: 10, slow: 30, quantity: 10 },
    riskLimits: { maxOpenPositions: 100 },
  };
  const variants: (number | undefined)[] = [undefined, ...CHUNKS];
  const runs = new Map<number | undefined, Measured[]>(variants.map((v) => [v, []]));
  await once(config, undefined); // warm the JIT and the file cache
  // Rotated each round, so no variant always follows the same one (GC debt, a neighbour's burst).
  for (let i = 0; i < REPEATS; i++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(i + k) % variants.length];
      runs.get(v)?.push(await once(config, v));
    }
  }
  const rate = (v: number | undefined): number => bars.length / (median((runs.get(v) ?? []).map((m) => m.ms)) / 1000);
  const cpuRate = (v: number | undefined): number => bars.length / (median((runs.get(v) ?? []).map((m) => m.cpuMs)) / 1000);
  const hold = (v: number | undefined): number => median((runs.get(v) ?? []).map((m) => m.holdMs));
  const setup = (v: number | undefined): number => median((runs.get(v) ?? []).map((m) => m.setupMs));
  const reference = rate(undefined);
  const cpuReference = cpuRate(undefined);
  console.log(`${bars.length.toLocaleString('en-US')} daily bars, ${symbols.length} symbols, SMA(10)/SMA(30) through the full engine; medians of ${REPEATS}, interleaved`);
  console.log(`reference, no callback and no yield: ${fmtRate(reference)} bars (${fmtRate(cpuReference)} per CPU second), event loop held ${hold(undefined).toFixed(0)} ms (the whole run)`);
  for (const chunk of CHUNKS) {
    const r = rate(chunk);
    console.log(
      `await progress + yield every ${chunk} bars: ${fmtRate(r)} bars, ${(r / reference).toFixed(3)}x the reference; ` +
        `per CPU second ${fmtRate(cpuRate(chunk))}, ${(cpuRate(chunk) / cpuReference).toFixed(3)}x; longest hold of the event loop between chunks ${hold(chunk).toFixed(1)} ms (before the first: ${setup(chunk).toFixed(1)} ms, setup)`,
    );
  }
}
