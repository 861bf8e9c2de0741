import { epochMs, price, quantity } from '../../market/units.js';
import type { Fill, OrderSide } from '../order.js';

let seq = 0;

/** A fill with short arguments for tests; ids are unique within a process. */
export function makeFill(symbol: string, side: OrderSide, qty: number, px: number, time = 0, commission = 0): Fill {
  seq++;
  return {
    id: `fill-${seq}`,
    clientOrderId: `order-${seq}`,
    symbol,
    side,
    quantity: quantity(qty),
    price: price(px),
    commission,
    time: epochMs(time),
  };
}
