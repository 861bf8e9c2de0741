import { epochMs, price, quantity, type EpochMs } from '../../../market/units.js';
import type { BrokerOrderState, BrokerPosition, ExecutionReport } from '../../../trading/broker.js';
import type { Order, OrderStatus } from '../../../trading/order.js';
import { parseRfc3339 } from '../rfc3339.js';
import { brokerClientId, MAX_CLIENT_ORDER_ID } from './client-order-ids.js';
import type { AlpacaOrder, AlpacaPosition, TradeUpdate } from './trading-messages.js';

export { MAX_CLIENT_ORDER_ID };

/**
 * A price as Alpaca accepts it (protocol note C.1): at most 2 decimals at or above $1, 4 below. Rounding here
 * would silently move a trader's stop, so an off-tick price is an error, not a fix-up.
 */
export function tickPrice(value: number, what: string): string {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${what} ${value} must be a positive price`);
  const decimals = value >= 1 ? 2 : 4;
  const text = value.toFixed(decimals);
  if (Math.abs(Number(text) - value) > 1e-9) throw new RangeError(`${what} ${value} is off Alpaca's tick (${decimals} decimals at this price)`);
  return text;
}

/**
 * The `POST /v2/orders` body for a journalled order. The desk makes bracket exits itself from the entry's fills
 * (core/trading/orders/bracket-plan.ts), so each desk order, exits included, is one simple Alpaca order carrying
 * our client order id (shortened to Alpaca's 48 characters by `brokerClientId` when longer); a bracket entry goes
 * as a plain entry.
 */
export function orderRequestBody(order: Order): Record<string, unknown> {
  const clientOrderId = brokerClientId(order.clientOrderId);
  checkClientOrderId(clientOrderId);
  const body: Record<string, unknown> = {
    symbol: order.symbol,
    qty: String(order.quantity),
    side: order.side,
    type: order.type,
    time_in_force: order.timeInForce,
    client_order_id: clientOrderId,
  };
  if (order.limitPrice !== undefined) body['limit_price'] = tickPrice(order.limitPrice, 'limit price');
  if (order.stopPrice !== undefined) body['stop_price'] = tickPrice(order.stopPrice, 'stop price');
  return body;
}

/** Refuses a client order id Alpaca's legacy limit would refuse, before anything is sent (a guard on `brokerClientId`). */
export function checkClientOrderId(id: string): void {
  if (id.length > MAX_CLIENT_ORDER_ID) throw new RangeError(`client order id ${id} is longer than ${MAX_CLIENT_ORDER_ID} characters`);
}

const STATUS: Readonly<Record<string, OrderStatus>> = {
  new: 'accepted',
  accepted: 'accepted',
  pending_new: 'accepted',
  accepted_for_bidding: 'accepted',
  held: 'accepted',
  calculated: 'accepted',
  stopped: 'accepted',
  suspended: 'accepted',
  pending_cancel: 'accepted',
  pending_replace: 'accepted',
  done_for_day: 'accepted',
  partially_filled: 'partially_filled',
  filled: 'filled',
  canceled: 'cancelled',
  // We never replace orders, so a replaced one is gone for us like a cancelled one.
  replaced: 'cancelled',
  expired: 'expired',
  rejected: 'rejected',
};

/** The desk status of an Alpaca status; an unknown one reads as working (reconciliation then leaves it be). */
export function deskStatus(status: string): OrderStatus {
  return STATUS[status] ?? 'accepted';
}

/** Alpaca's order, seen over REST, as the broker port's reconciliation state. */
export function brokerOrderState(order: AlpacaOrder): BrokerOrderState {
  const status = deskStatus(order.status);
  const filled = order.filled_qty ?? 0;
  return {
    clientOrderId: order.client_order_id,
    // Filled quantity below the order's marks a partially filled working order, whatever Alpaca's label.
    status: status === 'accepted' && filled > 0 ? 'partially_filled' : status,
    filledQuantity: quantity(filled),
    ...(order.filled_avg_price === null || order.filled_avg_price === undefined ? {} : { avgFillPrice: price(order.filled_avg_price) }),
  };
}

/** An Alpaca position as the broker port's, signed. */
export function brokerPosition(position: AlpacaPosition): BrokerPosition {
  const signed = position.side === 'short' && position.qty > 0 ? -position.qty : position.qty;
  return { symbol: position.symbol, quantity: signed, avgPrice: price(position.avg_entry_price) };
}

/**
 * The fill id of an execution: Alpaca's order id and the order's cumulative filled quantity after it. Protocol
 * note C.3: the REST activity id is not documented to equal the stream's `execution_id`, so (order, cum_qty)
 * is the key both sources share; a duplicated event has the same one.
 */
export function fillId(alpacaOrderId: string, cumulativeQty: number): string {
  return `${alpacaOrderId}:${cumulativeQty}`;
}

/** What one `trade_updates` event means for the journal; undefined for events that change nothing for us. */
export function reportFromTradeUpdate(update: TradeUpdate, now: EpochMs): ExecutionReport | undefined {
  const { order } = update;
  const clientOrderId = order.client_order_id;
  const stamped = update.timestamp === undefined ? Number.NaN : parseRfc3339(update.timestamp);
  const time = Number.isFinite(stamped) ? epochMs(stamped) : now;
  switch (update.event) {
    case 'new':
    case 'accepted':
    case 'pending_new':
      return { kind: 'accepted', clientOrderId, time, brokerOrderId: order.id };
    case 'fill':
    case 'partial_fill': {
      if (update.price === undefined || update.qty === undefined || order.filled_qty === undefined || order.filled_qty === null) return undefined;
      return {
        kind: 'fill',
        clientOrderId,
        time,
        fill: {
          id: fillId(order.id, order.filled_qty),
          clientOrderId,
          symbol: order.symbol,
          side: order.side,
          quantity: quantity(update.qty),
          price: price(update.price),
          // Alpaca charges no commission on US equities; regulatory fees are not in the event.
          commission: 0,
          time,
        },
      };
    }
    case 'canceled':
    case 'replaced':
      return { kind: 'cancelled', clientOrderId, time, reason: `${update.event} at Alpaca` };
    case 'expired':
      return { kind: 'expired', clientOrderId, time, reason: 'expired at Alpaca' };
    case 'rejected':
      return { kind: 'rejected', clientOrderId, time, reason: 'rejected by Alpaca' };
    default:
      return undefined;
  }
}
