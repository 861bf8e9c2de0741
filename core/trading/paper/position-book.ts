import type { BrokerPosition } from '../broker.js';
import type { OrderSide } from '../order.js';
import { price } from '../../market/units.js';

interface Holding {
  quantity: number;
  avgPrice: number;
}

/** Positions built from the broker's own fills: signed quantity and the average price of what is still open. */
export class PositionBook {
  private readonly holdings = new Map<string, Holding>();

  apply(symbol: string, side: OrderSide, fillQuantity: number, fillPrice: number): void {
    const held = this.holdings.get(symbol) ?? { quantity: 0, avgPrice: 0 };
    const signed = side === 'buy' ? fillQuantity : -fillQuantity;
    const sum = held.quantity + signed;
    // Fractional quantities leave float dust where a position was closed; dust is flat.
    const next = Math.abs(sum) < 1e-9 ? 0 : sum;
    if (held.quantity === 0 || Math.sign(held.quantity) === Math.sign(signed)) {
      // Adding to a position (or opening one) moves the average.
      held.avgPrice = (held.avgPrice * Math.abs(held.quantity) + fillPrice * fillQuantity) / Math.abs(next);
    } else if (Math.sign(next) === -Math.sign(held.quantity)) {
      // Crossing through flat opens the other side at this fill's price.
      held.avgPrice = fillPrice;
    }
    // Reducing keeps the average of what is left.
    held.quantity = next;
    if (next === 0) this.holdings.delete(symbol);
    else this.holdings.set(symbol, held);
  }

  /** Open positions, in the order their symbols were first traded. */
  list(): BrokerPosition[] {
    return [...this.holdings].map(([symbol, h]) => ({ symbol, quantity: h.quantity, avgPrice: price(h.avgPrice) }));
  }
}
