import type { Bar } from '../../market/bar.js';
import { intervalMs, type Interval } from '../../market/interval.js';
import { epochMs, type EpochMs } from '../../market/units.js';
import type { NewsItem, NewsSource } from '../../news/news-item.js';
import type { Cancel, Clock } from '../../time/clock.js';
import type { FeedEvents, FeedStatus, HistoryQuery, MarketFeed } from '../feed.js';
import { FeedEmitter } from '../feed-emitter.js';
import { selectBars } from './select-bars.js';
import { PricePath } from './price-path.js';
import type { SimEpisode } from './sim-episode.js';
import { DEFAULT_SIM_SYMBOLS, validateSimSymbols, type SimSymbolSpec } from './sim-symbol-spec.js';
import { tradingCalendar, type TradingCalendar } from './trading-calendar.js';

export interface MarketSimulatorOptions {
  /** Same seed and options (and clock start) → bit-identical bars, news and episodes. */
  readonly seed: number;
  readonly symbols?: readonly SimSymbolSpec[];
  readonly interval: Interval;
  readonly clock: Clock;
  /** Simulated milliseconds per clock millisecond; default 1. */
  readonly speed?: number;
  /** Bars generated up front, before the clock's start, and served by `history()`; default 250. */
  readonly historyBars?: number;
  readonly name?: string;
}

interface SymbolState {
  readonly path: PricePath;
  readonly bars: Bar[];
  readonly news: NewsItem[];
  readonly episodes: SimEpisode[];
}

const MAX_HISTORY_BARS = 200_000;

/**
 * The desk's offline default market: several made-up symbols whose bars look like a real market on a
 * chart (see PricePath), emitted on the injected clock.
 *
 * The simulated market runs in trading time: every `interval / speed` clock milliseconds one bar closes,
 * and bar times follow the trading calendar (weekdays; 14:30–21:00 UTC for intraday bars), skipping
 * nights and weekends. So a demo desk always has a moving market, whatever the hour. Bar and news times are
 * therefore market time, which runs ahead of the clock when speed > 1 or a night is skipped: consumers
 * window by bar time or `marketTime()`, not by `clock.now()`.
 */
export class MarketSimulator implements MarketFeed, NewsSource {
  readonly name: string;
  private readonly clock: Clock;
  private readonly interval: Interval;
  private readonly speed: number;
  private readonly calendar: TradingCalendar;
  private readonly states = new Map<string, SymbolState>();
  private readonly subscribed = new Set<string>();
  private readonly emitter = new FeedEmitter();
  /** `onNews` listeners hear every symbol; kept apart from the feed's `news` event, which is per subscription. */
  private readonly allNews = new FeedEmitter();
  private nextSlot: EpochMs;
  private liveBars = 0;
  /** Clock time at which live bar 0 would have closed minus one bar: emissions are planned from it. */
  private wallBase = 0;
  private timer: Cancel | undefined;
  private current: FeedStatus;

  constructor(options: MarketSimulatorOptions) {
    const specs = options.symbols ?? DEFAULT_SIM_SYMBOLS;
    validateSimSymbols(specs);
    const speed = options.speed ?? 1;
    if (!(Number.isFinite(speed) && speed > 0)) {
      throw new RangeError(`MarketSimulator speed must be a positive finite number (simulated ms per clock ms), got ${speed}`);
    }
    const historyBars = options.historyBars ?? 250;
    if (!(Number.isInteger(historyBars) && historyBars >= 0 && historyBars <= MAX_HISTORY_BARS)) {
      throw new RangeError(`MarketSimulator historyBars must be an integer from 0 to ${MAX_HISTORY_BARS}, got ${historyBars}`);
    }
    if (!Number.isFinite(options.seed)) throw new RangeError(`MarketSimulator seed must be a finite number, got ${options.seed}`);
    this.name = options.name ?? 'simulator';
    this.clock = options.clock;
    this.interval = options.interval;
    this.speed = speed;
    this.calendar = tradingCalendar(options.interval);
    for (const spec of specs) {
      const path = new PricePath(spec, options.interval, this.calendar.barsPerSession, options.seed);
      this.states.set(spec.symbol, { path, bars: [], news: [], episodes: [] });
    }
    const anchor = this.calendar.atOrAfter(this.clock.now());
    let slot = anchor;
    for (let i = 0; i < historyBars; i++) slot = this.calendar.previous(slot);
    for (let i = 0; i < historyBars; i++) {
      this.generate(slot);
      slot = this.calendar.next(slot);
    }
    this.nextSlot = anchor;
    this.current = { state: 'disconnected', at: this.clock.now(), reason: 'not started' };
  }

