import type { Bar } from '../../market/bar.js';
import { intervalMs, type Interval } from '../../market/interval.js';
import { epochMs, type EpochMs } from '../../market/units.js';
import type { Cancel, Clock } from '../../time/clock.js';
import type { FeedEvents, FeedStatus, HistoryQuery, MarketFeed } from '../feed.js';
import { FeedEmitter } from '../feed-emitter.js';
import { mergeByTime } from './merge-by-time.js';

/** Anything that answers history queries from stored bars; `BarStore` fits as it is. */
export interface BarSource {
  query(query: HistoryQuery): readonly Bar[];
}

export interface ReplayFeedOptions {
  readonly source: BarSource | ((query: HistoryQuery) => readonly Bar[]);
  readonly clock: Clock;
  /** Bar time per clock time; `Infinity` replays as fast as the clock runs callbacks. Default 1. */
  readonly speed?: number;
  /** First bar open time to replay; bars before it are history from the start. */
  readonly from?: EpochMs;
  /** Last bar open time to replay. */
  readonly to?: EpochMs;
  /**
   * A pause between bars longer than one interval (a night, a weekend) takes one interval of replay
   * time, so an intraday replay does not sit idle overnight. Default true.
   */
  readonly compressGaps?: boolean;
  /** At `speed: Infinity`, bar groups per clock callback; smaller yields to stop()/pause() sooner. Default 500. */
  readonly batchSize?: number;
  readonly name?: string;
}

/**
 * Replays stored bars of several symbols, merged in time order, on the injected clock: the backtest and
 * paper desk's feed. No look-ahead: `history()` returns only bars at or before the replay cursor (the
 * open time of the newest emitted bar), whatever the query asks for.
 */
export class ReplayFeed implements MarketFeed {
  readonly name: string;
  private readonly source: (query: HistoryQuery) => readonly Bar[];
  private readonly clock: Clock;
  private readonly speed: number;
  private readonly from: number;
  private readonly to: number;
  private readonly compressGaps: boolean;
  private readonly batchSize: number;
  private readonly emitter = new FeedEmitter();
  private readonly symbols: string[] = [];
  private interval: Interval | undefined;
  /** Bars at or before the cursor have been emitted (or predate the replay). */
  private cursor: number;
  private queue: Bar[] = [];
  private next = 0;
  private running = false;
  private paused = false;
  private done = false;
  /** Open time of the last bar group emitted since start or seek; the first group waits one interval. */
  private lastEmitted: number | undefined;
  private timer: Cancel | undefined;
  /** Clock time at which the next bar group is due; accumulating it avoids drift from late callbacks. */
  private dueAt = 0;
  private current: FeedStatus;

