import type { Order, OrderRequest } from '../../order.js';
import type { Submission } from '../gate-memory.js';
import type { PreTradeRule } from './rule.js';
import { PASS, deny, describe, num } from './rule.js';

/**
 * Three kinds of duplicate: a reused client order id (always), an entry for a proposal or signal that already
 * produced one (bracket exits share their entry's origin, so reduce-only orders are exempt), and an order
 * identical to one that passed less than duplicateWindowSeconds ago (a double confirm).
 */
export const duplicateOrderRule: PreTradeRule = {
  id: 'duplicate-order',
  skipsReducing: false,
  check({ request, context, limits, state }) {
    // Plain loops over the memory and the working orders: this runs at every order, and a closure per list
    // (named ones cost a defineProperty each under tsx) was most of its cost.
    const id = request.clientOrderId;
    if (context.hasClientOrderId(id) || submittedAs(state.submissions, id)) {
      return deny('duplicate-order', `client order id ${id} was already used: every order needs a new id`);
    }
    if (request.reduceOnly !== true) {
      const { proposalId, predictionId } = request.origin;
      // An order naming neither id matches no working entry: the working orders are not looked at for it.
      const named = proposalId !== undefined || predictionId !== undefined;
      if (state.hasEntryFor(request.origin) || (named && workingEntryFor(context.openOrders, proposalId, predictionId))) {
        const what = proposalId !== undefined ? `proposal ${proposalId}` : `signal ${predictionId ?? ''}`;
        return deny('duplicate-order', `${what} was already submitted: a proposal or signal places one entry`);
      }
    }
    const windowMs = limits.duplicateWindowSeconds * 1_000;
    const twin = identicalWithin(state.submissions, request, context.now, windowMs);
    if (twin === undefined) return PASS;
    const ago = (context.now - twin.time) / 1_000;
    return deny('duplicate-order', `an identical ${describe(request)} (${twin.request.clientOrderId}) went out ${num(ago)} s ago: taken for a double confirm; resend after ${num(limits.duplicateWindowSeconds)} s if meant`);
  },
};

function submittedAs(submissions: readonly Submission[], clientOrderId: string): boolean {
  for (const s of submissions) if (s.request.clientOrderId === clientOrderId) return true;
  return false;
}

/** A working entry (not reduce-only) placed for the same proposal or the same signal. */
function workingEntryFor(open: readonly Order[], proposalId: string | undefined, predictionId: string | undefined): boolean {
  for (const o of open) {
    if (o.reduceOnly === true) continue;
    if ((proposalId !== undefined && o.origin.proposalId === proposalId) || (predictionId !== undefined && o.origin.predictionId === predictionId)) return true;
  }
  return false;
}

/** The oldest submission within the window with the same symbol, side, type, quantity and prices. */
function identicalWithin(submissions: readonly Submission[], request: OrderRequest, now: number, windowMs: number): Submission | undefined {
  for (const s of submissions) {
    if (
      now - s.time < windowMs &&
      s.request.symbol === request.symbol &&
      s.request.side === request.side &&
      s.request.type === request.type &&
      s.request.quantity === request.quantity &&
      s.request.limitPrice === request.limitPrice &&
      s.request.stopPrice === request.stopPrice
    ) {
      return s;
    }
  }
  return undefined;
}
