import { epochMs, price, type EpochMs, type Price } from '../../market/units.js';
import type { Fill } from '../order.js';
import type { PositionView } from '../portfolio-view.js';
import type { MarkBoard } from './mark-board.js';

/** Below this a quantity is float dust left by fractional fills, not a position. */
const FLAT_EPSILON = 1e-9;

/** One symbol's open position while folding the ledger. */
interface OpenPosition {
  /** Kept on the position so the per-close valuation walks values only. */
  readonly symbol: string;
  quantity: number;
  avgPrice: number;
  openedAt: number;
  /** The board this position last read its mark from, and its slot's index there (resolved once per board). */
  board: MarkBoard | undefined;
  slot: number;
}

/** Every position is made here, so they all share one shape. */
function openPosition(symbol: string, quantity: number, avgPrice: number, openedAt: number): OpenPosition {
  return { symbol, quantity, avgPrice, openedAt, board: undefined, slot: -1 };
}

/**
 * An empty list whose elements kind is already "objects". A `[]` starts as a list of small integers and changes
 * kind at its first push; the broker's book first folds a fill after a thousand fills have made the portfolio's
 * book's apply optimised for object lists, so that change deoptimised apply once per process. Emptying a
 * one-element list keeps the kind.
 */
function emptyObjectList<T>(first: T): T[] {
  const list = [first];
  list.length = 0;
  return list;
}

const viewOf = (p: OpenPosition): PositionView => ({ symbol: p.symbol, quantity: p.quantity, avgPrice: price(p.avgPrice), openedAt: epochMs(p.openedAt) });

/** Realised P&L booked by one fill (closing part minus its commission), with the fill's time. */
export interface RealisedEntry {
  readonly time: EpochMs;
  readonly symbol: string;
  readonly amount: number;
  /** True when the fill closed (part of) a position, so it counts as a trade outcome. */
  readonly closing: boolean;
}

/**
 * Positions, cash from trading and realised P&L, folded fill by fill with the AVERAGE-COST method: a fill
 * that adds to a position moves its average price; a fill that reduces it books (price − average) × closed
 * quantity and leaves the average alone; a fill larger than the position closes it and opens the
 * remainder the other way at the fill price (a flip). Average cost, not FIFO, because the port's
 * `avgPrice` is "the average entry price of the open quantity" (what brokers report), it needs O(1) state
 * per symbol, and FIFO would only move realised P&L between trades of the same position, never the total.
 */
export class PositionBook {
  readonly #open = new Map<string, OpenPosition>();
  /**
   * The open positions again, in the Map's iteration order (insertion order; a replaced key keeps its place),
   * so valuations walk an array in exactly the order, hence to exactly the sum, the Map would give.
   */
  readonly #order: OpenPosition[] = emptyObjectList(openPosition('', 0, 0, 0));
  /**
   * `#order`'s quantities, average prices and mark slots again as flat arrays, so a valuation reads contiguous
   * numbers instead of following a pointer per position; rebuilt after a fill or for another board. Empty until
   * the first valuation with a position grows them (doubling), so V8 sees the fields reassigned and the growth
   * run before it optimises the valuation: a first growth only at a 17th position (from 16) deoptimised #flatten
   * and, as the fields stopped being constant, marketValueAt, once per process.
   */
  #quantities = new Float64Array(0);
  #averages = new Float64Array(0);
  #slots = new Int32Array(0);
  #flatFor: MarkBoard | undefined;
  readonly #realised: RealisedEntry[] = emptyObjectList<RealisedEntry>({ time: epochMs(0), symbol: '', amount: 0, closing: false });
  #tradingCash = 0;
  #commissions = 0;

