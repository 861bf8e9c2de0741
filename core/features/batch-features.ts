import { closeOffsetMs, type Interval } from '../market/interval.js';
import { err, ok, type Result } from '../util/result.js';
import {
  adxColumn,
  emaColumn,
  previousRow,
  priorExtreme,
  rocColumn,
  rollingMeanVariance,
  rsiColumn,
} from './batch-columns.js';
import { assertValidParams, DEFAULT_FEATURE_PARAMS, type FeatureParams } from './feature-params.js';
import { F, FEATURE_COUNT } from './feature-vector.js';

/** A bar series as columns, oldest first; `time` is each bar's open time. */
export interface BarColumns {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The scored part of a news item that the features use. */
export interface NewsPoint {
  readonly time: number;
  readonly sentiment: number;
  readonly impact: number;
}

/** Features of a whole series: row-major, `rows` x `FEATURE_COUNT`, in schema order. */
export interface BatchFeatures {
  readonly rows: number;
  readonly values: Float64Array;
  /** 1 where every field of the row is finite. */
  readonly warm: Uint8Array;
  /** 1 where at least one news item had been applied by that row's close. */
  readonly hasNews: Uint8Array;
}

/** Where a column set breaks the rules the streaming engine enforces, or undefined. */
function columnProblem(c: BarColumns, news: readonly NewsPoint[]): string | undefined {
  const n = c.time.length;
  for (const key of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (c[key].length !== n) return `column ${key} has ${c[key].length} rows, time has ${n}`;
  }
  for (let j = 0; j < n; j++) {
    const o = c.open[j] as number;
    const h = c.high[j] as number;
    const l = c.low[j] as number;
    const cl = c.close[j] as number;
    const v = c.volume[j] as number;
    const t = c.time[j] as number;
    const ok =
      o > 0 && cl > 0 && l > 0 && h >= l && h >= o && h >= cl && l <= o && l <= cl && h < Infinity && v >= 0 && v < Infinity && Number.isFinite(t);
    if (!ok) return `row ${j}: not a valid bar (o=${o} h=${h} l=${l} c=${cl} v=${v} t=${t})`;
    if (j > 0 && !(t > (c.time[j - 1] as number))) return `row ${j}: time ${t} is not after the previous row's`;
  }
  for (let i = 1; i < news.length; i++) {
    if ((news[i] as NewsPoint).time < (news[i - 1] as NewsPoint).time) return `news item ${i}: not in time order`;
  }
  return undefined;
}

/**
 * The same features as `FeatureEngine`, computed column by column over a whole series (research, and the
 * independent check the streaming engine is tested against: both agree bit for bit).
 */
export function computeFeaturesBatch(
  columns: BarColumns,
  news: readonly NewsPoint[],
  interval: Interval,
  params: FeatureParams = DEFAULT_FEATURE_PARAMS,
): Result<BatchFeatures, string> {
  assertValidParams(params);
  const problem = columnProblem(columns, news);
  if (problem !== undefined) return err(problem);
  const { high, low, close, volume } = columns;
  const n = close.length;
  const out = new Float64Array(n * FEATURE_COUNT);
  const put = (slot: number, col: Float64Array): void => {
    for (let j = 0; j < n; j++) out[j * FEATURE_COUNT + slot] = col[j] as number;
  };

  const rsi = rsiColumn(close, params.rsiPeriod);
  const emaFast = emaColumn(close, params.emaFast);
  const emaSlow = emaColumn(close, params.emaSlow);
  const macd = emaFast.map((f, j) => f - (emaSlow[j] as number));
  put(F.rsi, rsi);
  put(F.macd, macd);
  put(F.ema12, emaFast);
  put(F.ema26, emaSlow);
  put(F.sma20, rollingMeanVariance(close, params.smaShort).mean);
  put(F.sma50, rollingMeanVariance(close, params.smaLong).mean);
  const bb = rollingMeanVariance(close, params.bollingerPeriod);
  put(F.bbMiddle, bb.mean);
  put(F.bbUpper, bb.mean.map((m, j) => m + params.bollingerWidth * Math.sqrt(bb.variance[j] as number)));
  put(F.bbLower, bb.mean.map((m, j) => m - params.bollingerWidth * Math.sqrt(bb.variance[j] as number)));

  const vol = rollingMeanVariance(volume, params.volumePeriod);
  const base = previousRow(vol.mean);
  const baseSigma = previousRow(vol.variance).map(Math.sqrt);
  put(F.averageVolume20d, base);
  put(F.relativeVolume, base.map((m, j) => (m > 0 ? (volume[j] as number) / m : Number.NaN)));
  put(F.volumeSpike, base.map((m, j) => {
    const s = baseSigma[j] as number;
    return s > m * 1e-9 ? ((volume[j] as number) - m) / s : Number.NaN;
  }));

  put(F.resistance, priorExtreme(high, params.levelPeriod, Math.max));
  put(F.support, priorExtreme(low, params.levelPeriod, Math.min));
  put(F.trendStrength, adxColumn(high, low, close, params.adxPeriod));
  put(F.momentum, rocColumn(close, params.rocPeriod));

  const hasNews = newsColumns(columns.time, closeOffsetMs(interval), news, params, out);

  const warm = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    let all = 1;
    for (let f = 0; f < FEATURE_COUNT; f++) if (!Number.isFinite(out[j * FEATURE_COUNT + f])) all = 0;
    warm[j] = all;
  }
  return ok({ rows: n, values: out, warm, hasNews });
}

/** Decayed sentiment, impact and trailing count per bar close; returns the has-news column. */
function newsColumns(time: Float64Array, closeOffset: number, news: readonly NewsPoint[], p: FeatureParams, out: Float64Array): Uint8Array {
  const n = time.length;
  const hasNews = new Uint8Array(n);
  const lambda = Math.LN2 / p.newsHalfLifeMs;
  let w = 0;
  let ws = 0;
  let wi = 0;
  let applied = 0;
  let expired = 0;
  let prevClose = 0;
  for (let j = 0; j < n; j++) {
    const closeTime = (time[j] as number) + closeOffset;
    if (applied > 0) {
      const f = Math.exp(-(closeTime - prevClose) * lambda);
      w *= f;
      ws *= f;
      wi *= f;
    }
    prevClose = closeTime;
    for (; applied < news.length && (news[applied] as NewsPoint).time <= closeTime; applied++) {
      const item = news[applied] as NewsPoint;
      const weight = Math.exp(-(closeTime - item.time) * lambda);
      w += weight;
      ws += weight * item.sentiment;
      wi += weight * item.impact;
    }
    const horizon = closeTime - p.newsWindowMs;
    while (expired < applied && (news[expired] as NewsPoint).time <= horizon) expired++;
    const row = j * FEATURE_COUNT;
    out[row + F.overallSentiment] = ws / (w > 1 ? w : 1);
    out[row + F.newsCount] = applied - expired;
    out[row + F.impactScore] = wi;
    hasNews[j] = applied > 0 ? 1 : 0;
  }
  return hasNews;
}