  constructor(options: ReplayFeedOptions) {
    const speed = options.speed ?? 1;
    if (!(speed > 0)) throw new RangeError(`ReplayFeed speed must be positive (bar ms per clock ms, or Infinity), got ${speed}`);
    const batchSize = options.batchSize ?? 500;
    if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`ReplayFeed batchSize must be a positive integer, got ${batchSize}`);
    const source = options.source;
    this.source = typeof source === 'function' ? source : (query) => source.query(query);
    this.clock = options.clock;
    this.speed = speed;
    this.from = options.from ?? -Infinity;
    this.to = options.to ?? Infinity;
    if (this.from > this.to) throw new RangeError(`ReplayFeed from (${this.from}) is after to (${this.to})`);
    this.compressGaps = options.compressGaps ?? true;
    this.batchSize = batchSize;
    this.name = options.name ?? 'replay';
    this.cursor = this.from - 1;
    this.current = { state: 'disconnected', at: this.clock.now(), reason: 'not started' };
  }

  subscribe(symbols: readonly string[], interval: Interval): void {
    if (this.interval !== undefined && this.symbols.length > 0 && interval !== this.interval) {
      throw new RangeError(`${this.name} replays ${this.interval} bars; unsubscribe those before subscribing to ${interval}`);
    }
    this.interval = interval;
    const added = symbols.filter((s) => !this.symbols.includes(s));
    if (added.length === 0) return;
    this.symbols.push(...added);
    if (this.running) this.reload();
  }

  unsubscribe(symbols: readonly string[]): void {
    const before = this.symbols.length;
    for (const symbol of symbols) {
      const at = this.symbols.indexOf(symbol);
      if (at !== -1) this.symbols.splice(at, 1);
    }
    if (this.running && this.symbols.length !== before) this.reload();
  }

  /** Stored bars at or before the replay cursor: a strategy never sees a bar the replay has not reached. */
  history(query: HistoryQuery): Promise<readonly Bar[]> {
    const to = Math.min(query.to ?? Infinity, this.cursor);
    if (to < (query.from ?? -Infinity) || to === -Infinity) return Promise.resolve([]);
    try {
      const bars = this.source({ ...query, to: epochMs(to) });
      return Promise.resolve(bars.filter((b) => b.time <= to));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  status(): FeedStatus {
    return this.current;
  }

  on<K extends keyof FeedEvents>(event: K, listener: (payload: FeedEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** Open time of the newest bar emitted (or the replay's start minus 1 ms before any). */
  position(): EpochMs {
    return epochMs(this.cursor);
  }

  /** True once every bar up to `to` was emitted. */
  finished(): boolean {
    return this.done;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.paused = false;
    this.done = false;
    this.setStatus('connecting', 'loading stored bars');
    if (!this.reload()) return;
    this.setStatus('connected', `replaying ${this.symbols.join(', ') || 'no symbols'}`);
    this.scheduleFromNow();
  }

  stop(): void {
    if (!this.running) return;
    this.halt('disconnected', 'stopped');
  }

  /** Holds the replay where it is; `resume()` continues with the next bar. */
  pause(): void {
    if (!this.running || this.paused) return;
    this.paused = true;
    this.cancelTimer();
    this.setStatus('stale', 'replay paused');
  }

  resume(): void {
    if (!this.running || !this.paused) return;
    this.paused = false;
    this.setStatus('connected', 'replay resumed');
    this.scheduleFromNow();
  }

  /**
   * Moves the replay so the next bar emitted is the first opening at or after `time` (backwards too).
   * Bars skipped over become history; bars after `time` stop being history.
   */
  seek(time: EpochMs): void {
    this.cursor = Math.max(this.from, time) - 1;
    this.lastEmitted = undefined;
    this.done = false;
    if (!this.running) return;
    if (!this.reload()) return;
    if (!this.paused) this.scheduleFromNow();
  }

  /** Reloads the bars after the cursor for the current symbols; false (and disconnected) if the source fails. */
  private reload(): boolean {
    const interval = this.interval;
    this.next = 0;
    if (interval === undefined) {
      this.queue = [];
      return true;
    }
    try {
      const from = epochMs(Math.max(this.from, this.cursor + 1));
      const to = this.to === Infinity ? undefined : epochMs(this.to);
      const series = this.symbols.map((symbol) => this.source(to === undefined ? { symbol, interval, from } : { symbol, interval, from, to }));
      this.queue = mergeByTime(series).filter((b) => b.time > this.cursor && b.time <= this.to);
      return true;
    } catch (error) {
      this.halt('disconnected', `could not read stored bars: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private scheduleFromNow(): void {
    this.cancelTimer();
    this.dueAt = this.clock.now();
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const bar = this.queue[this.next];
    if (bar === undefined) {
      this.halt('disconnected', this.lastEmitted === undefined ? 'replay finished: no stored bars in range' : `replay finished at ${new Date(this.lastEmitted).toISOString()}`);
      this.done = true;
      return;
    }
    const step = this.interval === undefined ? 0 : intervalMs(this.interval);
    const gap = this.lastEmitted === undefined ? step : bar.time - this.lastEmitted;
    const barTime = this.compressGaps ? Math.min(gap, step) : gap;
    this.dueAt += this.speed === Infinity ? 0 : barTime / this.speed;
    this.timer = this.clock.schedule(this.dueAt - this.clock.now(), () => {
      this.timer = undefined;
      const groups = this.speed === Infinity ? this.batchSize : 1;
      for (let i = 0; i < groups && this.running && !this.paused && this.next < this.queue.length; i++) this.emitGroup();
      if (this.running && !this.paused) this.scheduleNext();
    });
  }

  /** Emits every bar sharing the next open time, so no symbol is ahead of another within one instant. */
  private emitGroup(): void {
    const first = this.queue[this.next];
    if (first === undefined) return;
    this.cursor = first.time;
    this.lastEmitted = first.time;
    while (this.next < this.queue.length && this.queue[this.next]?.time === first.time) {
      const bar = this.queue[this.next++];
      if (bar !== undefined) this.emitter.emit('bar', bar);
    }
  }

  private halt(state: FeedStatus['state'], reason: string): void {
    this.running = false;
    this.paused = false;
    this.cancelTimer();
    this.setStatus(state, reason);
  }

  private cancelTimer(): void {
    this.timer?.();
    this.timer = undefined;
  }

  private setStatus(state: FeedStatus['state'], reason: string): void {
    this.current = { state, at: this.clock.now(), reason };
    this.emitter.emit('status', this.current);
  }
}
