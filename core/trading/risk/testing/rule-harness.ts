import type { OrderRequest } from '../../order.js';
import type { PreTradeContext, PreTradeVerdict } from '../../pre-trade.js';
import { GateMemory, type GateState } from '../gate-memory.js';
import { isTrulyReducing } from '../order-effect.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../risk-limits.js';
import type { PreTradeRule } from '../rules/rule.js';
import { makeContext } from './risk-fixtures.js';

export interface StateSpec {
  readonly memory?: GateMemory;
  readonly globalOn?: boolean;
  readonly modelsOn?: readonly string[];
  readonly startOfDayEquity?: number;
}

export const stateOf = (spec: StateSpec = {}): GateState =>
  (spec.memory ?? new GateMemory()).view({ global: () => spec.globalOn === true, model: (id) => (spec.modelsOn ?? []).includes(id) }, spec.startOfDayEquity);

/** Runs one rule the way the gate does (limits over the defaults). */
export function runRule(rule: PreTradeRule, request: OrderRequest, context: PreTradeContext = makeContext(), limits: Partial<RiskLimits> = {}, state: StateSpec = {}): PreTradeVerdict {
  return rule.check({
    request,
    context,
    limits: { ...DEFAULT_RISK_LIMITS, ...limits },
    state: stateOf(state),
    reducing: isTrulyReducing(request, context.portfolio.position(request.symbol)),
  });
}

/** The reason of a refusal, or 'passed'. */
export const reasonOf = (verdict: PreTradeVerdict): string => (verdict.ok ? 'passed' : `${verdict.ruleId}: ${verdict.reason}`);
