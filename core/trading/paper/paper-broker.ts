import type { Bar } from '../../market/bar.js';
import { closeOffsetMs } from '../../market/interval.js';
import { epochMs, price, quantity, type EpochMs } from '../../market/units.js';
import type { Clock } from '../../time/clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BrokerOrderState, BrokerPosition, ExecutionReport, SimulatedBroker } from '../broker.js';
import type { Fill, Order, OrderSide, OrderType } from '../order.js';
import { matchOrder, ocoRank, slip, type BarMatch, type MatchableOrder } from './bar-match.js';
import { fillCommission } from './commission.js';
import { orderProblem } from './order-checks.js';
import { parsePaperBrokerConfig, type PaperBrokerConfig, type PaperBrokerConfigInput } from './paper-broker-config.js';
import { PositionBook } from '../portfolio/position-book.js';
import { UTC_DAY_SESSIONS, type SessionCalendar } from './session-calendar.js';

/** Every rejection of a reused client order id starts with this, so the order path can tell it apart. */
export const DUPLICATE_CLIENT_ORDER_ID = 'duplicate client order id';

export interface PaperBrokerOptions {
  /** Stamps accepted, rejected and cancelled reports; fills and expiries take their time from the bar. */
  readonly clock: Clock;
  /** Any subset of the settings; the rest take their documented defaults. */
  readonly config?: PaperBrokerConfigInput;
  /** When day orders expire. Default: one session per UTC date. */
  readonly sessions?: SessionCalendar;
  readonly name?: string;
}

/** What the broker refused or ignored, counted rather than thrown. */
export interface PaperBrokerStats {
  readonly barsMatched: number;
  readonly fills: number;
  readonly rejectedOrders: number;
  /** Bars not newer than the last bar of their symbol: a replayed or duplicated bar must not fill twice. */
  readonly staleBars: number;
  /** Bars whose prices or volume are not a possible bar (non-finite, high below low, open outside the range...). */
  readonly invalidBars: number;
  /** Cancels of orders that are unknown or already finished. */
  readonly ignoredCancels: number;
  readonly listenerErrors: number;
}

/**
 * What the broker keeps per symbol: one lookup per bar finds both the stale-bar guard and the working orders.
 * Made on a symbol's first bar or order and kept for the run (a desk trades a bounded set of symbols).
 */
interface SymbolBook {
  readonly symbol: string;
  /** The book whose bar followed one of this book's last time: a replay cycles through its symbols in one order. */
  after: SymbolBook | undefined;
  /** Open time of the symbol's latest bar; -Infinity before its first (a possible bar's time is finite). */
  lastBarTime: number;
  /**
   * Working orders in acceptance order are `orders[0 .. size)`; finished ones stay until `compact` drops them, in
   * place. The array is never cut to length 0: V8 then frees its backing store, and a symbol's orders all finish
   * about once per order in a backtest, so the next submit allocated a new one. Entries past `size` are dropped
   * orders left until overwritten.
   */
  readonly orders: WorkingOrder[];
  size: number;
  /** Some order in `orders` finished since the last compaction. */
  dirty: boolean;
}

interface WorkingOrder extends MatchableOrder {
  readonly order: Order;
  readonly book: SymbolBook;
  readonly id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly brokerOrderId: string;
  readonly day: boolean;
  readonly ocoGroup: string | undefined;
  /** Only bars opening at or after this instant may fill the order (see `fillOnAcceptanceBar`). */
  readonly eligibleFrom: number;
  filled: number;
  notional: number;
  fillCount: number;
  triggered: boolean;
  /** The session of the first bar allowed to fill a day order; it expires when that session ends. */
  session: number | undefined;
  done: boolean;
}

