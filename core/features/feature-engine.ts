import type { Bar } from '../market/bar.js';
import { rowIssues, type BarIssue } from '../market/bar-rules.js';
import { closeOffsetMs, type Interval } from '../market/interval.js';
import { epochMs, type EpochMs } from '../market/units.js';
import type { NewsItem } from '../news/news-item.js';
import { err, ok, type Result } from '../util/result.js';
import type { BreakoutFeatures } from './breakout-features.js';
import { Ema } from './ema.js';
import { assertValidParams, DEFAULT_FEATURE_PARAMS, warmUpBars, type FeatureParams } from './feature-params.js';
import { F, FEATURE_COUNT, toBreakoutFeatures } from './feature-vector.js';
import { LagBuffer } from './lag-buffer.js';
import { NewsDecay } from './news-decay.js';
import { RollingMax } from './rolling-max.js';
import { RollingWindowStats } from './rolling-window-stats.js';
import { WilderAdx } from './wilder-adx.js';
import { WilderRsi } from './wilder-rsi.js';

/** Whether the sentiment fields rest on news ('news') or are 0 because none was ever seen ('none'). */
export type SentimentSource = 'news' | 'none';

/** The features at one bar close, copied out of the engine (safe to keep). */
export interface FeatureSnapshot {
  readonly symbol: string;
  readonly interval: Interval;
  /** Open time of the bar the features were computed at. */
  readonly time: EpochMs;
  /** Index of that bar among the accepted bars, from 0. */
  readonly barIndex: number;
  /** Every field is finite: only warm vectors may reach a model or the training store. */
  readonly warm: boolean;
  readonly sentimentSource: SentimentSource;
  /** The vector in schema order (`FEATURE_NAMES`). */
  readonly values: Float64Array;
}

export interface FeatureEngineOptions {
  readonly symbol: string;
  readonly interval: Interval;
  readonly params?: FeatureParams;
}

// Allocated once: accepting a bar must not allocate.
const ACCEPTED: Result<void, never> = ok(undefined);

// A flat volume baseline has no spread: below this fraction of its mean, sigma is treated as zero.
const MIN_RELATIVE_SIGMA = 1e-9;

/**
 * Streaming features for one symbol and interval: feed closed bars in time order (`onBar`) and the
 * symbol's news (`addNews`); after each accepted bar `values` holds every field of `BreakoutFeatures` in
 * schema order. O(1) per bar (amortised for the rolling max/min deques and the periodic exact re-sums),
 * no allocation per bar: state lives in typed-array rings and the output vector is reused, so copy it
 * (`snapshot()`) if you keep it. Definitions: `feature-schema.ts`.
 */
export class FeatureEngine {
  readonly symbol: string;
  readonly interval: Interval;
  readonly params: FeatureParams;
  /** Bars needed before the technical fields are all defined. */
  readonly warmUpBars: number;
  /** The latest vector, rewritten in place by every accepted bar. */
  readonly values = new Float64Array(FEATURE_COUNT).fill(Number.NaN);

  readonly #closeOffsetMs: number;
  readonly #rsi: WilderRsi;
  readonly #emaFast: Ema;
  readonly #emaSlow: Ema;
  readonly #smaShort: RollingWindowStats;
  readonly #smaLong: RollingWindowStats;
  readonly #bollinger: RollingWindowStats;
  readonly #volume: RollingWindowStats;
  readonly #highs: RollingMax;
  readonly #negLows: RollingMax;
  readonly #adx: WilderAdx;
  readonly #roc: LagBuffer;
  readonly #news: NewsDecay;
  readonly #bollingerWidth: number;
  #bars = 0;
  #lastTime = Number.NEGATIVE_INFINITY;
  #lastNewsTime = Number.NEGATIVE_INFINITY;
  #warm = false;
  #rejectedBars = 0;
  #rejectedNews = 0;

