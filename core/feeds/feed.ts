import type { Bar } from '../market/bar.js';
import type { Interval } from '../market/interval.js';
import type { Tick } from '../market/tick.js';
import type { EpochMs } from '../market/units.js';
import type { NewsItem } from '../news/news-item.js';

export type FeedConnectionState = 'connecting' | 'connected' | 'stale' | 'disconnected';

export interface FeedStatus {
  readonly state: FeedConnectionState;
  readonly at: EpochMs;
  /** Why the state changed, in words a trader can act on. */
  readonly reason?: string;
}

/** What a feed emits. Listeners get events in time order per symbol. */
export interface FeedEvents {
  /** A bar that has closed. */
  bar: Bar;
  tick: Tick;
  news: NewsItem;
  status: FeedStatus;
}

export interface HistoryQuery {
  readonly symbol: string;
  readonly interval: Interval;
  /** Inclusive bounds on bar open time; omitted means unbounded. */
  readonly from?: EpochMs;
  readonly to?: EpochMs;
  /** At most this many bars, the most recent ones. */
  readonly limit?: number;
}

/**
 * The one small port every market-data source implements (simulator, replay, broker adapters):
 * subscribe, unsubscribe, history, and connection-status events.
 */
export interface MarketFeed {
  readonly name: string;
  subscribe(symbols: readonly string[], interval: Interval): void;
  unsubscribe(symbols: readonly string[]): void;
  /** Bars already closed, oldest first. */
  history(query: HistoryQuery): Promise<readonly Bar[]>;
  status(): FeedStatus;
  on<K extends keyof FeedEvents>(event: K, listener: (payload: FeedEvents[K]) => void): () => void;
  /** Starts emitting; idempotent. */
  start(): void;
  /** Stops emitting and releases timers; idempotent. */
  stop(): void;
}
