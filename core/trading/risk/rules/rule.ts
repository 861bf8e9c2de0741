import type { OrderRequest } from '../../order.js';
import type { PreTradeContext, PreTradeRuleId, PreTradeVerdict } from '../../pre-trade.js';
import type { GateState } from '../gate-memory.js';
import { equityOf } from '../order-effect.js';
import type { RiskLimits } from '../risk-limits.js';

/** Everything one rule looks at. Rules are pure: same input, same verdict, nothing changed. */
export interface RuleInput {
  readonly request: OrderRequest;
  readonly context: PreTradeContext;
  readonly limits: RiskLimits;
  readonly state: GateState;
  /** The order is reduce-only and can only shrink its position (see isTrulyReducing). */
  readonly reducing: boolean;
}

export interface PreTradeRule {
  readonly id: PreTradeRuleId;
  /** False: the rule also applies to orders that truly reduce a position. */
  readonly skipsReducing: boolean;
  check(input: RuleInput): PreTradeVerdict;
}

const equities = new WeakMap<RuleInput, number>();

/**
 * The account's equity at the last prices, as every rule of one check sees it: valued once per input (a check's
 * rules read it up to four times, and each valuation walks every position).
 */
export function inputEquity(input: RuleInput): number {
  let equity = equities.get(input);
  if (equity === undefined) {
    equity = equityOf(input.context);
    equities.set(input, equity);
  }
  return equity;
}

export const PASS: PreTradeVerdict = Object.freeze({ ok: true });

export const deny = (ruleId: PreTradeRuleId, reason: string): PreTradeVerdict => ({ ok: false, ruleId, reason });

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** "$61,200" / "-$1,250.5": figures in reasons the trader reads. */
export const usd = (value: number): string => money.format(value).replace(/\.00$/, '');
/** "1,000" / "0.25". */
export const num = (value: number): string => plain.format(value);
/** "buy 100 AAPL". */
export const describe = (request: OrderRequest): string => `${request.side} ${num(request.quantity)} ${request.symbol}`;