  /** @throws Error when the parameters are unusable (see `paramProblems`). */
  constructor(options: FeatureEngineOptions) {
    const p = options.params ?? DEFAULT_FEATURE_PARAMS;
    assertValidParams(p);
    this.symbol = options.symbol;
    this.interval = options.interval;
    this.params = p;
    this.warmUpBars = warmUpBars(p);
    this.#closeOffsetMs = closeOffsetMs(options.interval);
    this.#rsi = new WilderRsi(p.rsiPeriod);
    this.#emaFast = new Ema(p.emaFast);
    this.#emaSlow = new Ema(p.emaSlow);
    this.#smaShort = new RollingWindowStats(p.smaShort);
    this.#smaLong = p.smaLong === p.smaShort ? this.#smaShort : new RollingWindowStats(p.smaLong);
    // Same window, same arithmetic: share the state rather than compute it twice.
    this.#bollinger = p.bollingerPeriod === p.smaShort ? this.#smaShort : new RollingWindowStats(p.bollingerPeriod);
    this.#volume = new RollingWindowStats(p.volumePeriod);
    this.#highs = new RollingMax(p.levelPeriod);
    this.#negLows = new RollingMax(p.levelPeriod);
    this.#adx = new WilderAdx(p.adxPeriod);
    this.#roc = new LagBuffer(p.rocPeriod);
    this.#news = new NewsDecay(p.newsHalfLifeMs, p.newsWindowMs);
    this.#bollingerWidth = p.bollingerWidth;
  }

  /** Bars accepted so far. */
  get barCount(): number {
    return this.#bars;
  }

  /** True when every field of `values` is finite. */
  get warm(): boolean {
    return this.#warm;
  }

  get sentimentSource(): SentimentSource {
    return this.#news.hasNews ? 'news' : 'none';
  }

  /** Bars refused by `onBar` (bad values, wrong series, out of order). */
  get rejectedBars(): number {
    return this.#rejectedBars;
  }

  /** News items refused by `addNews`. */
  get rejectedNews(): number {
    return this.#rejectedNews;
  }

  /**
   * Adds a news item. Items must come in non-decreasing time order; one that is not yet due waits for
   * the first bar closing at or after its time, one that arrives after its bar was computed is applied
   * at the next bar, weighted by its own time.
   */
  addNews(item: NewsItem): Result<void, string> {
    const problem = this.#newsProblem(item);
    if (problem !== undefined) {
      this.#rejectedNews++;
      return err(`news item ${item.id}: ${problem}`);
    }
    this.#lastNewsTime = item.time;
    this.#news.add(item.time, item.sentiment, item.impact);
    return ACCEPTED;
  }

