import { dailyLossRule } from './daily-loss-rule.js';
import { duplicateOrderRule } from './duplicate-order-rule.js';
import { buyingPowerRule, maxExposureRule } from './exposure-rules.js';
import { killSwitchRule, modelKillSwitchRule } from './kill-switch-rules.js';
import { orderRateRule } from './order-rate-rule.js';
import { maxOrderNotionalRule, maxOrderQuantityRule } from './order-size-rules.js';
import { patternDayTraderRule } from './pattern-day-trader-rule.js';
import { maxOpenPositionsRule, maxPositionRule } from './position-rules.js';
import { priceCollarRule } from './price-collar-rule.js';
import type { PreTradeRule } from './rule.js';
import { stopOutCooldownRule } from './stop-out-cooldown-rule.js';
import { symbolAllowlistRule } from './symbol-allowlist-rule.js';
import { validityRule } from './validity-rule.js';

export type { PreTradeRule, RuleInput } from './rule.js';

/**
 * The rules in the order they run; the first refusal is the one reported. Malformed and duplicate orders
 * first (they apply even to exits); then the switches and account-state rules that refuse whatever the
 * order's size; then the per-order size and price checks; the portfolio-wide sums last, being the costliest.
 */
export const PRE_TRADE_RULES: readonly PreTradeRule[] = [
  validityRule,
  duplicateOrderRule,
  killSwitchRule,
  modelKillSwitchRule,
  dailyLossRule,
  symbolAllowlistRule,
  stopOutCooldownRule,
  patternDayTraderRule,
  orderRateRule,
  maxOrderQuantityRule,
  maxOrderNotionalRule,
  priceCollarRule,
  maxPositionRule,
  maxOpenPositionsRule,
  maxExposureRule,
  buyingPowerRule,
];
