import { epochMs, price, quantity } from '../../../market/units.js';
import type { ExecutionReport } from '../../broker.js';
import type { Fill, Order, OrderRequest } from '../../order.js';

/** A valid market buy request with overridable fields. */
export function makeRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: 'o1',
    symbol: 'AAA',
    side: 'buy',
    type: 'market',
    quantity: quantity(10),
    timeInForce: 'gtc',
    origin: { kind: 'manual' },
    ...overrides,
  };
}

/** A journalled, unacknowledged order with overridable fields. */
export function makeOrder(overrides: Partial<Order> = {}): Order {
  return {
    ...makeRequest(),
    status: 'new',
    leg: 'single',
    filledQuantity: quantity(0),
    createdAt: epochMs(1_000),
    updatedAt: epochMs(1_000),
    ...overrides,
  };
}

/** A fill report for `order` (symbol and side taken from it). */
export function fillReport(order: Pick<Order, 'clientOrderId' | 'symbol' | 'side'>, id: string, qty: number, px: number, time = 2_000): ExecutionReport {
  const fill: Fill = {
    id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    quantity: quantity(qty),
    price: price(px),
    commission: 0,
    time: epochMs(time),
  };
  return { kind: 'fill', clientOrderId: order.clientOrderId, time: epochMs(time), fill };
}
