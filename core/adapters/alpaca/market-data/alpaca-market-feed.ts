import type { Bar } from '../../../market/bar.js';
import { intervalMs, type Interval } from '../../../market/interval.js';
import { epochMs, price, quantity, type EpochMs } from '../../../market/units.js';
import type { FeedEvents, FeedStatus, HistoryQuery, MarketFeed } from '../../../feeds/feed.js';
import { FeedEmitter } from '../../../feeds/feed-emitter.js';
import type { SymbolGate } from '../../symbol-gate.js';
import { stockStreamUrl } from '../endpoints.js';
import { DEFAULT_CHANNELS, pickTiming, type AlpacaMarketFeedOptions } from './alpaca-feed-options.js';
import { FullJitterBackoff } from '../backoff.js';
import type { BarSequencer } from './bar-sequencer.js';
import { toBar } from './bar-mapping.js';
import { zeroCounters, type FeedCounters } from './feed-counters.js';
import { usRegularHours } from './market-hours.js';
import { RestBarsClient } from './rest-bars.js';
import { StreamConnection, type StreamState } from './stream-connection.js';
import { HALT_CODES, RESUME_CODES, type BarMessage, type StreamMessage } from './stream-messages.js';
import { StreamSymbolGate } from './stream-symbol-gate.js';
import { channelSetFor } from './subscription.js';
import { newSymbolRuntime, type SymbolRuntime } from './symbol-runtime.js';

export { DEFAULT_CHANNELS, type AlpacaMarketFeedOptions, type BarSink } from './alpaca-feed-options.js';

const INTERVAL: Interval = '1m';

/**
 * The desk's MarketFeed on Alpaca's stock data: the stream for live minute bars, trades, quotes and halts, REST
 * for history and for backfilling every gap (after a reconnect, or a bar arriving after a missing one) from the
 * last stored bar. Bars are stored before they are emitted, and a symbol's {@link gate} stays closed while its
 * bars are behind, its quote is stale or it is halted.
 */
export class AlpacaMarketFeed implements MarketFeed {
  readonly name: string;
  /** Consult before predicting or proposing a new entry; see core/adapters/symbol-gate.ts. */
  readonly gate: SymbolGate;
  readonly #o: AlpacaMarketFeedOptions;
  readonly #gate: StreamSymbolGate;
  readonly #connection: StreamConnection;
  readonly #rest: RestBarsClient;
  readonly #restBackoff: FullJitterBackoff;
  readonly #emitter = new FeedEmitter();
  readonly #symbols = new Map<string, SymbolRuntime>();
  readonly #counters = zeroCounters();
  #lastProblem = '';
  #status: FeedStatus;
  #running = false;