/**
 * The desk's default broker: fills working orders from the bars it is fed, the same way in a backtest and in
 * paper trading. It never reads the wall clock and keeps no state outside memory.
 *
 * Rules (each chosen to err against the trader, so paper results do not flatter a strategy):
 * - An order accepted after bars closing at T were seen fills only on bars opening at or after T: a decision
 *   taken on bar t's close trades from bar t+1 (unless `fillOnAcceptanceBar`).
 * - Prices per order type: see {@link matchOrder}. Slippage (bps) on market and stop fills; commission per order
 *   with a minimum, see {@link fillCommission}.
 * - All our orders in a symbol together take at most `maxParticipation` of a bar's volume (whole shares), in the
 *   order they were accepted; the rest of an order stays working.
 * - One-cancels-other: at most one member of a group fills in a bar, chosen by {@link ocoRank} (a fill at the
 *   open first, else the stop before the target); its first fill cancels the others.
 * - Day orders expire after the last bar of the session of the first bar allowed to fill them, or when a bar of a
 *   later session arrives first.
 * - A reused client order id is rejected (reason starts with {@link DUPLICATE_CLIENT_ORDER_ID}); the `bracket`
 *   field is ignored: exits arrive as their own orders sharing an ocoGroup.
 *
 * Reports go to listeners synchronously, in the order things happened; reports caused by a listener's own
 * submit or cancel are queued behind the current ones, so the order stays deterministic.
 */
export class PaperBroker implements SimulatedBroker {
  readonly name: string;
  private readonly clock: Clock;
  private readonly config: PaperBrokerConfig;
  private readonly sessions: SessionCalendar;
  /**
   * Every client order id submitted, in first-submit order: its working order while it works, null once it finished
   * or was rejected (a reused id is rejected for good). One table where a set of seen ids and a map of working orders
   * were two: finishing an order overwrites its entry instead of deleting a key, and each delete could shrink and
   * rehash the map (about one per order of a backtest).
   */
  private readonly orderIds = new Map<string, WorkingOrder | null>();
  private readonly books = new Map<string, SymbolBook>();
  /** The book of the latest possible bar, the starting point of `bookOfBar`'s guess. */
  private lastBarBook: SymbolBook | undefined;
  private readonly groups = new Map<string, WorkingOrder[]>();
  private readonly positionBook = new PositionBook();
  /**
   * Fills not yet folded into `positionBook` are `unbooked[0 .. pending)`: the book is read only by `positions()`,
   * which a backtest never asks, so fills are folded when it is asked (or when the buffer is full), in the order
   * they happened: the same fold, the same positions. Folding each fill at once cost a realised entry, a position
   * object per opening and a list splice per closing, per fill of every run.
   */
  private readonly unbooked: Fill[] = [];
  private pending = 0;
  /** Latest close instant of any bar seen: orders accepted now were decided with that much information. */
  private marketTime = Number.NEGATIVE_INFINITY;
  private nextSeq = 1;
  private listeners: readonly ((report: ExecutionReport) => void)[] = [];
  /**
   * Reports waiting for delivery are `outbox[0 .. queued)`. Emptied by resetting the count, not the array's length:
   * `length = 0` gives V8's array its empty backing store back, so the next report (~2 per order) allocated a new
   * one of 17 slots. Delivered reports stay referenced until overwritten: at most the longest burst, and a fill
   * report is kept by the journal anyway.
   */
  private readonly outbox: ExecutionReport[] = [];
  private queued = 0;
  private flushing = false;
  private readonly counters = {
    barsMatched: 0,
    fills: 0,
    rejectedOrders: 0,
    staleBars: 0,
    invalidBars: 0,
    ignoredCancels: 0,
    listenerErrors: 0,
  };

  private constructor(options: PaperBrokerOptions, config: PaperBrokerConfig) {
    this.name = options.name ?? 'paper';
    this.clock = options.clock;
    this.config = config;
    this.sessions = options.sessions ?? UTC_DAY_SESSIONS;
  }

  /** Validates the configuration; an invalid one is an error naming each bad field. */
  static create(options: PaperBrokerOptions): Result<PaperBroker, string> {
    const config = parsePaperBrokerConfig(options.config ?? {});
    return config.ok ? ok(new PaperBroker(options, config.value)) : err(config.error);
  }

  /** The settings in force, defaults filled in. */
  settings(): PaperBrokerConfig {
    return this.config;
  }

