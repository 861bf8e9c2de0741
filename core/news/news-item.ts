import type { EpochMs } from '../market/units.js';

/** One news headline about one or more symbols, already scored. */
export interface NewsItem {
  readonly id: string;
  readonly time: EpochMs;
  readonly symbols: readonly string[];
  readonly headline: string;
  /** Sentiment of the headline for the named symbols, -1 (very negative) .. +1 (very positive). */
  readonly sentiment: number;
  /** How much the item is expected to move the price, 0 (noise) .. 1 (market-moving). */
  readonly impact: number;
  readonly source: string;
}

/** Where news comes from: the simulator now, Alpaca's news stream and file imports later. */
export interface NewsSource {
  /** Items for `symbol` with `from <= time <= to`, oldest first. */
  recent(symbol: string, from: EpochMs, to: EpochMs): readonly NewsItem[];
  onNews(listener: (item: NewsItem) => void): () => void;
}
