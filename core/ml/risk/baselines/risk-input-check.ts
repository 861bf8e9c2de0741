import { err, ok, type Result } from '../../../util/result.js';
import type { EquityRiskInput, RiskInput } from '../risk-sizer.js';

/**
 * Refuses inputs no sizer can answer sensibly, with the field and its value, so every sizer (baselines and
 * the model) fails the same way on the same bad input instead of returning NaN shares.
 * @returns the equity (`totalValue`) to size against.
 */
export function checkRiskInput(input: RiskInput): Result<number, string> {
  return checkEquityInput(equityInput(input));
}

/** `checkRiskInput` for an input reduced to the state's equity: the same checks, in the same order. */
export function checkEquityInput(input: EquityRiskInput): Result<number, string> {
  const { equity } = input;
  if (!(Number.isFinite(equity) && equity > 0)) return err(`totalValue (equity) must be positive to size a trade, got ${equity}`);
  if (!(Number.isFinite(input.entry) && input.entry > 0)) return err(`entry price must be positive, got ${input.entry}`);
  if (input.direction !== 1 && input.direction !== -1) return err(`direction must be +1 or -1, got ${String(input.direction)}`);
  if (!(Number.isFinite(input.atr) && input.atr > 0)) return err(`ATR must be a positive price distance, got ${input.atr}`);
  return ok(equity);
}

/** The part of a sizing input an equity-only sizer reads. */
export function equityInput(input: RiskInput): EquityRiskInput {
  return { equity: input.state.portfolioMetrics.totalValue, direction: input.direction, entry: input.entry, atr: input.atr };
}
