import { ADX, BollingerBands, EMA, MACD, ROC, RSI, SD, SMA } from 'technicalindicators';
import { expect, it } from 'vitest';
import { computeFeaturesBatch } from '../../core/features/batch-features.js';
import { F, FEATURE_COUNT } from '../../core/features/feature-vector.js';
import { columnsToBars, streamFeatures } from '../../core/features/testing/feature-fixtures.js';
import { dailySymbols, readDaily } from '../support/daily-csv.js';
import { describeWithSharedData } from '../support/shared-data.js';

/**
 * Tolerance: |ours - theirs| <= REL * max(1, |theirs|). technicalindicators keeps plain running sums for
 * its SMA (no re-sum, so it drifts slightly over decades) while ours are re-summed exactly, and it smooths
 * ADX as prev + (x - prev) / n where we write (prev * (n - 1) + x) / n: both differences are rounding, far
 * below 1e-8 relative. RSI is the exception: technicalindicators rounds it to 2 decimals (toFixed(2)).
 */
const REL = 1e-8;
const SYMBOLS = ['AAPL', 'SPY', 'GE', 'WMT', 'XOM', 'GLD'];

function compareTail(ours: Float64Array, theirs: readonly number[], tol: (t: number) => number, skip?: (o: number, t: number) => boolean): { compared: number; worst: number } {
  // technicalindicators returns only defined values, so its last value belongs to our last bar.
  const offset = ours.length - theirs.length;
  let compared = 0;
  let worst = 0;
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i] as number;
    const o = ours[i + offset] as number;
    if (!Number.isFinite(t) || skip?.(o, t) === true) continue;
    const d = Math.abs(o - t);
    worst = Math.max(worst, d / Math.max(1, Math.abs(t)));
    if (!(d <= tol(t))) throw new Error(`row ${i + offset}: ours ${o}, technicalindicators ${t}`);
    compared++;
  }
  return { compared, worst };
}

const rel = (t: number): number => REL * Math.max(1, Math.abs(t));

describeWithSharedData('agreement with the technicalindicators package on real daily data', () => {
  it('has the daily files it compares', () => {
    expect(dailySymbols()).toEqual(expect.arrayContaining(SYMBOLS));
  });

  for (const symbol of SYMBOLS) {
    it(`${symbol}: SMA, EMA, MACD line, Bollinger, RSI, ADX, ROC and the volume baseline agree`, () => {
      const { columns } = readDaily(symbol);
      const r = computeFeaturesBatch(columns, [], '1d');
      if (!r.ok) throw new Error(r.error);
      const n = r.value.rows;
      const col = (slot: number): Float64Array => Float64Array.from({ length: n }, (_, j) => r.value.values[j * FEATURE_COUNT + slot] as number);
      const close = Array.from(columns.close);
      const high = Array.from(columns.high);
      const low = Array.from(columns.low);
      const volume = Array.from(columns.volume);

      compareTail(col(F.sma20), SMA.calculate({ period: 20, values: close }), rel);
      compareTail(col(F.sma50), SMA.calculate({ period: 50, values: close }), rel);
      compareTail(col(F.ema12), EMA.calculate({ period: 12, values: close }), rel);
      compareTail(col(F.ema26), EMA.calculate({ period: 26, values: close }), rel);
      const macd = MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
      // MACD is a small difference of two large EMAs: compare it on the scale of the price.
      const lastClose = close[close.length - 1] ?? 1;
      const price = (): number => REL * Math.max(1, lastClose);
      compareTail(col(F.macd), macd.map((m) => m.MACD ?? Number.NaN), price);
      const bb = BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
      compareTail(col(F.bbUpper), bb.map((b) => b.upper), rel);
      compareTail(col(F.bbMiddle), bb.map((b) => b.middle), rel);
      compareTail(col(F.bbLower), bb.map((b) => b.lower), rel);
      // technicalindicators says 100 when nothing moved for 14 bars (0/0); we say 50.
      const rsi = compareTail(col(F.rsi), RSI.calculate({ period: 14, values: close }), () => 0.005 + 1e-9, (o, t) => o === 50 && t === 100);
      expect(rsi.compared).toBeGreaterThan(n - 100);
      // technicalindicators' ADX turns NaN for good after a 0/0 DX on a motionless stretch; compare where it is defined.
      const adx = compareTail(col(F.trendStrength), ADX.calculate({ period: 14, high, low, close }).map((a) => a.adx), (t) => 1e-7 * Math.max(1, t));
      expect(adx.compared).toBeGreaterThan(0);
      compareTail(col(F.momentum), ROC.calculate({ period: 12, values: close }), rel);
      // Our baseline is the 20 bars BEFORE the current one: technicalindicators' row for bar j - 1.
      const avgVol = SMA.calculate({ period: 20, values: volume });
      compareTail(col(F.averageVolume20d), avgVol.slice(0, -1), rel);
      compareTail(col(F.relativeVolume), avgVol.slice(0, -1).map((m, i) => (volume[i + 20] as number) / m), rel);
      const sd = SD.calculate({ period: 20, values: volume });
      const spike = sd.slice(0, -1).map((s, i) => {
        const j = n - sd.length + 1 + i;
        const m = avgVol[i] as number;
        // technicalindicators' SD walks its window with a loop that stops at a 0 (a falsy value), so its
        // sigma is wrong when a zero-volume day is in the window (AAPL 2010-04-27: 49.96 M vs the
        // two-pass 60.19 M); those rows are not compared.
        if (volume.slice(j - 20, j).includes(0)) return Number.NaN;
        return s > m * 1e-9 ? ((volume[j] as number) - m) / s : Number.NaN;
      });
      // Their sigma is two-pass, ours from shifted sums: z-scores agree to 1e-6 (a 1e9-share baseline).
      compareTail(col(F.volumeSpike), spike, (t) => 1e-6 * Math.max(1, Math.abs(t)));
    });
  }

  it('streams every real daily file bit for bit equal to the batch computation', () => {
    for (const symbol of dailySymbols()) {
      const { columns } = readDaily(symbol);
      const batch = computeFeaturesBatch(columns, [], '1d');
      if (!batch.ok) throw new Error(batch.error);
      const streamed = streamFeatures(columnsToBars(columns, symbol, '1d'), []);
      const v = batch.value.values;
      for (let i = 0; i < v.length; i++) {
        if (!Object.is(v[i], streamed.values[i])) throw new Error(`${symbol} row ${Math.floor(i / FEATURE_COUNT)} slot ${i % FEATURE_COUNT}: ${v[i]} vs ${streamed.values[i]}`);
      }
      expect(Array.from(streamed.warm)).toEqual(Array.from(batch.value.warm));
    }
  });
});
