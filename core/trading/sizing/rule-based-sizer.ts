import { err, ok, type Result } from '../../util/result.js';

/** The sizer's knobs; defaults in `DEFAULT_SIZER_SETTINGS`. */
export interface SizerSettings {
  /** Fraction of equity lost if the stop is hit, e.g. 0.01 = 1 %. */
  readonly riskPerTrade: number;
  /** Volatility (ATR-like distance / price) at and below which the full risk is taken. */
  readonly referenceVolatility: number;
  /** Largest |position value| as a fraction of equity, counting what is already held. */
  readonly maxPositionWeight: number;
  /** The pre-trade per-order limits, so a proposal is never sized into a certain refusal. */
  readonly maxOrderQuantity?: number;
  readonly maxOrderNotional?: number;
}

export const DEFAULT_SIZER_SETTINGS: SizerSettings = { riskPerTrade: 0.01, referenceVolatility: 0.02, maxPositionWeight: 0.2 };

export interface SizingInput {
  readonly equity: number;
  readonly entry: number;
  readonly stop: number;
  /** An ATR-like move size in price units (what "volatility" means for this symbol now). */
  readonly volatility: number;
  /** Signed quantity already held in the symbol: the weight cap counts it. */
  readonly held?: number;
  /** +1 to buy, -1 to sell. */
  readonly direction: 1 | -1;
}

/** The quantity and every number behind it: stored with the proposal as its `sizing` JSON. */
export interface Sizing {
  readonly method: 'fixed-fractional-vol-adjusted';
  readonly quantity: number;
  readonly equity: number;
  readonly riskPerTrade: number;
  readonly perShareRisk: number;
  /** volatility / entry */
  readonly volatilityRatio: number;
  readonly referenceVolatility: number;
  /** min(1, reference / volatilityRatio): the share of the risk budget taken. */
  readonly volatilityScale: number;
  /** equity × riskPerTrade × volatilityScale */
  readonly riskBudget: number;
  /** Shares the risk budget allows before the cap and rounding. */
  readonly riskQuantity: number;
  /** Shares the weight cap (and the per-order limits, if given) still allow in this direction. */
  readonly capQuantity: number;
  readonly maxPositionWeight: number;
  readonly bindingLimit: 'risk' | 'max-position-weight' | 'max-order';
  /** Loss at the stop for `quantity`. */
  readonly riskAtStop: number;
}

/**
 * The rule-based sizer: risk `riskPerTrade` of equity between entry and stop, scaled down in proportion
 * when the symbol is more volatile than the reference (so a wide-swinging name gets less of the budget
 * even when its stop is also wider), capped so the position stays within `maxPositionWeight` of equity,
 * in whole shares. It is the fallback of the DQN risk model (issue 6), so it must always answer.
 * @returns the sizing, or a reason when the inputs cannot be sized (a quantity of 0 is a valid answer).
 */
export function sizePosition(input: SizingInput, settings: SizerSettings = DEFAULT_SIZER_SETTINGS): Result<Sizing, string> {
  const { equity, entry, stop, volatility, direction } = input;
  const held = input.held ?? 0;
  if (!(Number.isFinite(equity) && equity > 0)) return err(`equity must be positive to size a trade, got ${equity}`);
  if (!(Number.isFinite(entry) && entry > 0)) return err(`entry price must be positive, got ${entry}`);
  if (!(Number.isFinite(stop) && stop > 0)) return err(`stop price must be positive, got ${stop}`);
  if ((stop - entry) * direction >= 0) {
    return err(`stop ${stop} must be ${direction > 0 ? 'below' : 'above'} the entry ${entry} for a ${direction > 0 ? 'buy' : 'sell'}`);
  }
  if (!(Number.isFinite(volatility) && volatility >= 0)) return err(`volatility must be a non-negative price distance, got ${volatility}`);
  const perShareRisk = Math.abs(entry - stop);
  const volatilityRatio = volatility / entry;
  const volatilityScale = volatilityRatio > settings.referenceVolatility ? settings.referenceVolatility / volatilityRatio : 1;
  const riskBudget = equity * settings.riskPerTrade * volatilityScale;
  const riskQuantity = riskBudget / perShareRisk;
  // Only what is held in the trade's direction uses up the cap; an opposite holding is being reduced.
  const heldSameWay = Math.max(0, held * direction);
  const weightCap = Math.max(0, (settings.maxPositionWeight * equity) / entry - heldSameWay);
  const orderCap = Math.min(settings.maxOrderQuantity ?? Number.POSITIVE_INFINITY, (settings.maxOrderNotional ?? Number.POSITIVE_INFINITY) / entry);
  const capQuantity = Math.min(weightCap, orderCap);
  const bindingLimit = capQuantity >= riskQuantity ? 'risk' : orderCap < weightCap ? 'max-order' : 'max-position-weight';
  const quantity = Math.max(0, Math.floor(Math.min(riskQuantity, capQuantity) + 1e-9));
  return ok({
    method: 'fixed-fractional-vol-adjusted',
    quantity,
    equity,
    riskPerTrade: settings.riskPerTrade,
    perShareRisk,
    volatilityRatio,
    referenceVolatility: settings.referenceVolatility,
    volatilityScale,
    riskBudget,
    riskQuantity,
    capQuantity,
    maxPositionWeight: settings.maxPositionWeight,
    bindingLimit,
    riskAtStop: quantity * perShareRisk,
  });
}
