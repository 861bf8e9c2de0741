import type { MlModels, RiskOptimization } from '../contract/ml-schemas.js';
import type { RiskAdvisor } from '../ml/risk/risk-advisor.js';

/** Says what the numbers are: a percentage of equity, absolute price levels, the loss at the stop. */
const RISK_NOTE =
  'recommendedPosition and maxDrawdown are percent of equity; stopLoss and takeProfit are price levels; the ' +
  'baseline (volatility-targeted sizing with ATR stops) answers the same state for comparison. Position limits ' +
  'and pre-trade checks still cut or refuse the order.';

/**
 * The ticket's RiskOptimization for `symbol` from the desk's risk sizing at the latest close: the position to
 * hold in `direction` (the open position's side when one is held), with the baseline's answer beside it.
 */
export function riskOptimization(risk: RiskAdvisor, portfolioId: string, symbol: string, direction: 1 | -1): RiskOptimization {
  const source = risk.source;
  const fallbackReason = source.kind === 'baseline' ? source.reason : null;
  const base = { portfolioId, symbol, method: source.kind, sizer: source.id, fallbackReason, note: RISK_NOTE };
  const advice = risk.advise(symbol, direction);
  if (!advice.ok) {
    return {
      ...base, recommendedPosition: 0, quantity: 0, stopLoss: null, takeProfit: null, maxDrawdown: 0, volatilityAdjustment: 1,
      baseline: null, state: null, reason: advice.error,
    };
  }
  const { serving, baseline, state } = advice.value;
  return {
    ...base,
    sizer: serving.sizer,
    recommendedPosition: serving.recommendedPosition,
    quantity: serving.quantity,
    stopLoss: serving.stopLoss,
    takeProfit: serving.takeProfit,
    maxDrawdown: serving.maxDrawdown,
    volatilityAdjustment: serving.volatilityAdjustment,
    baseline: { ...baseline },
    state: { ...state, positionDetails: { ...state.positionDetails } },
    note: `${serving.note}. ${RISK_NOTE}`,
    reason: null,
  };
}

/** The `ml.models` risk entry: which sizer serves and why. */
export function riskModelsEntry(risk: RiskAdvisor): MlModels['risk'] {
  const s = risk.source;
  return s.kind === 'model'
    ? { source: 'model', sizer: s.id, fallbackReason: null, note: `The DQN risk model ${s.id} sizes proposals and re-evaluates open positions; the volatility-targeted baseline is shown beside it.` }
    : { source: 'baseline', sizer: s.id, fallbackReason: s.reason, note: `The volatility-targeted baseline sizes proposals because ${s.reason}.` };
}