  submit(order: Order): void {
    const now = this.clock.now();
    const id = order.clientOrderId;
    const seen = this.orderIds.get(id) !== undefined;
    const problem = seen ? `${DUPLICATE_CLIENT_ORDER_ID}: ${id} was already submitted` : orderProblem(order);
    if (problem !== undefined) {
      if (!seen) this.orderIds.set(id, null);
      this.counters.rejectedOrders++;
      this.emit({ kind: 'rejected', clientOrderId: id, time: now, reason: problem });
      this.flush();
      return;
    }
    const seq = this.nextSeq++;
    const book = this.bookOf(order.symbol);
    const working: WorkingOrder = {
      order,
      book,
      id,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      limitPrice: order.limitPrice,
      stopPrice: order.stopPrice,
      brokerOrderId: `paper-${seq}`,
      day: order.timeInForce === 'day',
      ocoGroup: order.ocoGroup,
      eligibleFrom: this.config.fillOnAcceptanceBar ? Number.NEGATIVE_INFINITY : this.marketTime,
      filled: 0,
      notional: 0,
      fillCount: 0,
      triggered: false,
      session: undefined,
      done: false,
    };
    this.orderIds.set(id, working);
    if (book.size < book.orders.length) book.orders[book.size] = working;
    else book.orders.push(working);
    book.size++;
    if (order.ocoGroup !== undefined) pushTo(this.groups, order.ocoGroup, working);
    this.emit({ kind: 'accepted', clientOrderId: id, time: now, brokerOrderId: working.brokerOrderId });
    this.flush();
  }

  cancel(clientOrderId: string): void {
    const working = this.orderIds.get(clientOrderId);
    if (working === undefined || working === null) {
      // Already filled, cancelled or expired (its report said so), or never seen: nothing to report.
      this.counters.ignoredCancels++;
      return;
    }
    this.finish(working, 'cancelled', this.clock.now(), 'cancelled on request');
    this.flush();
  }

  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  openOrders(): Promise<readonly BrokerOrderState[]> {
    // First-submit order of the ids is acceptance order: an accepted order's id was new when it was submitted.
    const states: BrokerOrderState[] = [];
    for (const w of this.orderIds.values()) {
      if (w === null) continue;
      states.push({
        clientOrderId: w.id,
        status: w.filled > 0 ? 'partially_filled' : 'accepted',
        filledQuantity: quantity(w.filled),
        ...(w.filled > 0 ? { avgFillPrice: price(w.notional / w.filled) } : {}),
      });
    }
    return Promise.resolve(states);
  }

  positions(): Promise<readonly BrokerPosition[]> {
    this.bookPending();
    return Promise.resolve(this.positionBook.positions().map(({ symbol, quantity: q, avgPrice }) => ({ symbol, quantity: q, avgPrice })));
  }

  stats(): PaperBrokerStats {
    return { ...this.counters };
  }

  onBar(bar: Bar): void {
    if (!isPossibleBar(bar)) {
      this.counters.invalidBars++;
      return;
    }
    const book = this.bookOfBar(bar.symbol);
    if (bar.time <= book.lastBarTime) {
      this.counters.staleBars++;
      return;
    }
    book.lastBarTime = bar.time;
    this.counters.barsMatched++;
    // A book whose orders all finished has nothing to match (the calendar is only asked about bars with work).
    if (book.size > 0 && this.compact(book) > 0) this.match(bar, book);
    this.marketTime = Math.max(this.marketTime, bar.time + closeOffsetMs(bar.interval));
    this.flush();
  }

