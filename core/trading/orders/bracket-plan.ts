import { quantity, type EpochMs } from '../../market/units.js';
import type { Order, OrderLeg } from '../order.js';
import { isTerminal, remainingQuantity } from './order-state.js';

const EPSILON = 1e-9;
const EXIT_LEGS = ['stop_loss', 'take_profit'] as const;

/** What the order manager must do to bring a bracket's exits in line with its entry's fills. */
export interface BracketPlan {
  /** Working exits whose remaining quantity no longer matches the open quantity: cancel, then replace. */
  readonly cancel: readonly Order[];
  /** New exits to journal and send. */
  readonly submit: readonly Order[];
  /** Quantity bought (or sold) by the entry and not yet closed by an exit. */
  readonly openQuantity: number;
}

/**
 * Plans a bracket's exits from its journal rows. The invariant: while the entry's filled quantity is not
 * closed out, exactly one stop-loss (a stop order) and one take-profit (a limit order) work, in one OCO
 * group, reduce-only, each with remaining quantity = open quantity. The broker port has no amend, so an
 * exit whose size is wrong (the entry filled more, or its sibling partly filled) is cancelled and, once the
 * cancel is confirmed, replaced by a new generation (`<entry>.sl.<n>`) — never replaced before, so two
 * generations of one leg are never working at once. A leg whose last order the broker rejected is not
 * re-sent (it would be rejected again in a loop); the open quantity shows up in the plan for the UI.
 * `soldOutside` is what reduce-only orders outside the bracket took from this entry's position: the exits
 * shrink by it, so they never sell more than is held (the paper broker does not enforce reduce-only).
 */
export function planBracket(entry: Order, exits: readonly Order[], now: EpochMs, soldOutside = 0): BracketPlan {
  if (entry.bracket === undefined) return { cancel: [], submit: [], openQuantity: 0 };
  const exited = exits.reduce((sum, exit) => sum + exit.filledQuantity, 0);
  // Shares a reduce-only order outside the bracket sold (a rebalance, a risk size cut) are no longer there to protect.
  const open = Math.max(0, entry.filledQuantity - exited - soldOutside);
  const cancel: Order[] = [];
  const submit: Order[] = [];
  for (const leg of EXIT_LEGS) {
    const ofLeg = exits.filter((exit) => exit.leg === leg);
    const working = ofLeg.filter((exit) => !isTerminal(exit.status));
    for (const exit of working) if (Math.abs(remainingQuantity(exit) - open) > EPSILON) cancel.push(exit);
    if (working.length > 0 || open <= EPSILON || ofLeg.at(-1)?.status === 'rejected') continue;
    submit.push(makeExit(entry, leg, open, ofLeg.length + 1, now));
  }
  return { cancel, submit, openQuantity: open };
}

/** The OCO group shared by every exit of one entry. */
export const ocoGroupOf = (entryId: string): string => `${entryId}.oco`;

function makeExit(entry: Order, leg: Exclude<OrderLeg, 'single' | 'entry'>, qty: number, generation: number, now: EpochMs): Order {
  const bracket = entry.bracket;
  if (bracket === undefined) throw new Error(`order ${entry.clientOrderId} has no bracket`);
  const isStop = leg === 'stop_loss';
  return {
    clientOrderId: `${entry.clientOrderId}.${isStop ? 'sl' : 'tp'}.${generation}`,
    symbol: entry.symbol,
    side: entry.side === 'buy' ? 'sell' : 'buy',
    type: isStop ? 'stop' : 'limit',
    ...(isStop ? { stopPrice: bracket.stopLoss } : { limitPrice: bracket.takeProfit }),
    quantity: quantity(qty),
    // Exits protect a position that outlives the session, so they do not expire with a day entry.
    timeInForce: 'gtc',
    reduceOnly: true,
    origin: entry.origin,
    status: 'new',
    leg,
    parentId: entry.clientOrderId,
    ocoGroup: ocoGroupOf(entry.clientOrderId),
    filledQuantity: quantity(0),
    createdAt: now,
    updatedAt: now,
  };
}
