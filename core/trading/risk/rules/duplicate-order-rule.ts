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
    const id = request.clientOrderId;
    if (context.hasClientOrderId(id) || state.submissions.some((s) => s.request.clientOrderId === id)) {
      return deny('duplicate-order', `client order id ${id} was already used: every order needs a new id`);
    }
    if (request.reduceOnly !== true) {
      const { proposalId, predictionId } = request.origin;
      const sameOrigin = (o: { readonly origin: { readonly proposalId?: string; readonly predictionId?: string } }): boolean =>
        (proposalId !== undefined && o.origin.proposalId === proposalId) || (predictionId !== undefined && o.origin.predictionId === predictionId);
      if (state.hasEntryFor(request.origin) || context.openOrders.some((o) => o.reduceOnly !== true && sameOrigin(o))) {
        const what = proposalId !== undefined ? `proposal ${proposalId}` : `signal ${predictionId ?? ''}`;
        return deny('duplicate-order', `${what} was already submitted: a proposal or signal places one entry`);
      }
    }
    const windowMs = limits.duplicateWindowSeconds * 1_000;
    const twin = state.submissions.find(
      (s) =>
        context.now - s.time < windowMs &&
        s.request.symbol === request.symbol &&
        s.request.side === request.side &&
        s.request.type === request.type &&
        s.request.quantity === request.quantity &&
        s.request.limitPrice === request.limitPrice &&
        s.request.stopPrice === request.stopPrice,
    );
    if (twin === undefined) return PASS;
    const ago = (context.now - twin.time) / 1_000;
    return deny('duplicate-order', `an identical ${describe(request)} (${twin.request.clientOrderId}) went out ${num(ago)} s ago: taken for a double confirm; resend after ${num(limits.duplicateWindowSeconds)} s if meant`);
  },
};
