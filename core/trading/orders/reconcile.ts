import { epochMs, price, quantity, type EpochMs, type Price } from '../../market/units.js';
import type { BrokerOrderState, ExecutionReport } from '../broker.js';
import type { Order } from '../order.js';
import { isTerminal } from './order-state.js';

const EPSILON = 1e-9;

/**
 * The reports that bring a journalled order in line with the broker's view of it after a restart. Fills
 * the broker holds and the journal lacks become one fill whose id is derived from the broker's filled
 * quantity, so running recovery twice applies it once; its price is chosen so the journal's average fill
 * price matches the broker's. `fallbackPrice` is used when the broker gives no average.
 */
export function reportsFromBrokerState(order: Order, state: BrokerOrderState, now: EpochMs, fallbackPrice: Price | undefined): ExecutionReport[] {
  const reports: ExecutionReport[] = [];
  if (order.status === 'new' && state.status !== 'new') {
    reports.push({ kind: 'accepted', clientOrderId: order.clientOrderId, time: now });
  }
  const missing = state.filledQuantity - order.filledQuantity;
  if (missing > EPSILON) {
    const px =
      state.avgFillPrice === undefined
        ? fallbackPrice
        : price((state.avgFillPrice * state.filledQuantity - (order.avgFillPrice ?? 0) * order.filledQuantity) / missing);
    if (px !== undefined && px > 0) {
      reports.push({
        kind: 'fill',
        clientOrderId: order.clientOrderId,
        time: now,
        fill: {
          id: `${order.clientOrderId}:reconciled:${state.filledQuantity}`,
          clientOrderId: order.clientOrderId,
          symbol: order.symbol,
          side: order.side,
          quantity: quantity(missing),
          price: px,
          commission: 0,
          time: epochMs(now),
        },
      });
    }
  }
  if ((state.status === 'cancelled' || state.status === 'expired' || state.status === 'rejected') && !isTerminal(order.status)) {
    reports.push({ kind: state.status, clientOrderId: order.clientOrderId, time: now, reason: `${state.status} at the broker (found at restart)` });
  }
  return reports;
}
