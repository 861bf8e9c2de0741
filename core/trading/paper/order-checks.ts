import { isBlank } from '../../util/is-blank.js';
import type { Order } from '../order.js';

const positive = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value) && value > 0;

/**
 * Why the paper broker cannot work this order, or undefined when it can. The order path validates requests
 * before they get here; this is the broker's own guard, so a bad order becomes a readable rejection report
 * instead of a matching loop fed NaN.
 */
export function orderProblem(order: Order): string | undefined {
  if (isBlank(order.clientOrderId)) return 'client order id is empty';
  if (isBlank(order.symbol)) return 'symbol is empty';
  if (order.side !== 'buy' && order.side !== 'sell') return `side must be buy or sell, got ${String(order.side)}`;
  if (order.timeInForce !== 'day' && order.timeInForce !== 'gtc') return `time in force must be day or gtc, got ${String(order.timeInForce)}`;
  if (!positive(order.quantity)) return `quantity must be a positive finite number, got ${order.quantity}`;
  const needsLimit = order.type === 'limit' || order.type === 'stop_limit';
  const needsStop = order.type === 'stop' || order.type === 'stop_limit';
  if (!needsLimit && !needsStop && order.type !== 'market') return `unknown order type ${String(order.type)}`;
  if (needsLimit && !positive(order.limitPrice)) return `a ${order.type} order needs a positive limit price, got ${order.limitPrice}`;
  if (needsStop && !positive(order.stopPrice)) return `a ${order.type} order needs a positive stop price, got ${order.stopPrice}`;
  return undefined;
}
