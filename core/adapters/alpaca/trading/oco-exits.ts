import type { Order } from '../../../trading/order.js';
import { brokerClientId } from './client-order-ids.js';
import { checkClientOrderId, tickPrice } from './order-mapping.js';

/** A bracket's two exits, sent to Alpaca as one OCO order. */
export interface ExitPair {
  readonly takeProfit: Order;
  readonly stopLoss: Order;
}

const TAKE_PROFIT_ID = /^(.*)\.tp\.(\d+)$/;

/**
 * The client order id of the stop leg paired with a take-profit: the desk names exits `<entry>.tp.<n>` and
 * `<entry>.sl.<n>` (core/trading/orders/bracket-plan.ts). Alpaca gives an OCO's stop leg a client id of its own,
 * so after a restart this is how the leg is found again; exits are only paired when the names agree.
 */
export function stopLegIdOf(takeProfitId: string): string | undefined {
  const m = TAKE_PROFIT_ID.exec(takeProfitId);
  return m === null ? undefined : `${m[1] ?? ''}.sl.${m[2] ?? ''}`;
}

/** The two exits of `orders` if they can go as one OCO order: same size, side and symbol, matching names. */
export function pairExits(orders: readonly Order[]): ExitPair | undefined {
  const takeProfit = orders.find((o) => o.leg === 'take_profit');
  const stopLoss = orders.find((o) => o.leg === 'stop_loss');
  if (takeProfit === undefined || stopLoss === undefined || orders.length !== 2) return undefined;
  if (stopLegIdOf(takeProfit.clientOrderId) !== stopLoss.clientOrderId) return undefined;
  if (takeProfit.quantity !== stopLoss.quantity || takeProfit.side !== stopLoss.side || takeProfit.symbol !== stopLoss.symbol) return undefined;
  if (takeProfit.limitPrice === undefined || stopLoss.stopPrice === undefined) return undefined;
  return { takeProfit, stopLoss };
}

/** `POST /v2/orders` for an OCO exit (protocol note C.1): a limit at the target, a stop leg at the stop. */
export function ocoRequestBody(pair: ExitPair): Record<string, unknown> {
  const { takeProfit, stopLoss } = pair;
  const clientOrderId = brokerClientId(takeProfit.clientOrderId);
  checkClientOrderId(clientOrderId);
  return {
    symbol: takeProfit.symbol,
    qty: String(takeProfit.quantity),
    side: takeProfit.side,
    type: 'limit',
    time_in_force: 'gtc',
    order_class: 'oco',
    client_order_id: clientOrderId,
    take_profit: { limit_price: tickPrice(takeProfit.limitPrice ?? Number.NaN, 'take-profit price') },
    stop_loss: { stop_price: tickPrice(stopLoss.stopPrice ?? Number.NaN, 'stop price') },
  };
}
