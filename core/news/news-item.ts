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

// The port moved to news-source.ts with the raw-story and live-source types; re-exported for existing importers.
export type { NewsSource } from './news-source.js';