  constructor(options: AlpacaMarketFeedOptions) {
    this.#o = options;
    this.name = options.name ?? `alpaca-${options.streamFeed}`;
    const inMarketHours = options.inMarketHours ?? usRegularHours;
    const channels = options.channels ?? DEFAULT_CHANNELS;
    this.#gate = new StreamSymbolGate({
      clock: options.clock, inMarketHours, checkQuotes: channels.includes('quotes'),
      ...(options.staleQuoteMs === undefined ? {} : { staleQuoteMs: options.staleQuoteMs }),
    });
    this.gate = this.#gate;
    this.#rest = new RestBarsClient({
      dataBase: options.endpoints.dataBase, credentials: options.credentials, feed: options.historyFeed,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.pageLimit === undefined ? {} : { pageLimit: options.pageLimit }),
    });
    this.#restBackoff = new FullJitterBackoff({ random: options.random, baseMs: options.restRetryBaseMs ?? 1_000, maxMs: 60_000 });
    const { streamFeed, credentials, clock, random } = options;
    this.#connection = new StreamConnection(
      { ...pickTiming(options), url: stockStreamUrl(options.endpoints, streamFeed), credentials, clock, random, inMarketHours },
      {
        onData: (messages) => this.#onData(messages),
        onSubscribed: () => this.#onSubscribed(),
        onProblem: (problem) => {
          this.#counters.malformed++;
          this.#report(problem.reason);
        },
        onState: (state) => this.#onState(state),
        onUnknown: (n) => {
          this.#counters.unknownTypes += n;
        },
        onServerError: () => {
          this.#counters.serverErrors++;
        },
      },
    );
    this.#status = { state: 'disconnected', at: options.clock.now(), reason: 'not started' };
  }

  subscribe(symbols: readonly string[], interval: Interval): void {
    if (interval !== INTERVAL) {
      throw new RangeError(`${this.name} streams 1m bars; ${interval} is not streamed (read it with history(), or aggregate 1m bars)`);
    }
    for (const symbol of symbols) {
      if (this.#symbols.has(symbol)) continue;
      this.#symbols.set(symbol, newSymbolRuntime(intervalMs(INTERVAL)));
      this.#gate.track(symbol);
    }
    this.#applyDesired();
  }

  unsubscribe(symbols: readonly string[]): void {
    for (const symbol of symbols) {
      this.#symbols.get(symbol)?.retry?.();
      this.#symbols.delete(symbol);
      this.#gate.untrack(symbol);
    }
    this.#applyDesired();
  }

  /** Closed bars from REST, oldest first; `limit` keeps the most recent ones. */
  async history(query: HistoryQuery): Promise<readonly Bar[]> {
    const end = query.to ?? this.#o.clock.now() - intervalMs(query.interval);
    const start = query.from ?? end - (this.#o.initialLookbackMs ?? 86_400_000);
    const result = await this.#rest.bars({ symbol: query.symbol, interval: query.interval, start, end });
    if (!result.ok) throw new Error(result.error.message);
    return query.limit === undefined ? result.value : result.value.slice(Math.max(0, result.value.length - query.limit));
  }

  status(): FeedStatus {
    return this.#status;
  }

  on<K extends keyof FeedEvents>(event: K, listener: (payload: FeedEvents[K]) => void): () => void {
    return this.#emitter.on(event, listener);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#connection.start();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    for (const s of this.#symbols.values()) {
      s.retry?.();
      s.retry = undefined;
    }
    this.#connection.stop('stopped by the desk');
  }

  /** The stream connection's phase and why: e.g. stopped after a 402 with what to do about it. */
  streamState(): StreamState {
    return this.#connection.state();
  }

  counters(): Readonly<FeedCounters> {
    return { ...this.#counters };
  }

  /** The last problem seen (malformed message, failed backfill), with where it was; empty if none. */
  lastProblem(): string {
    return this.#lastProblem;
  }

  /** Symbols whose bars are behind (gap open or backfill running): none means the store is caught up. */
  lagging(): string[] {
    return [...this.#symbols].filter(([, s]) => s.bars.gap || s.running).map(([symbol]) => symbol);
  }

  /** The day's bar so far from the `dailyBars` channel (not stored: it changes until the close). */
  latestDaily(symbol: string): Bar | undefined {
    return this.#symbols.get(symbol)?.latestDaily;
  }

  #applyDesired(): void {
    this.#connection.setDesired(channelSetFor(this.#symbols.keys(), this.#o.channels ?? DEFAULT_CHANNELS));
  }

  #onState(state: StreamState): void {
    if (state.phase !== 'streaming') {
      for (const [symbol, s] of this.#symbols) {
        s.bars.markGap();
        this.#gate.setGap(symbol, true);
      }
    }
    const mapped = state.phase === 'streaming' ? 'connected' : state.phase === 'stopped' || state.phase === 'idle' ? 'disconnected' : 'connecting';
    if (mapped === this.#status.state && state.reason === this.#status.reason) return;
    this.#status = { state: mapped, at: this.#o.clock.now(), reason: state.reason };
    this.#emitter.emit('status', this.#status);
  }

  /** A session acknowledged the desired set: every symbol with a gap is backfilled from its last stored bar. */
  #onSubscribed(): void {
    for (const [symbol, s] of this.#symbols) if (s.bars.gap) this.#backfill(symbol);
  }

  #onData(messages: readonly StreamMessage[]): void {
    for (const m of messages) {
      switch (m.T) {
        case 'b':
          this.#onBar(m);
          break;
        case 'u':
          this.#onUpdatedBar(m);
          break;
        case 'd':
          this.#withSymbol(m.S, (s) => {
            this.#counters.dailyBars++;
            s.latestDaily = toBar(m.S, '1d', m);
          });
          break;
        case 't':
          this.#withSymbol(m.S, (s) => this.#onTrade(m.S, s, m.i, m.t, m.p, m.s));
          break;
        case 'q':
          this.#withSymbol(m.S, () => {
            this.#counters.quotes++;
            this.#gate.quoteAt(m.S, this.#o.clock.now());
          });
          break;
        case 's':
          this.#withSymbol(m.S, () => {
            this.#counters.statuses++;
            if (HALT_CODES.has(m.sc)) this.#gate.setHalted(m.S, true);
            else if (RESUME_CODES.has(m.sc)) this.#gate.setHalted(m.S, false);
          });
          break;
        case 'c':
        case 'x':
          this.#withSymbol(m.S, (s) => this.#refreshMinute(m.S, s, m.t));
          break;
        default:
          // LULD bands and imbalances are validated and counted by the connection; nothing here uses them yet.
          break;
      }
    }
  }

  #withSymbol(symbol: string, body: (s: SymbolRuntime) => void): void {
    const s = this.#symbols.get(symbol);
    if (s === undefined) this.#counters.unsubscribedData++;
    else body(s);
  }

  #onBar(m: BarMessage): void {
    this.#withSymbol(m.S, (s) => {
      const bar = toBar(m.S, INTERVAL, m);
      switch (s.bars.onLive(bar)) {
        case 'emit':
          if (!this.#tryStore([bar])) {
            s.bars.unEmit(bar);
            this.#gate.setGap(m.S, true);
            this.#backfill(m.S);
            break;
          }
          this.#emit([bar]);
          if (s.lateUpdates.size > 0 || s.refreshLater.size > 0) this.#applyLate(m.S, s);
          break;
        case 'gap':
          this.#counters.gapsDetected++;
          this.#gate.setGap(m.S, true);
          this.#backfill(m.S);
          break;
        case 'buffer':
          break;
        case 'duplicate':
          this.#counters.duplicates++;
          break;
        case 'out-of-order':
          this.#counters.outOfOrder++;
          this.#report(`bar ${m.S} ${new Date(bar.time).toISOString()} arrived after a newer one; dropped`);
          break;
      }
    });
  }

  /**
   * An updated bar overwrites a stored one at once: rewriting a time at or before the last stored bar cannot open
   * a hole. One not stored yet waits for the backfill or live bar that stores its time, then overwrites it, since
   * that REST answer may predate the late trade.
   */
  #onUpdatedBar(m: BarMessage): void {
    this.#withSymbol(m.S, (s) => {
      const bar = toBar(m.S, INTERVAL, m);
      const lastStored = this.#o.store.lastTime(m.S, INTERVAL);
      if (lastStored !== undefined && bar.time <= lastStored) {
        if (!this.#tryStore([bar])) return;
        this.#counters.updatedBars++;
        s.updateSeq.set(bar.time, (s.updateSeq.get(bar.time) ?? 0) + 1);
      } else {
        s.lateUpdates.set(bar.time, bar);
      }
    });
  }

  /** After bars were stored: late updates and corrections whose time is now stored are applied. */
  #applyLate(symbol: string, s: SymbolRuntime): void {
    const lastStored = this.#o.store.lastTime(symbol, INTERVAL);
    if (lastStored === undefined) return;
    const due = [...s.lateUpdates.values()].filter((b) => b.time <= lastStored);
    for (const b of due) s.lateUpdates.delete(b.time);
    if (due.length > 0 && this.#tryStore(due)) this.#counters.updatedBars += due.length;
    for (const minute of s.refreshLater) {
      if (minute > lastStored) continue;
      s.refreshLater.delete(minute);
      this.#refetch(symbol, s, minute);
    }
  }

  #onTrade(symbol: string, s: SymbolRuntime, i: number, t: number, p: number, size: number): void {
    const last = s.lastTrade;
    if (last !== undefined && last.i === i && last.t === t) {
      this.#counters.duplicates++;
      return;
    }
    if (last !== undefined && t < last.t) {
      this.#counters.outOfOrder++;
      return;
    }
    s.lastTrade = { i, t };
    this.#counters.ticks++;
    this.#emitter.emit('tick', { symbol, time: epochMs(t), price: price(p), size: quantity(size) });
  }

  /** A corrected or cancelled trade changes its minute's bar: fetch that bar again and overwrite it once stored. */
  #refreshMinute(symbol: string, s: SymbolRuntime, t: number): void {
    const step = intervalMs(INTERVAL);
    const minute = Math.floor(t / step) * step;
    const lastStored = this.#o.store.lastTime(symbol, INTERVAL);
    if (lastStored === undefined || minute > lastStored) s.refreshLater.add(minute);
    else this.#refetch(symbol, s, minute);
  }

  #refetch(symbol: string, s: SymbolRuntime, minute: number): void {
    const seq = s.updateSeq.get(minute) ?? 0;
    void this.#rest.bars({ symbol, interval: INTERVAL, start: minute, end: minute }).then((result) => {
      if (!result.ok) {
        this.#counters.backfillFailures++;
        this.#report(`refreshing ${symbol} ${new Date(minute).toISOString()} after a correction failed: ${result.error.message}`);
        return;
      }
      // An updated bar stored after this request went out is newer than this answer.
      if (this.#symbols.get(symbol) !== s || (s.updateSeq.get(minute) ?? 0) !== seq) return;
      const bars = result.value.filter((b) => b.time === minute);
      if (bars.length > 0 && this.#tryStore(bars)) this.#counters.correctedBars++;
    });
  }

  /** One backfill per symbol at a time; a request while one runs asks for another round after it. */
  #backfill(symbol: string): void {
    const s = this.#symbols.get(symbol);
    if (s === undefined || !this.#running) return;
    if (s.running) {
      s.rerun = true;
      return;
    }
    if (s.retry !== undefined) return;
    s.running = true;
    s.rerun = false;
    const lastStored = this.#o.store.lastTime(symbol, INTERVAL);
    const start = lastStored === undefined ? this.#o.clock.now() - (this.#o.initialLookbackMs ?? 86_400_000) : lastStored + intervalMs(INTERVAL);
    s.bars.requestSent();
    void this.#rest.bars({ symbol, interval: INTERVAL, start }).then(
      (result) => this.#backfillDone(symbol, s, lastStored, result.ok ? result.value : undefined, result.ok ? '' : result.error.message),
      (error: unknown) => this.#backfillDone(symbol, s, lastStored, undefined, (error as Error).message),
    );
  }

  #backfillDone(symbol: string, s: SymbolRuntime, lastStored: EpochMs | undefined, bars: readonly Bar[] | undefined, failure: string): void {
    s.running = false;
    if (this.#symbols.get(symbol) !== s || !this.#running) return;
    if (bars === undefined) {
      this.#retryBackfill(symbol, s, `backfill of ${symbol} failed: ${failure}; retrying`);
      return;
    }
    let merged: ReturnType<BarSequencer['complete']>;
    try {
      merged = s.bars.complete(bars, lastStored, (all) => this.#store(all));
    } catch (error) {
      // The transaction stored nothing and the sequencer is unchanged: the same backfill is tried again.
      this.#counters.storeFailures++;
      this.#retryBackfill(symbol, s, `storing the backfill of ${symbol} failed: ${(error as Error).message}; retrying`);
      return;
    }
    this.#restBackoff.reset();
    this.#counters.backfills++;
    this.#counters.backfilledBars += merged.store.length;
    this.#applyLate(symbol, s);
    this.#emit(merged.emit);
    const streaming = this.#connection.state().phase === 'streaming';
    if (merged.again || s.rerun || !streaming) {
      s.bars.markGap();
      if (streaming) this.#backfill(symbol);
      return;
    }
    this.#gate.setGap(symbol, false);
  }

  #retryBackfill(symbol: string, s: SymbolRuntime, reason: string): void {
    this.#counters.backfillFailures++;
    this.#report(reason);
    s.retry = this.#o.clock.schedule(this.#restBackoff.next(), () => {
      s.retry = undefined;
      this.#backfill(symbol);
    });
  }

  /** Stores in one transaction; throws (storing nothing) when the database refuses. */
  #store(bars: readonly Bar[]): void {
    if (bars.length === 0) return;
    this.#o.store.upsert(bars);
    this.#counters.barsStored += bars.length;
  }

  /** {@link #store} for paths that must not throw into the socket's handler: a refusal is counted and reported. */
  #tryStore(bars: readonly Bar[]): boolean {
    try {
      this.#store(bars);
      return true;
    } catch (error) {
      this.#counters.storeFailures++;
      const first = bars[0];
      this.#report(`storing ${bars.length} bar(s) of ${first?.symbol ?? '?'} from ${new Date(first?.time ?? 0).toISOString()} failed: ${(error as Error).message}`);
      return false;
    }
  }

  #emit(bars: readonly Bar[]): void {
    for (const bar of bars) {
      this.#counters.barsEmitted++;
      this.#emitter.emit('bar', bar);
    }
  }

  #report(reason: string): void {
    this.#lastProblem = reason;
  }
}
