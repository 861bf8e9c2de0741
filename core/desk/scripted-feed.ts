import type { FeedEvents, FeedStatus, HistoryQuery, MarketFeed } from '../feeds/feed.js';
import type { Bar } from '../market/bar.js';
import type { Interval } from '../market/interval.js';
import { epochMs, price, quantity } from '../market/units.js';
import type { DeskFeed } from './desk-feed.js';

type Listeners = { [K in keyof FeedEvents]: Set<(payload: FeedEvents[K]) => void> };

/**
 * A hand-driven feed: tests push bars and status changes, so desk and transport tests do not depend on
 * the simulator's timing. Also the stand-in when a test needs a feed that fails on purpose.
 */
export class ScriptedFeed implements MarketFeed {
  readonly name = 'scripted';
  running = false;
  subscribed: string[] = [];
  private current: FeedStatus = { state: 'connecting', at: epochMs(0) };
  private readonly listeners: Listeners = { bar: new Set(), tick: new Set(), news: new Set(), status: new Set() };

  constructor(private readonly historyBars: readonly Bar[] = []) {}

  subscribe(symbols: readonly string[]): void {
    this.subscribed = [...new Set([...this.subscribed, ...symbols])];
  }

  unsubscribe(symbols: readonly string[]): void {
    this.subscribed = this.subscribed.filter((s) => !symbols.includes(s));
  }

  history(query: HistoryQuery): Promise<readonly Bar[]> {
    const bars = this.historyBars.filter((b) => b.symbol === query.symbol && b.interval === query.interval);
    return Promise.resolve(query.limit === undefined ? bars : bars.slice(-query.limit));
  }

  status(): FeedStatus {
    return this.current;
  }

  on<K extends keyof FeedEvents>(event: K, listener: (payload: FeedEvents[K]) => void): () => void {
    const set = this.listeners[event] as Set<(payload: FeedEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  start(): void {
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  emitBar(bar: Bar): void {
    for (const listener of this.listeners.bar) listener(bar);
  }

  setStatus(status: FeedStatus): void {
    this.current = status;
    for (const listener of this.listeners.status) listener(status);
  }
}

/** A valid bar for tests: a small up candle at minute `index`. */
export function scriptedBar(symbol: string, index: number, close = 100 + index, interval: Interval = '1m'): Bar {
  return {
    symbol, interval, time: epochMs(index * 60_000),
    open: price(close - 0.5), high: price(close + 1), low: price(close - 1), close: price(close), volume: quantity(1_000 + index),
  };
}

/** A DeskFeed over a ScriptedFeed, for `createDesk({ createFeed })`. */
export function scriptedDeskFeed(feed: ScriptedFeed, symbols: readonly string[], historyBars = 100): () => DeskFeed {
  return () => ({ feed, symbols, interval: '1m', historyBars });
}
