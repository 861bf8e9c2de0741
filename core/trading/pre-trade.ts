import type { EpochMs } from '../market/units.js';

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
