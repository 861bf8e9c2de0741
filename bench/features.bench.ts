import { ADX, BollingerBands, EMA, Highest, Lowest, MACD, ROC, RSI, SD, SMA } from 'technicalindicators';
import { computeFeaturesBatch, type BarColumns } from '../core/features/batch-features.js';
import { FeatureEngine } from '../core/features/feature-engine.js';
import { columnsToBars } from '../core/features/testing/feature-fixtures.js';
import type { Bar } from '../core/market/bar.js';
import { dailySymbols, readDaily } from '../test/support/daily-csv.js';
import { hasSharedData, sharedDataDir } from '../test/support/shared-data.js';
import { fmtRate, median } from './stats.js';

/**
 * Feature throughput: our streaming FeatureEngine (every BreakoutFeatures field, per bar) next to the
 * technicalindicators package computing the same indicators with its batch functions on the same bars
 * (SMA 20/50, EMA 12/26, MACD, RSI, Bollinger, ADX, ROC, volume SMA and SD, highest high / lowest low;
 * it has no news fields, so it does less work than we do). Also our own column-wise batch.
 */

interface Dataset {
  readonly label: string;
  readonly series: { readonly bars: Bar[]; readonly columns: BarColumns }[];
  readonly bars: number;
}

const REPEATS = 7;

/** Wall time of fn; call once untimed first so every side is measured after the JIT has compiled it. */
function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function rate(d: Dataset, repeats: number, fn: () => void): number {
  fn();
  return (d.bars / median(Array.from({ length: repeats }, () => timeMs(fn)))) * 1000;
}

function streaming(d: Dataset): number {
  let sink = 0;
  const r = rate(d, REPEATS, () => {
    for (const s of d.series) {
      const first = s.bars[0];
      if (first === undefined) continue;
      const engine = new FeatureEngine({ symbol: first.symbol, interval: first.interval });
      for (const bar of s.bars) engine.onBar(bar);
      sink += engine.values[0] ?? 0;
    }
  });
  // Keeps the work observable so the JIT cannot drop it.
  if (Number.isNaN(sink)) console.log('(no value)');
  return r;
}

function batch(d: Dataset): number {
  return rate(d, REPEATS, () => {
    for (const s of d.series) computeFeaturesBatch(s.columns, [], '1d');
  });
}

function technicalIndicators(d: Dataset, repeats: number): number {
  const inputs = d.series.map((s) => ({
    close: Array.from(s.columns.close),
    high: Array.from(s.columns.high),
    low: Array.from(s.columns.low),
    volume: Array.from(s.columns.volume),
  }));
  return rate(d, repeats, () => {
    for (const { close, high, low, volume } of inputs) {
      SMA.calculate({ period: 20, values: close });
      SMA.calculate({ period: 50, values: close });
      EMA.calculate({ period: 12, values: close });
      EMA.calculate({ period: 26, values: close });
      MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
      RSI.calculate({ period: 14, values: close });
      BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
      ADX.calculate({ period: 14, high, low, close });
      ROC.calculate({ period: 12, values: close });
      SMA.calculate({ period: 20, values: volume });
      SD.calculate({ period: 20, values: volume });
      Highest.calculate({ period: 20, values: high });
      Lowest.calculate({ period: 20, values: low });
    }
  });
}

function syntheticColumns(n: number): BarColumns {
  // A seeded random walk with wicks and varying volume: deterministic across runs.
  let seed = 42;
  const rnd = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const c: BarColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    p = Math.max(1, p * (1 + (rnd() - 0.5) * 0.03));
    c.time[i] = 946_684_800_000 + i * 86_400_000;
    c.open[i] = o;
    c.close[i] = p;
    c.high[i] = Math.max(o, p) * (1 + rnd() * 0.01);
    c.low[i] = Math.min(o, p) * (1 - rnd() * 0.01);
    c.volume[i] = Math.floor(1e5 + rnd() * 1e6);
  }
  return c;
}

function report(d: Dataset, tiRepeats: number): void {
  const ours = streaming(d);
  const ti = technicalIndicators(d, tiRepeats);
  const own = batch(d);
  console.log(`${d.label}: ${d.bars.toLocaleString('en-US')} bars, medians of ${REPEATS} runs after one warm-up (technicalindicators ${tiRepeats})`);
  console.log(`  streaming FeatureEngine (all 19 fields)    ${fmtRate(ours)}`);
  console.log(`  technicalindicators (13 batch functions)   ${fmtRate(ti)}   -> ours is ${(ours / ti).toFixed(1)}x`);
  console.log(`  our column-wise batch (all 19 fields)      ${fmtRate(own)}   -> streaming/batch ${(ours / own).toFixed(2)}x`);
}

export function run(): Promise<void> {
  if (hasSharedData()) {
    const series = dailySymbols().map((symbol) => {
      const { columns } = readDaily(symbol);
      return { bars: columnsToBars(columns, symbol, '1d'), columns };
    });
    const bars = series.reduce((a, s) => a + s.bars.length, 0);
    report({ label: `real daily data, ${series.length} files`, series, bars }, 3);
  } else {
    console.log(`real daily data: SKIPPED, shared data not found at ${sharedDataDir()} (set DESK_SHARED_DATA)`);
  }
  const columns = syntheticColumns(1_000_000);
  report({ label: 'synthetic random walk', series: [{ bars: columnsToBars(columns, 'SYN', '1d'), columns }], bars: 1_000_000 }, 3);
  return Promise.resolve();
}