  /** Applies one fill; fills must come in ledger order. */
  apply(fill: Fill): void {
    this.#flatFor = undefined;
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    this.#tradingCash -= signed * fill.price + fill.commission;
    this.#commissions += fill.commission;
    const position = this.#open.get(fill.symbol);
    let booked = 0;
    let closing = false;
    if (position === undefined || Math.abs(position.quantity) <= FLAT_EPSILON) {
      this.#put(position, openPosition(fill.symbol, signed, fill.price, fill.time));
    } else if (Math.sign(position.quantity) === Math.sign(signed)) {
      const total = position.quantity + signed;
      position.avgPrice = (position.avgPrice * position.quantity + fill.price * signed) / total;
      position.quantity = total;
    } else {
      closing = true;
      const closed = Math.min(Math.abs(position.quantity), Math.abs(signed));
      booked = closed * (fill.price - position.avgPrice) * Math.sign(position.quantity);
      const remaining = position.quantity + signed;
      if (Math.abs(remaining) <= FLAT_EPSILON) {
        this.#open.delete(fill.symbol);
        this.#order.splice(this.#order.indexOf(position), 1);
      } else if (Math.sign(remaining) === Math.sign(position.quantity)) {
        position.quantity = remaining;
      } else {
        this.#put(position, openPosition(fill.symbol, remaining, fill.price, fill.time));
      }
    }
    this.#realised.push({ time: fill.time, symbol: fill.symbol, amount: booked - fill.commission, closing });
  }

  /** Sets `next` as its symbol's position: in `previous`'s place when there was one (as Map.set keeps a key's place), else last. */
  #put(previous: OpenPosition | undefined, next: OpenPosition): void {
    this.#open.set(next.symbol, next);
    if (previous === undefined) this.#order.push(next);
    else this.#order[this.#order.indexOf(previous)] = next;
  }

  /** Cash paid (negative) or received by fills, commissions included. */
  get tradingCash(): number {
    return this.#tradingCash;
  }

  get commissions(): number {
    return this.#commissions;
  }

  /** Every fill's realised P&L, in ledger order. */
  realised(): readonly RealisedEntry[] {
    return this.#realised;
  }

  /** True when `symbol` has an open position (the ones marketValue and unrealised value). */
  holds(symbol: string): boolean {
    return this.#open.has(symbol);
  }

  quantity(symbol: string): number {
    return this.#open.get(symbol)?.quantity ?? 0;
  }

  /** Open positions, sorted by symbol so output is stable. */
  positions(): PositionView[] {
    const views: PositionView[] = [];
    for (const p of this.#order) views.push(viewOf(p));
    return views.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  /** `symbol`'s entry of positions(), or undefined when it has none. */
  position(symbol: string): PositionView | undefined {
    const p = this.#open.get(symbol);
    return p === undefined ? undefined : viewOf(p);
  }

  /** Σ quantity × (mark − average) over open positions; a symbol without a mark counts 0. */
  unrealised(mark: (symbol: string) => Price | undefined): number {
    let total = 0;
    for (const p of this.#order) {
      const m = mark(p.symbol) ?? p.avgPrice;
      total += p.quantity * (m - p.avgPrice);
    }
    return total;
  }

  /** Σ quantity × mark (average price when no mark is known): signed market value. */
  marketValue(mark: (symbol: string) => Price | undefined): number {
    let total = 0;
    for (const p of this.#order) total += p.quantity * (mark(p.symbol) ?? p.avgPrice);
    return total;
  }

  /**
   * marketValue at the board's marks: the same terms in the same order, hence the same figure to the bit, read
   * from flat arrays (each position's slot looked up once per board) instead of a lookup by name per position.
   */
  marketValueAt(board: MarkBoard): number {
    if (this.#flatFor !== board) this.#flatten(board);
    const n = this.#order.length;
    const quantities = this.#quantities;
    const averages = this.#averages;
    const slots = this.#slots;
    const prices = board.prices;
    const marked = board.marked;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i] ?? 0;
      total += (quantities[i] ?? 0) * (marked[slot] === 1 ? (prices[slot] ?? 0) : (averages[i] ?? 0));
    }
    return total;
  }

  #flatten(board: MarkBoard): void {
    const n = this.#order.length;
    if (n > this.#quantities.length) {
      const size = Math.max(n, this.#quantities.length * 2);
      this.#quantities = new Float64Array(size);
      this.#averages = new Float64Array(size);
      this.#slots = new Int32Array(size);
    }
    for (let i = 0; i < n; i++) {
      const p = this.#order[i];
      if (p === undefined) continue;
      if (p.board !== board) {
        p.board = board;
        p.slot = board.slot(p.symbol).index;
      }
      this.#quantities[i] = p.quantity;
      this.#averages[i] = p.avgPrice;
      this.#slots[i] = p.slot;
    }
    this.#flatFor = board;
  }
}
