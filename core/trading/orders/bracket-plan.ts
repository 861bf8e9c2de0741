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
  // Plain loops: the order manager plans at every fill of a bracketed order, and filters would copy twice per leg.
  let exited = 0;
  for (const exit of exits) exited += exit.filledQuantity;
  // Shares a reduce-only order outside the bracket sold (a rebalance, a risk size cut) are no longer there to protect.
  const open = Math.max(0, entry.filledQuantity - exited - soldOutside);
  const cancel: Order[] = [];
  const submit: Order[] = [];
  for (const leg of EXIT_LEGS) {
    let generations = 0;
    let working = 0;
    let last: Order | undefined;
    for (const exit of exits) {
      if (exit.leg !== leg) continue;
      generations++;
      last = exit;
      if (isTerminal(exit.status)) continue;
      working++;
      if (Math.abs(remainingQuantity(exit) - open) > EPSILON) cancel.push(exit);
    }
    if (working > 0 || open <= EPSILON || last?.status === 'rejected') continue;
    submit.push(makeExit(entry, leg, open, generations + 1, now));
  }
  return { cancel, submit, openQuantity: open };
}

/** The OCO group shared by every exit of one entry. */
export const ocoGroupOf = (entryId: string): string => `${entryId}.oco`;

function makeExit(entry: Order, leg: Exclude<OrderLeg, 'single' | 'entry'>, qty: number, generation: number, now: EpochMs): Order {
  const bracket = entry.bracket;
  if (bracket === undefined) throw new Error(`order ${entry.clientOrderId} has no bracket`);
  const clientOrderId = entry.clientOrderId;
  const side = entry.side === 'buy' ? 'sell' : 'buy';
  const ocoGroup = ocoGroupOf(clientOrderId);
  const filledQuantity = quantity(0);
  // Exits protect a position that outlives the session, so they do not expire with a day entry (timeInForce gtc).
  // One literal per leg, keys in the same order, rather than spreading a temporary object for the price.
  return leg === 'stop_loss'
    ? {
        clientOrderId: `${clientOrderId}.sl.${generation}`, symbol: entry.symbol, side, type: 'stop', stopPrice: bracket.stopLoss,
        quantity: quantity(qty), timeInForce: 'gtc', reduceOnly: true, origin: entry.origin, status: 'new', leg, parentId: clientOrderId,
        ocoGroup, filledQuantity, createdAt: now, updatedAt: now,
      }
    : {
        clientOrderId: `${clientOrderId}.tp.${generation}`, symbol: entry.symbol, side, type: 'limit', limitPrice: bracket.takeProfit,
        quantity: quantity(qty), timeInForce: 'gtc', reduceOnly: true, origin: entry.origin, status: 'new', leg, parentId: clientOrderId,
        ocoGroup, filledQuantity, createdAt: now, updatedAt: now,
      };
}
