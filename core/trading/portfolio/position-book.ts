import { epochMs, price, type EpochMs, type Price } from '../../market/units.js';
import type { Fill } from '../order.js';
import type { PositionView } from '../portfolio-view.js';

/** Below this a quantity is float dust left by fractional fills, not a position. */
const FLAT_EPSILON = 1e-9;

/** One symbol's open position while folding the ledger. */
interface OpenPosition {
  /** Kept on the position so the per-close valuation walks values only. */
  readonly symbol: string;
  quantity: number;
  avgPrice: number;
  openedAt: number;
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
  readonly #realised: RealisedEntry[] = [];
  #tradingCash = 0;
  #commissions = 0;

  /** Applies one fill; fills must come in ledger order. */
  apply(fill: Fill): void {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    this.#tradingCash -= signed * fill.price + fill.commission;
    this.#commissions += fill.commission;
    const position = this.#open.get(fill.symbol);
    let booked = 0;
    let closing = false;
    if (position === undefined || Math.abs(position.quantity) <= FLAT_EPSILON) {
      this.#open.set(fill.symbol, { symbol: fill.symbol, quantity: signed, avgPrice: fill.price, openedAt: fill.time });
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
      } else if (Math.sign(remaining) === Math.sign(position.quantity)) {
        position.quantity = remaining;
      } else {
        this.#open.set(fill.symbol, { symbol: fill.symbol, quantity: remaining, avgPrice: fill.price, openedAt: fill.time });
      }
    }
    this.#realised.push({ time: fill.time, symbol: fill.symbol, amount: booked - fill.commission, closing });
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
    for (const p of this.#open.values()) views.push(viewOf(p));
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
    for (const p of this.#open.values()) {
      const m = mark(p.symbol) ?? p.avgPrice;
      total += p.quantity * (m - p.avgPrice);
    }
    return total;
  }

  /** Σ quantity × mark (average price when no mark is known): signed market value. */
  marketValue(mark: (symbol: string) => Price | undefined): number {
    let total = 0;
    for (const p of this.#open.values()) total += p.quantity * (mark(p.symbol) ?? p.avgPrice);
    return total;
  }
}