  private match(bar: Bar, book: SymbolBook): void {
    const orders = book.orders;
    const closedAt = epochMs(bar.time + closeOffsetMs(bar.interval));
    const session = this.sessions.sessionOf(bar);
    for (let i = 0; i < book.size; i++) {
      const w = orders[i] as WorkingOrder;
      if (!w.done && w.session !== undefined && session > w.session) {
        this.finish(w, 'expired', bar.time, 'day order expired: its session ended before this bar');
      }
    }
    let capacity = Math.floor(this.config.maxParticipation * bar.volume);
    let groupsSeen: Set<string> | undefined;
    for (let i = 0; i < book.size; i++) {
      const w = orders[i] as WorkingOrder;
      if (w.done || bar.time < w.eligibleFrom) continue;
      if (w.day && w.session === undefined) w.session = session;
      const group = w.ocoGroup;
      if (group === undefined) {
        capacity -= this.fill(w, matchOrder(w, bar), capacity, closedAt);
      } else if (groupsSeen === undefined || !groupsSeen.has(group)) {
        (groupsSeen ??= new Set()).add(group);
        capacity -= this.matchGroup(group, bar, capacity, closedAt);
      }
    }
    if (this.sessions.isLastBarOfSession(bar)) {
      for (let i = 0; i < book.size; i++) {
        const w = orders[i] as WorkingOrder;
        // The session first: orders here are mostly done (filled by the loop above), and a session read only behind
        // `!w.done` was first reached after V8 optimised match, which then deoptimised. Both are plain reads.
        if (w.session === session && !w.done) this.finish(w, 'expired', closedAt, 'day order expired at the end of its session');
      }
    }
  }

  /** Fills at most one member of a one-cancels-other group in this bar; its fill cancels the others. */
  private matchGroup(group: string, bar: Bar, capacity: number, time: EpochMs): number {
    const members = this.groups.get(group) ?? [];
    let winner: WorkingOrder | undefined;
    let winnerMatch: BarMatch | undefined;
    let bestRank = Number.POSITIVE_INFINITY;
    for (const m of members) {
      if (m.done || m.symbol !== bar.symbol || bar.time < m.eligibleFrom) continue;
      const match = matchOrder(m, bar);
      if (match.triggered) m.triggered = true;
      const rank = ocoRank(m.type, match);
      if (rank < bestRank) {
        bestRank = rank;
        winner = m;
        winnerMatch = match;
      }
    }
    if (winner === undefined || winnerMatch === undefined) return 0;
    const filled = this.fill(winner, winnerMatch, capacity, time);
    if (filled > 0) {
      for (const m of [...members]) {
        if (m !== winner && !m.done) this.finish(m, 'cancelled', time, `one-cancels-other: ${winner.id} filled`);
      }
    }
    return filled;
  }

  /** Books the fill a match allows within the remaining bar capacity; returns the quantity filled. */
  private fill(w: WorkingOrder, match: BarMatch, capacity: number, time: EpochMs): number {
    if (match.triggered) w.triggered = true;
    if (!match.fills || capacity <= 0) return 0;
    const remaining = w.order.quantity - w.filled;
    const fillQuantity = Math.min(remaining, capacity);
    const fillPrice = match.slipped ? slip(match.price, w.side, this.config.slippageBps) : match.price;
    const commission = fillCommission(this.config.commission, w.filled, fillQuantity, fillPrice);
    w.filled += fillQuantity;
    w.notional += fillQuantity * fillPrice;
    w.fillCount++;
    this.counters.fills++;
    const fill: Fill = {
      id: `${w.id}:${w.fillCount}`,
      clientOrderId: w.id,
      symbol: w.symbol,
      side: w.side,
      quantity: quantity(fillQuantity),
      price: price(fillPrice),
      commission,
      time,
    };
    // The same average-cost fold as the portfolio, so the broker's positions and the ledger's cannot disagree.
    this.book(fill);
    this.emit({ kind: 'fill', clientOrderId: w.id, time, fill });
    // Compared by what was asked, not by float sums, so 0.1 + 0.2 shares still completes an order of 0.3.
    if (fillQuantity === remaining) this.retire(w);
    return fillQuantity;
  }

  /** Queues a fill for the position book; a full buffer is folded first, so it stays bounded on a long-running desk. */
  private book(fill: Fill): void {
    if (this.pending === UNBOOKED_LIMIT) this.bookPending();
    // One store whether it overwrites a folded slot or appends (pending never passes the length): a separate push
    // ran alone while the buffer first grew, so the overwrite was first reached in optimised code, which then
    // deoptimised for want of feedback.
    this.unbooked[this.pending] = fill;
    this.pending++;
  }

  /** Folds the queued fills into the position book, oldest first. */
  private bookPending(): void {
    for (let i = 0; i < this.pending; i++) this.positionBook.apply(this.unbooked[i] as Fill);
    this.pending = 0;
  }

