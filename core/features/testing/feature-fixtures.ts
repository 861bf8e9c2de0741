import type { Bar } from '../../market/bar.js';
import { closeOffsetMs, type Interval } from '../../market/interval.js';
import { epochMs, price, quantity } from '../../market/units.js';
import type { NewsItem } from '../../news/news-item.js';
import type { BarColumns, NewsPoint } from '../batch-features.js';
import { FeatureEngine, type SentimentSource } from '../feature-engine.js';
import type { FeatureParams } from '../feature-params.js';
import { FEATURE_COUNT } from '../feature-vector.js';

/** Columns as bars of one series. */
export function columnsToBars(c: BarColumns, symbol: string, interval: Interval): Bar[] {
  const bars: Bar[] = [];
  for (let j = 0; j < c.time.length; j++) {
    bars.push({
      symbol,
      interval,
      time: epochMs(c.time[j] as number),
      open: price(c.open[j] as number),
      high: price(c.high[j] as number),
      low: price(c.low[j] as number),
      close: price(c.close[j] as number),
      volume: quantity(c.volume[j] as number),
    });
  }
  return bars;
}

/** Bars as columns. */
export function barsToColumns(bars: readonly Bar[]): BarColumns {
  const col = (f: (b: Bar) => number): Float64Array => Float64Array.from(bars, f);
  return {
    time: col((b) => b.time),
    open: col((b) => b.open),
    high: col((b) => b.high),
    low: col((b) => b.low),
    close: col((b) => b.close),
    volume: col((b) => b.volume),
  };
}

/** A scored news item about `symbol`. */
export function newsItem(symbol: string, point: NewsPoint, id = `n${point.time}`): NewsItem {
  return { id, time: epochMs(point.time), symbols: [symbol], headline: id, sentiment: point.sentiment, impact: point.impact, source: 'test' };
}

/** Everything the streaming engine produced, bar by bar, in the batch layout. */
export interface StreamedFeatures {
  readonly values: Float64Array;
  readonly warm: Uint8Array;
  readonly sources: SentimentSource[];
}

/**
 * Runs a fresh engine over the bars; news is given to it up front (items wait until due) unless
 * `interleave` is set, in which case each item is added just before the first bar whose close covers it.
 * @throws Error when the engine refuses a bar: fixtures must be valid.
 */
export function streamFeatures(
  bars: readonly Bar[],
  news: readonly NewsPoint[],
  params?: FeatureParams,
  interleave = false,
): StreamedFeatures {
  const first = bars[0];
  const symbol = first?.symbol ?? 'X';
  const interval = first?.interval ?? '1d';
  const engine = new FeatureEngine(params === undefined ? { symbol, interval } : { symbol, interval, params });
  const values = new Float64Array(bars.length * FEATURE_COUNT);
  const warm = new Uint8Array(bars.length);
  const sources: SentimentSource[] = [];
  let next = 0;
  if (!interleave) for (const p of news) engine.addNews(newsItem(symbol, p));
  for (let j = 0; j < bars.length; j++) {
    const bar = bars[j] as Bar;
    if (interleave) {
      const closeTime = bar.time + closeOffsetMs(bar.interval);
      for (; next < news.length && (news[next] as NewsPoint).time <= closeTime; next++) {
        engine.addNews(newsItem(symbol, news[next] as NewsPoint));
      }
    }
    const r = engine.onBar(bar);
    if (!r.ok) throw new Error(`fixture bar ${j} refused: ${r.error}`);
    values.set(engine.values, j * FEATURE_COUNT);
    warm[j] = engine.warm ? 1 : 0;
    sources.push(engine.sentimentSource);
  }
  return { values, warm, sources };
}
