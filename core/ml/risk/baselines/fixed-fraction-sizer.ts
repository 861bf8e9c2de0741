import { ok, type Result } from '../../../util/result.js';
import type { EquityRiskInput, RiskDecision, RiskInput, RiskSizer } from '../risk-sizer.js';
import { checkEquityInput, equityInput } from './risk-input-check.js';

/** The fixed-fraction baseline's knobs; defaults in `DEFAULT_FIXED_FRACTION`. */
export interface FixedFractionSettings {
  /** Position value as a fraction of equity, whatever the symbol's volatility. */
  readonly positionFraction: number;
  /** Stop distance as a fraction of the entry price. */
  readonly stopLossFraction: number;
  /** Target distance as a fraction of the entry price. */
  readonly takeProfitFraction: number;
}

/**
 * The desk's "current state" in the ticket (fixed stop-loss percentages, static thresholds): 10 % of equity
 * per trade, stop 2 % and target 4 % from entry. 2 % is about one daily ATR of a typical large-cap stock and
 * 4 % two, so on an average name this baseline has the label spec's 1-ATR stop / 2-ATR target geometry and
 * differs from the volatility-targeted baseline only in ignoring volatility; 10 % is half the rule-based
 * sizer's 20 % weight cap, so that cap never binds here either.
 */
export const DEFAULT_FIXED_FRACTION: FixedFractionSettings = { positionFraction: 0.1, stopLossFraction: 0.02, takeProfitFraction: 0.04 };

/** The id proposals and reports show for this baseline. */
export const FIXED_FRACTION_ID = 'baseline:fixed-fraction';

/**
 * A sizer that ignores the market: the same share of equity, the same percentage stop and target for every
 * trade. It answers for the position to hold in the symbol (not the increment over what is held), like
 * every RiskSizer.
 * @throws RangeError when a setting is not a positive fraction (a configuration error, caught at start).
 */
export function fixedFractionSizer(settings: Partial<FixedFractionSettings> = {}): RiskSizer {
  const s: FixedFractionSettings = { ...DEFAULT_FIXED_FRACTION, ...settings };
  for (const [name, v] of Object.entries(s)) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1)) throw new RangeError(`fixed-fraction ${name} must be in (0, 1], got ${String(v)}`);
  }
  // The same for every trade, so formatted once.
  const note = `fixed ${pct(s.positionFraction)} of equity, stop ${pct(s.stopLossFraction)}, target ${pct(s.takeProfitFraction)} from entry`;
  // Reads only the state's equity, so it answers the same from the equity alone (`sizeOnEquity`).
  const sizeOnEquity = (input: EquityRiskInput): Result<RiskDecision, string> => {
    const checked = checkEquityInput(input);
    if (!checked.ok) return checked;
    const equity = checked.value;
    const { entry, direction } = input;
    const quantity = Math.max(0, Math.floor((s.positionFraction * equity) / entry + 1e-9));
    const stopLoss = entry * (1 - direction * s.stopLossFraction);
    const takeProfit = entry * (1 + direction * s.takeProfitFraction);
    return ok({
      recommendedPosition: ((quantity * entry) / equity) * 100,
      quantity,
      stopLoss,
      takeProfit,
      maxDrawdown: ((quantity * Math.abs(entry - stopLoss)) / equity) * 100,
      volatilityAdjustment: 1,
      sizer: FIXED_FRACTION_ID,
      note,
    });
  };
  return {
    id: FIXED_FRACTION_ID,
    kind: 'baseline',
    size: (input: RiskInput) => sizeOnEquity(equityInput(input)),
    sizeOnEquity,
  };
}

const pct = (f: number): string => `${(f * 100).toFixed(f * 100 < 1 ? 2 : 0)} %`;
