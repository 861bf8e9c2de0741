import type { EpochMs } from '../market/units.js';
import type { NewsItem } from './news-item.js';

/** A story as a source delivers it, before the desk scores it. */
export interface RawNews {
  /** Unique within `source` ("alpaca:24918784", or the importer's own id). */
  readonly id: string;
  /** When the story was published (epoch ms). */
  readonly time: EpochMs;
  /** Upper-case tickers the story is about; at least one. */
  readonly symbols: readonly string[];
  readonly headline: string;
  /** First sentence or abstract, when the source sends one; scored with less weight than the headline. */
  readonly summary?: string;
  /** Who delivered it: "alpaca", "import", "simulator". */
  readonly source: string;
  readonly url?: string;
}

/**
 * Where news comes from: the simulator, Alpaca's news stream, or a file import. The desk listens with
 * `onNews` and asks `recent` for a symbol's stored past; a live source also has a lifecycle.
 */
export interface NewsSource {
  /** Items for `symbol` with `from <= time <= to`, oldest first. */
  recent(symbol: string, from: EpochMs, to: EpochMs): readonly NewsItem[];
  onNews(listener: (item: NewsItem) => void): () => void;
}

/** Connection state of a live news source, in words a trader can act on. */
export interface NewsSourceStatus {
  readonly state: 'idle' | 'connecting' | 'streaming' | 'waiting' | 'stopped';
  readonly reason: string;
  /** Items delivered since start. */
  readonly received: number;
  /** Messages refused (bad shape, no symbols), counted rather than crashing the stream. */
  readonly rejected: number;
}

/**
 * A news source with a connection (Alpaca's news stream). It delivers raw stories; the desk scores, stores
 * and feeds them, so every source goes through the one scorer.
 */
export interface LiveNewsSource {
  readonly name: string;
  /** Symbols to receive news for; `['*']` for all. Replaces the previous set. */
  subscribe(symbols: readonly string[]): void;
  onStory(listener: (story: RawNews) => void): () => void;
  status(): NewsSourceStatus;
  onStatus(listener: (status: NewsSourceStatus) => void): () => void;
  /** Connects; idempotent. */
  start(): void;
  /** Disconnects and releases timers; idempotent. */
  stop(): void;
}
