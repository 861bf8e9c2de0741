/** When proposals of one symbol or one model may be confirmed without the trader. */
export interface AutomationRule {
  readonly enabled: boolean;
  /** Auto-confirm only at or above this confidence. */
  readonly minConfidence: number;
  /** Largest |position value| after the trade, as a fraction of equity. */
  readonly maxPositionWeight: number;
}

/**
 * Automation settings: a symbol's rule wins over its model's. Empty = off everywhere, the default — the
 * issue's "gradual rollout with position limits" starts with one symbol or model switched on.
 */
export interface AutomationPolicy {
  readonly bySymbol?: Readonly<Record<string, AutomationRule>>;
  readonly byModel?: Readonly<Record<string, AutomationRule>>;
}

export const AUTOMATION_OFF: AutomationPolicy = {};

export interface AutomationQuestion {
  readonly symbol: string;
  readonly modelId: string;
  readonly confidence: number;
  /** Signed position after the trade. */
  readonly positionAfter: number;
  readonly price: number;
  readonly equity: number;
}

export type AutomationAnswer = { readonly confirm: true; readonly reason: string } | { readonly confirm: false; readonly reason: string };

/** Whether automation may confirm, and why (or why not) — the reason is recorded with the decision. */
export function automationDecision(policy: AutomationPolicy, q: AutomationQuestion): AutomationAnswer {
  const symbolRule = policy.bySymbol?.[q.symbol];
  const rule = symbolRule ?? policy.byModel?.[q.modelId];
  const scope = symbolRule === undefined ? `model ${q.modelId}` : `symbol ${q.symbol}`;
  if (rule === undefined || !rule.enabled) return { confirm: false, reason: `automation is off for ${q.symbol} and ${q.modelId}` };
  if (!(q.confidence >= rule.minConfidence)) {
    return { confirm: false, reason: `confidence ${q.confidence} is below the ${scope} threshold ${rule.minConfidence}` };
  }
  const weight = q.equity > 0 ? Math.abs(q.positionAfter * q.price) / q.equity : Number.POSITIVE_INFINITY;
  if (!(weight <= rule.maxPositionWeight)) {
    return { confirm: false, reason: `position after the trade would be ${(100 * weight).toFixed(1)}% of equity, above the ${scope} limit ${(100 * rule.maxPositionWeight).toFixed(1)}%` };
  }
  return { confirm: true, reason: `auto-confirmed by ${scope} rule: confidence ${q.confidence} ≥ ${rule.minConfidence}, position ${(100 * weight).toFixed(1)}% of equity` };
}