  /**
   * Computes the features at `bar`'s close. A refused bar changes nothing (state, `values`, counts
   * other than `rejectedBars`) and the error says why.
   */
  onBar(bar: Bar): Result<void, string> {
    if (bar.symbol !== this.symbol || bar.interval !== this.interval) {
      return this.#reject(`bar for ${bar.symbol} ${bar.interval} fed to the ${this.symbol} ${this.interval} engine`);
    }
    const { time, open, high, low, close, volume } = bar;
    // Same rule set as the bar validator, without allocating in the common case (NaN fails every compare).
    const clean =
      open > 0 && close > 0 && low > 0 && high >= low && high >= open && high >= close && low <= open && low <= close &&
      high < Number.POSITIVE_INFINITY && volume >= 0 && volume < Number.POSITIVE_INFINITY && Number.isFinite(time);
    if (!clean) {
      const issues: BarIssue[] = [];
      rowIssues(bar, issues);
      return this.#reject(`bar at ${time}: ${issues.map((i) => i.message).join('; ')}`);
    }
    if (!(time > this.#lastTime)) {
      return this.#reject(`bar at ${time} is not after the previous accepted bar at ${this.#lastTime}: bars must come in time order without repeats`);
    }
    this.#lastTime = time;
    this.#compute(time, high, low, close, volume);
    return ACCEPTED;
  }

  /** A copy of the latest features with their metadata. */
  snapshot(): FeatureSnapshot {
    return {
      symbol: this.symbol,
      interval: this.interval,
      time: epochMs(this.#lastTime),
      barIndex: this.#bars - 1,
      warm: this.#warm,
      sentimentSource: this.sentimentSource,
      values: this.values.slice(),
    };
  }

  /** The ticket's nested object for the latest bar (allocates). */
  features(): BreakoutFeatures {
    return toBreakoutFeatures(this.values);
  }

  #compute(time: number, high: number, low: number, close: number, volume: number): void {
    const v = this.values;
    const index = this.#bars++;

    // Baselines over the bars BEFORE this one: read, then push.
    const vol = this.#volume;
    if (vol.full) {
      const mean = vol.mean();
      const sigma = Math.sqrt(vol.variance());
      v[F.averageVolume20d] = mean;
      v[F.relativeVolume] = mean > 0 ? volume / mean : Number.NaN;
      v[F.volumeSpike] = sigma > mean * MIN_RELATIVE_SIGMA ? (volume - mean) / sigma : Number.NaN;
    }
    vol.push(volume);
    if (this.#highs.full) {
      v[F.resistance] = this.#highs.max();
      v[F.support] = -this.#negLows.max();
    }
    this.#highs.push(high);
    this.#negLows.push(-low);

    v[F.rsi] = this.#rsi.push(close);
    const fast = this.#emaFast.push(close);
    const slow = this.#emaSlow.push(close);
    v[F.ema12] = fast;
    v[F.ema26] = slow;
    v[F.macd] = fast - slow;

    const short = this.#smaShort;
    short.push(close);
    if (short.full) v[F.sma20] = short.mean();
    const long = this.#smaLong;
    if (long !== short) long.push(close);
    if (long.full) v[F.sma50] = long.mean();
    const bb = this.#bollinger;
    if (bb !== short) bb.push(close);
    if (bb.full) {
      const middle = bb.mean();
      const half = this.#bollingerWidth * Math.sqrt(bb.variance());
      v[F.bbMiddle] = middle;
      v[F.bbUpper] = middle + half;
      v[F.bbLower] = middle - half;
    }

    v[F.trendStrength] = this.#adx.push(high, low, close);
    const past = this.#roc.push(close);
    v[F.momentum] = (100 * (close - past)) / past;

    const news = this.#news;
    news.advance(time + this.#closeOffsetMs);
    v[F.overallSentiment] = news.sentiment;
    v[F.newsCount] = news.count;
    v[F.impactScore] = news.impact;

    // Past the warm-up every technical field is finite by construction; only the volume ratios can
    // stay undefined (a zero or flat volume baseline).
    this.#warm = index + 1 >= this.warmUpBars && v[F.relativeVolume] === v[F.relativeVolume] && v[F.volumeSpike] === v[F.volumeSpike];
  }

  #reject(reason: string): Result<void, string> {
    this.#rejectedBars++;
    return err(reason);
  }

  #newsProblem(item: NewsItem): string | undefined {
    if (!item.symbols.includes(this.symbol)) return `is about ${item.symbols.join(', ') || 'no symbol'}, not ${this.symbol}`;
    if (!Number.isFinite(item.time)) return `time ${String(item.time)} is not a finite epoch-ms`;
    if (!(item.sentiment >= -1 && item.sentiment <= 1)) return `sentiment ${String(item.sentiment)} is outside -1..1`;
    if (!(item.impact >= 0 && item.impact <= 1)) return `impact ${String(item.impact)} is outside 0..1`;
    if (item.time < this.#lastNewsTime) {
      return `time ${item.time} is before the previous item's ${this.#lastNewsTime}: news must be added in time order`;
    }
    return undefined;
  }
}
