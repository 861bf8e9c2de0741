import { price, type Price } from '../../market/units.js';
import type { MarketView } from '../portfolio-view.js';

/**
 * One symbol's latest close, as a mutable cell: a position keeps a reference to its symbol's cell, so valuing
 * the account reads marks by reference instead of looking each symbol up by name at every re-valuation.
 */
export class MarkSlot {
  readonly symbol: string;
  /** Meaningful only while `known`. */
  price: Price = price(0);
  /** False until a close of the symbol was seen: the position is then valued at its average price. */
  known = false;
  /**
   * Whether the book held the symbol when last asked, and the ledger's fill count at that moment: holding
   * changes only with a fill, so the answer stands while the count has not moved (-1: never asked).
   */
  held = false;
  heldAt = -1;

  constructor(symbol: string) {
    this.symbol = symbol;
  }
}

/**
 * The latest close per symbol (what orders are validated and positions marked against), as one cell per
 * symbol. A MarketView: `lastPrice` is the same answer a Map of closes gives.
 */
export class MarkBoard implements MarketView {
  readonly #slots = new Map<string, MarkSlot>();

  /** The latest close of `symbol`, undefined before its first. Bound once, so it can be handed around as a function. */
  readonly lastPrice = (symbol: string): Price | undefined => {
    const slot = this.#slots.get(symbol);
    return slot !== undefined && slot.known ? slot.price : undefined;
  };

  /** `symbol`'s cell, created (not yet marked) on first use; the same cell for the board's whole life. */
  slot(symbol: string): MarkSlot {
    let slot = this.#slots.get(symbol);
    if (slot === undefined) {
      slot = new MarkSlot(symbol);
      this.#slots.set(symbol, slot);
    }
    return slot;
  }

  /** Records a close; true when it differs from the symbol's previous mark (or is its first). */
  set(slot: MarkSlot, close: Price): boolean {
    const moved = !slot.known || !Object.is(slot.price, close);
    slot.price = close;
    slot.known = true;
    return moved;
  }
}