  /** Market time: the close of the newest generated bar (its open before any bar exists). */
  marketTime(): EpochMs {
    const newest = this.states.values().next().value?.bars.at(-1);
    return newest === undefined ? this.nextSlot : epochMs(newest.time + intervalMs(this.interval));
  }

  /** Symbols this simulator makes, in spec order. */
  symbols(): readonly string[] {
    return [...this.states.keys()];
  }

  subscribe(symbols: readonly string[], interval: Interval): void {
    if (interval !== this.interval) {
      throw new RangeError(`${this.name} makes ${this.interval} bars only; asked for ${interval}. Create a simulator with interval '${interval}'.`);
    }
    const unknown = symbols.filter((s) => !this.states.has(s));
    if (unknown.length > 0) {
      throw new RangeError(`${this.name} does not simulate ${unknown.join(', ')}; it has ${this.symbols().join(', ')}`);
    }
    for (const symbol of symbols) this.subscribed.add(symbol);
  }

  unsubscribe(symbols: readonly string[]): void {
    for (const symbol of symbols) this.subscribed.delete(symbol);
  }

  /** Bars already generated (pre-generated history and emitted bars), never future ones. */
  history(query: HistoryQuery): Promise<readonly Bar[]> {
    const state = this.states.get(query.symbol);
    if (state === undefined) {
      return Promise.reject(new RangeError(`${this.name} has no symbol ${query.symbol}; it has ${this.symbols().join(', ')}`));
    }
    if (query.interval !== this.interval) return Promise.resolve([]);
    return Promise.resolve(selectBars(state.bars, query));
  }

  status(): FeedStatus {
    return this.current;
  }

  on<K extends keyof FeedEvents>(event: K, listener: (payload: FeedEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  start(): void {
    if (this.timer !== undefined) return;
    // Resuming after stop() continues with the next bar one interval from now, not with a burst of missed bars.
    this.wallBase = this.clock.now() - (this.liveBars * intervalMs(this.interval)) / this.speed;
    this.setStatus('connected', 'simulated market running');
    this.scheduleNext();
  }

  stop(): void {
    if (this.timer === undefined) return;
    this.timer();
    this.timer = undefined;
    this.setStatus('disconnected', 'stopped');
  }

  /** News so far about `symbol` with from <= time <= to, oldest first. */
  recent(symbol: string, from: EpochMs, to: EpochMs): readonly NewsItem[] {
    const items = this.states.get(symbol)?.news ?? [];
    return items.filter((item) => item.time >= from && item.time <= to);
  }

  /** Every news item as it is emitted, for all simulated symbols (the `news` event covers subscribed ones). */
  onNews(listener: (item: NewsItem) => void): () => void {
    return this.allNews.on('news', listener);
  }

  /** Ground truth of consolidation/breakout episodes already decided, oldest first; for tests and labels. */
  episodes(symbol?: string): readonly SimEpisode[] {
    if (symbol !== undefined) return [...(this.states.get(symbol)?.episodes ?? [])];
    return [...this.states.values()].flatMap((s) => s.episodes).sort((a, b) => a.resolved - b.resolved);
  }

  private scheduleNext(): void {
    const due = this.wallBase + ((this.liveBars + 1) * intervalMs(this.interval)) / this.speed;
    this.timer = this.clock.schedule(due - this.clock.now(), () => {
      this.emitNext();
      this.scheduleNext();
    });
  }

  private emitNext(): void {
    const slot = this.nextSlot;
    this.nextSlot = this.calendar.next(slot);
    this.liveBars++;
    const steps = this.generate(slot);
    for (const { bar, news } of steps) {
      if (news === undefined) continue;
      this.allNews.emit('news', news);
      if (this.subscribed.has(bar.symbol)) this.emitter.emit('news', news);
    }
    for (const { bar } of steps) {
      if (this.subscribed.has(bar.symbol)) this.emitter.emit('bar', bar);
    }
  }

  /** Every symbol advances on every slot, subscribed or not, so subscriptions never change the paths. */
  private generate(slot: EpochMs): { bar: Bar; news: NewsItem | undefined }[] {
    const at = { time: slot, indexInSession: this.calendar.indexInSession(slot) };
    const steps: { bar: Bar; news: NewsItem | undefined }[] = [];
    for (const state of this.states.values()) {
      const step = state.path.next(at);
      state.bars.push(step.bar);
      if (step.news !== undefined) state.news.push(step.news);
      if (step.resolved !== undefined) state.episodes.push(step.resolved);
      steps.push(step);
    }
    return steps;
  }

  private setStatus(state: FeedStatus['state'], reason: string): void {
    this.current = { state, at: this.clock.now(), reason };
    this.emitter.emit('status', this.current);
  }
}
