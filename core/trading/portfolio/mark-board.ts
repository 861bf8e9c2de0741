import { price, type Price } from '../../market/units.js';
import type { MarketView } from '../portfolio-view.js';

/**
 * One symbol's place on a MarkBoard: its index into the board's dense price arrays, so a position keeps the
 * index and valuing the account reads marks from one contiguous array instead of looking symbols up by name.
 */
export class MarkSlot {
  readonly symbol: string;
  readonly index: number;
  /**
   * Whether the book held the symbol when last asked, kept here for whoever values the book (the engine), since
   * holding changes only with a fill of the symbol. Meaningful only while `heldKnown`, which that caller clears
   * when it sees a new fill of the symbol; the board itself never reads or clears either.
   */
  held = false;
  heldKnown = false;
  /** The slot asked for right after this one last time: a replay cycles through its symbols in a fixed order. */
  after: MarkSlot | undefined = undefined;

  constructor(symbol: string, index: number) {
    this.symbol = symbol;
    this.index = index;
  }
}

/**
 * The latest close per symbol (what orders are validated and positions marked against), one slot per symbol
 * with its close in dense arrays. A MarketView: `lastPrice` is the same answer a Map of closes gives.
 */
export class MarkBoard implements MarketView {
  readonly #slots = new Map<string, MarkSlot>();
  /** Closes by slot index; read-only outside the board, and replaced (not resized) when the board grows. */
  prices = new Float64Array(64);
  /** 1 where `prices` holds a close, 0 before a slot's first. */
  marked = new Uint8Array(64);
  #last: MarkSlot | undefined;

  /** The latest close of `symbol`, undefined before its first. Bound once, so it can be handed around as a function. */
  readonly lastPrice = (symbol: string): Price | undefined => {
    const slot = this.#slots.get(symbol);
    return slot !== undefined && this.marked[slot.index] === 1 ? price(this.prices[slot.index] ?? 0) : undefined;
  };

  /** `symbol`'s slot, created (not yet marked) on first use; the same slot for the board's whole life. */
  slot(symbol: string): MarkSlot {
    let slot = this.#slots.get(symbol);
    if (slot === undefined) {
      slot = new MarkSlot(symbol, this.#slots.size);
      this.#slots.set(symbol, slot);
      if (slot.index === this.prices.length) this.#grow();
    }
    return slot;
  }

  /**
   * slot(symbol) for a stream of bars: the slot that followed the previous one last time is checked first, so a
   * replay cycling through its symbols in a fixed order finds each by one comparison instead of a lookup.
   */
  next(symbol: string): MarkSlot {
    const last = this.#last;
    const guess = last?.after;
    if (guess !== undefined && guess.symbol === symbol) {
      this.#last = guess;
      return guess;
    }
    const slot = this.slot(symbol);
    if (last !== undefined) last.after = slot;
    this.#last = slot;
    return slot;
  }

  /** Every slot so far, in the order they were made. */
  slots(): IterableIterator<MarkSlot> {
    return this.#slots.values();
  }

  /** Records a close; true when it differs from the symbol's previous mark (or is its first). */
  set(slot: MarkSlot, close: Price): boolean {
    const i = slot.index;
    const moved = this.marked[i] !== 1 || !Object.is(this.prices[i], close);
    this.prices[i] = close;
    this.marked[i] = 1;
    return moved;
  }

  #grow(): void {
    const prices = new Float64Array(this.prices.length * 2);
    prices.set(this.prices);
    const marked = new Uint8Array(this.marked.length * 2);
    marked.set(this.marked);
    this.prices = prices;
    this.marked = marked;
  }
}
