import { err, ok, type Result } from '../../../util/result.js';
import { DEFAULT_LABEL_SPEC } from '../../labels/label-spec.js';
import { checkRiskInput } from '../baselines/risk-input-check.js';
import { NOMINAL_SIZE, type RiskAction } from '../env/risk-actions.js';
import type { RiskDecision, RiskInput } from '../risk-sizer.js';

/**
 * Turns a discrete action into the ticket's RiskOptimization for one input: whole shares for the equity
 * share, stop and target as price levels k·ATR from the entry. A skip still names the label spec's 1/2-ATR
 * levels so a trader sees where the model would not have traded. `volatilityAdjustment` is the chosen size
 * over the baselines' nominal 10 %: below 1 the model cut the size, above 1 it added.
 */
export function actionDecision(action: RiskAction, input: RiskInput, sizer: string, note: string): Result<RiskDecision, string> {
  const checked = checkRiskInput(input);
  if (!checked.ok) return checked;
  const equity = checked.value;
  const { entry, direction, atr } = input;
  const stopAtr = action.size > 0 ? action.stopAtr : DEFAULT_LABEL_SPEC.stopAtr;
  const targetAtr = action.size > 0 ? action.takeProfitAtr : DEFAULT_LABEL_SPEC.targetAtr;
  const stopLoss = entry - direction * stopAtr * atr;
  const takeProfit = entry + direction * targetAtr * atr;
  if (!(stopLoss > 0 && takeProfit > 0)) return err(`a ${stopAtr}-ATR stop / ${targetAtr}-ATR target around entry ${entry} (ATR ${atr}) is not a positive price`);
  const quantity = Math.max(0, Math.floor((action.size * equity) / entry + 1e-9));
  return ok({
    recommendedPosition: ((quantity * entry) / equity) * 100,
    quantity,
    stopLoss,
    takeProfit,
    maxDrawdown: ((quantity * stopAtr * atr) / equity) * 100,
    volatilityAdjustment: action.size / NOMINAL_SIZE,
    sizer,
    note,
  });
}
