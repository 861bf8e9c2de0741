import { sizePosition, type SizerSettings } from '../../../trading/sizing/rule-based-sizer.js';
import { DEFAULT_LABEL_SPEC } from '../../labels/label-spec.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { EquityRiskInput, RiskDecision, RiskInput, RiskSizer } from '../risk-sizer.js';
import { checkEquityInput, equityInput } from './risk-input-check.js';

/** The volatility-targeted baseline's knobs: the rule-based sizer's plus the bracket in ATR. */
export interface VolTargetSettings extends SizerSettings {
  /** Stop distance in ATR. */
  readonly stopAtr: number;
  /** Target distance in ATR. */
  readonly takeProfitAtr: number;
}

/**
 * Stop 1 ATR and target 2 ATR: the label spec's barriers, which is what the breakout model's probability is
 * about. Risk 0.2 % of equity at the stop: at the 2 % reference volatility that buys 0.2 % / (1 × 2 %) = 10 %
 * of equity, the fixed-fraction baseline's size, so the two baselines take the same exposure on an average
 * name and their comparison is about adapting to volatility, not about taking less risk. Quieter names get
 * up to the 20 % weight cap; above the reference the risk budget shrinks too (size ∝ 1/volatility²).
 */
export const DEFAULT_VOL_TARGET: VolTargetSettings = {
  riskPerTrade: 0.002,
  referenceVolatility: 0.02,
  maxPositionWeight: 0.2,
  stopAtr: DEFAULT_LABEL_SPEC.stopAtr,
  takeProfitAtr: DEFAULT_LABEL_SPEC.targetAtr,
};

/** The id proposals and reports show for this baseline. */
export const VOL_TARGET_ID = 'baseline:vol-target-atr';

/**
 * The strong baseline: volatility-targeted sizing with ATR stops and targets. Risking a fixed share of
 * equity over a k·ATR stop makes the position's weight ∝ 1/(ATR/price), i.e. each trade contributes the
 * same volatility: that is the desk's rule-based sizer (`sizePosition`), reused here rather than rewritten,
 * with its weight cap and the pre-trade order limits when given. It answers for the position to hold in
 * the symbol (what is already held is not subtracted; the proposal desk orders the difference).
 * @throws RangeError when a setting is out of range (a configuration error, caught at start).
 */
export function volTargetAtrSizer(settings: Partial<VolTargetSettings> = {}): RiskSizer {
  const s: VolTargetSettings = { ...DEFAULT_VOL_TARGET, ...settings };
  for (const name of ['riskPerTrade', 'referenceVolatility', 'maxPositionWeight', 'stopAtr', 'takeProfitAtr'] as const) {
    const v = s[name];
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`vol-target ${name} must be a positive number, got ${v}`);
  }
  // The note's fixed parts, formatted once: the sizer answers at every held bar of a position review.
  const notePrefix = `risk ${(s.riskPerTrade * 100).toFixed(2)} % over a ${s.stopAtr}-ATR stop, volatility `;
  const noteReference = ` % vs ${(s.referenceVolatility * 100).toFixed(0)} % reference, binding: `;
  // Reads only the state's equity, so it answers the same from the equity alone (`sizeOnEquity`).
  const sizeOnEquity = (input: EquityRiskInput): Result<RiskDecision, string> => {
    const checked = checkEquityInput(input);
    if (!checked.ok) return checked;
    const equity = checked.value;
    const { entry, direction, atr } = input;
    const stopLoss = entry - direction * s.stopAtr * atr;
    const takeProfit = entry + direction * s.takeProfitAtr * atr;
    if (!(stopLoss > 0)) return err(`a ${s.stopAtr}-ATR stop (ATR ${atr}) below entry ${entry} is not a positive price`);
    const sized = sizePosition({ equity, entry, stop: stopLoss, volatility: atr, direction }, s);
    if (!sized.ok) return sized;
    const z = sized.value;
    // What the volatility regime did to the size: the position before the per-order limits, against the one
    // the same risk buys at the reference volatility (>1 for quiet names up to the weight cap, <1 for wild ones).
    const atReference = (equity * s.riskPerTrade) / (s.stopAtr * s.referenceVolatility * entry);
    const volatilityAdjustment = Math.min(z.riskQuantity, (s.maxPositionWeight * equity) / entry) / atReference;
    return ok({
      recommendedPosition: ((z.quantity * entry) / equity) * 100,
      quantity: z.quantity,
      stopLoss,
      takeProfit,
      maxDrawdown: (z.riskAtStop / equity) * 100,
      volatilityAdjustment,
      sizer: VOL_TARGET_ID,
      note: `${notePrefix}${(z.volatilityRatio * 100).toFixed(2)}${noteReference}${z.bindingLimit}`,
    });
  };
  return {
    id: VOL_TARGET_ID,
    kind: 'baseline',
    size: (input: RiskInput) => sizeOnEquity(equityInput(input)),
    sizeOnEquity,
  };
}
