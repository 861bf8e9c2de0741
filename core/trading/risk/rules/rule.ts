import type { Order, OrderRequest } from '../../order.js';
import type { PreTradeContext, PreTradeRuleId, PreTradeVerdict } from '../../pre-trade.js';
import type { GateState } from '../gate-memory.js';
import { equityOf, riskOpenOrders } from '../order-effect.js';
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

/**
 * The input the gate hands every rule of one check. What several rules derive from it is worked out on first
 * use and kept for the rest of the check (rules are pure, so nothing they read changes meanwhile): the equity
 * (read by up to four rules, each valuation walking every position) and the working orders that add risk
 * (filtered by four).
 */
export class CheckInput implements RuleInput {
  #equity = 0;
  #valued = false;
  #riskOpen: readonly Order[] | undefined;

  constructor(
    public request: OrderRequest,
    public context: PreTradeContext,
    public limits: RiskLimits,
    public state: GateState,
    public reducing: boolean,
  ) {}

  /**
   * Makes this the input of another check (a gate reuses one instead of building one per order): the new fields,
   * and nothing derived for the previous check kept.
   */
  reset(request: OrderRequest, context: PreTradeContext, limits: RiskLimits, state: GateState, reducing: boolean): this {
    this.request = request;
    this.context = context;
    this.limits = limits;
    this.state = state;
    this.reducing = reducing;
    this.#valued = false;
    this.#riskOpen = undefined;
    return this;
  }

  equity(): number {
    if (!this.#valued) {
      this.#equity = equityOf(this.context);
      this.#valued = true;
    }
    return this.#equity;
  }

  riskOpenOrders(): readonly Order[] {
    this.#riskOpen ??= riskOpenOrders(this.context);
    return this.#riskOpen;
  }
}

/** The account's equity at the last prices, as every rule of one check sees it (valued once per CheckInput). */
export function inputEquity(input: RuleInput): number {
  return input instanceof CheckInput ? input.equity() : equityOf(input.context);
}

/** Working orders that may add exposure, as every rule of one check sees them (filtered once per CheckInput). */
export function inputRiskOpenOrders(input: RuleInput): readonly Order[] {
  return input instanceof CheckInput ? input.riskOpenOrders() : riskOpenOrders(input.context);
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
