import { err, ok, type Result } from '../../util/result.js';
import { sizePosition, type SizerSettings } from '../sizing/rule-based-sizer.js';
import type { Proposal } from './proposal.js';

/** What a trader may change; omitted fields keep their value. */
export interface ProposalChanges {
  readonly quantity?: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

export interface EditContext {
  readonly equity: number;
  /** Signed quantity held in the symbol now. */
  readonly held: number;
  /** Latest price, else the proposal's entry. */
  readonly reference: number;
  readonly sizer: SizerSettings;
}

export interface CheckedEdit {
  readonly quantity: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly sizing: Readonly<Record<string, unknown>>;
}

/**
 * Re-checks an edited proposal as if it were new. A signal proposal keeps its bracket geometry
 * (buy: stop < price < target; sell mirrored); a changed stop without a quantity is re-sized by the sizer;
 * a quantity the trader sets may not risk more than `riskPerTrade` of equity at the stop (the trader may
 * override the volatility scaling, not the risk limit) nor take the position past `maxPositionWeight`.
 * A rebalance proposal may only change its quantity, never beyond the position it reduces.
 */
export function checkEdit(p: Proposal, changes: ProposalChanges, ctx: EditContext): Result<CheckedEdit, string> {
  const { quantity } = changes;
  if (quantity !== undefined && !(Number.isInteger(quantity) && quantity > 0)) {
    return err(`quantity must be a whole number of shares above 0, got ${quantity}`);
  }
  if (p.kind === 'rebalance') {
    if (changes.stopLoss !== undefined || changes.takeProfit !== undefined) return err('a rebalance proposal has no stop or target to edit');
    const q = quantity ?? p.quantity;
    if (q > Math.abs(ctx.held)) return err(`quantity ${q} exceeds the ${Math.abs(ctx.held)} shares held: a rebalance may only reduce the position`);
    return ok({ quantity: q, sizing: { ...p.sizing, editedQuantity: q } });
  }
  const stop = changes.stopLoss ?? p.stopLoss;
  const target = changes.takeProfit ?? p.takeProfit;
  if (stop === undefined || target === undefined) return err(`proposal ${p.id} has no bracket to edit`);
  const dir = p.side === 'buy' ? 1 : -1;
  const ref = ctx.reference;
  if (!(stop > 0 && target > 0)) return err(`stop ${stop} and target ${target} must be positive prices`);
  if (!((ref - stop) * dir > 0)) return err(`stop ${stop} must be ${dir > 0 ? 'below' : 'above'} the price ${ref} for a ${p.side}`);
  if (!((target - ref) * dir > 0)) return err(`target ${target} must be ${dir > 0 ? 'above' : 'below'} the price ${ref} for a ${p.side}`);
  const sized = sizePosition({ equity: ctx.equity, entry: ref, stop, volatility: volatilityOf(p), held: ctx.held, direction: dir }, ctx.sizer);
  if (!sized.ok) return err(sized.error);
  const s = sized.value;
  if (quantity === undefined) {
    const q = changes.stopLoss === undefined ? p.quantity : s.quantity;
    if (q <= 0) return err(`the new stop sizes the trade to 0 shares (binding limit: ${s.bindingLimit})`);
    if (q > Math.floor(s.capQuantity + 1e-9)) return err(capMessage(q, p.symbol, s.capQuantity, ctx.sizer));
    return ok({ quantity: q, stopLoss: stop, takeProfit: target, sizing: { ...s, quantity: q } });
  }
  const limit = ctx.equity * ctx.sizer.riskPerTrade;
  if (quantity * s.perShareRisk > limit * (1 + 1e-9)) {
    return err(`quantity ${quantity} risks ${(quantity * s.perShareRisk).toFixed(2)} at the stop, above the ${pct(ctx.sizer.riskPerTrade)} risk limit of ${limit.toFixed(2)}`);
  }
  if (quantity > Math.floor(s.capQuantity + 1e-9)) {
    return err(capMessage(quantity, p.symbol, s.capQuantity, ctx.sizer));
  }
  return ok({ quantity, stopLoss: stop, takeProfit: target, sizing: { ...s, quantity, traderQuantity: true } });
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function capMessage(q: number, symbol: string, cap: number, sizer: SizerSettings): string {
  const orderLimits = sizer.maxOrderQuantity !== undefined || sizer.maxOrderNotional !== undefined ? ' or the per-order limits' : '';
  return `quantity ${q} would take ${symbol} past the ${pct(sizer.maxPositionWeight)} position limit${orderLimits} (${Math.floor(cap)} shares allowed)`;
}

/** A proposal without a recorded volatility (a rebalance) is sized without the volatility scaling. */
function volatilityOf(p: Proposal): number {
  const v = p.prediction['volatility'];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