  private finish(w: WorkingOrder, kind: 'cancelled' | 'expired', time: EpochMs, reason: string): void {
    this.retire(w);
    this.emit({ kind, clientOrderId: w.id, time, reason });
  }

  private retire(w: WorkingOrder): void {
    w.done = true;
    this.orderIds.set(w.id, null);
    w.book.dirty = true;
    const group = w.ocoGroup;
    if (group === undefined) return;
    const rest = (this.groups.get(group) ?? []).filter((m) => m !== w);
    if (rest.length === 0) this.groups.delete(group);
    else this.groups.set(group, rest);
  }

  /**
   * The book of a bar's symbol: the one that followed the previous bar's book last time when it is that symbol's
   * (books are never dropped, so it is the one `bookOf` would find), else `bookOf`'s, remembered as the follower.
   * One string compare instead of a hash lookup for nearly every bar of a replay.
   */
  private bookOfBar(symbol: string): SymbolBook {
    const previous = this.lastBarBook;
    const guess = previous?.after;
    let book: SymbolBook;
    if (guess !== undefined && guess.symbol === symbol) book = guess;
    else {
      book = this.bookOf(symbol);
      if (previous !== undefined) previous.after = book;
    }
    this.lastBarBook = book;
    return book;
  }

  /** The symbol's book, made on first use. */
  private bookOf(symbol: string): SymbolBook {
    let book = this.books.get(symbol);
    if (book === undefined) {
      book = { symbol, after: undefined, lastBarTime: Number.NEGATIVE_INFINITY, orders: [], size: 0, dirty: false };
      this.books.set(symbol, book);
    }
    return book;
  }

  /**
   * Drops finished orders from a symbol's book, in place and only when some finished since the last look. Only
   * `onBar` calls it, before matching, so no loop over the array is under way (a listener's submit only appends).
   */
  private compact(book: SymbolBook): number {
    if (!book.dirty) return book.size;
    book.dirty = false;
    const orders = book.orders;
    let kept = 0;
    for (let i = 0; i < book.size; i++) {
      const w = orders[i] as WorkingOrder;
      if (!w.done) orders[kept++] = w;
    }
    book.size = kept;
    return kept;
  }

  private emit(report: ExecutionReport): void {
    if (this.queued < this.outbox.length) this.outbox[this.queued] = report;
    else this.outbox.push(report);
    this.queued++;
  }

  /**
   * Delivers queued reports to every listener. A throwing listener does not stop the others or leave the
   * queue half-sent; the first error is rethrown once everything is delivered.
   */
  private flush(): void {
    // Most bars report nothing: no new queue for them.
    if (this.flushing || this.queued === 0) return;
    this.flushing = true;
    let failure: { error: unknown } | undefined;
    try {
      // A listener's submit or cancel queues behind the current reports and is delivered in this same loop.
      for (let i = 0; i < this.queued; i++) {
        const report = this.outbox[i] as ExecutionReport;
        for (const listener of this.listeners) {
          try {
            listener(report);
          } catch (error) {
            this.counters.listenerErrors++;
            failure ??= { error };
          }
        }
      }
    } finally {
      this.queued = 0;
      this.flushing = false;
    }
    if (failure !== undefined) throw failure.error;
  }
}

/** Fills held before the broker folds them into its positions without being asked. */
const UNBOOKED_LIMIT = 1024;

function pushTo(map: Map<string, WorkingOrder[]>, key: string, order: WorkingOrder): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [order]);
  else list.push(order);
}

/**
 * Finite prices and volume, 0 < low ≤ open, close ≤ high, volume ≥ 0. Written as plain comparisons, which are false
 * for NaN: low > 0 and high < ∞ bound open, close and low between two finite numbers, so no isFinite is needed there.
 */
function isPossibleBar(bar: Bar): boolean {
  const { open, high, low, close, volume } = bar;
  return (
    low > 0 && open >= low && close >= low && high >= open && high >= close && high < Number.POSITIVE_INFINITY &&
    volume >= 0 && volume < Number.POSITIVE_INFINITY && Number.isFinite(bar.time)
  );
}
