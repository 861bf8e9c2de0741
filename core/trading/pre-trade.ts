import type { EpochMs } from '../market/units.js';
import type { Fill, Order, OrderLeg, OrderRequest } from './order.js';
import type { MarketView, PortfolioView } from './portfolio-view.js';

/** Stable ids of the pre-trade rules; a refusal always names one. */
export type PreTradeRuleId =
  | 'kill-switch'
  | 'model-kill-switch'
  | 'symbol-not-allowed'
  | 'max-order-quantity'
  | 'max-order-notional'
  | 'max-position'
  | 'max-exposure'
  | 'buying-power'
  | 'max-open-positions'
  | 'price-collar'
  | 'duplicate-order'
  | 'order-rate'
  | 'daily-loss-limit'
  | 'stop-out-cooldown'
  | 'pattern-day-trader'
  | 'invalid-order'
  | 'market-closed';

/** A refusal: an event with a rule id and a reason the trader can read and act on. */
export interface OrderDenied {
  readonly kind: 'order-denied';
  readonly clientOrderId: string;
  readonly ruleId: PreTradeRuleId;
  readonly reason: string;
  readonly time: EpochMs;
}

export type PreTradeVerdict = { readonly ok: true } | { readonly ok: false; readonly ruleId: PreTradeRuleId; readonly reason: string };

/** Everything a pre-trade rule may look at, assembled by the order manager at submit time. */
export interface PreTradeContext {
  readonly now: EpochMs;
  readonly market: MarketView;
  readonly portfolio: PortfolioView;
  /** Orders not yet terminal (new, accepted, partially filled), including bracket legs. */
  readonly openOrders: readonly Order[];
  /** Every client order id ever journalled (a reused id is a duplicate). */
  hasClientOrderId(clientOrderId: string): boolean;
}

/**
 * The pre-trade checks as the order path sees them. `check` must be pure with respect to the journal:
 * refusals are recorded by the caller as `OrderDenied` events. `onSubmitted` lets rate and duplicate
 * rules remember what passed.
 */
export interface PreTradeGate {
  check(request: OrderRequest, context: PreTradeContext): PreTradeVerdict;
  onSubmitted(request: OrderRequest, context: PreTradeContext): void;
  /** True while the global switch, or the switch of `modelId`, is on; orders that add risk are refused. */
  isKillSwitchOn(modelId?: string): boolean;
  /** Every applied fill with its order's leg: stop-outs start cooldowns, fills count day trades. */
  onFill?(fill: Fill, leg: OrderLeg): void;
  /** Called on every mark-to-market (each bar close): the daily loss limit can trip without a new order. */
  onMark?(context: PreTradeContext): void;
}
