import { err, ok, type Result } from '../../../util/result.js';
import type { RiskInput } from '../risk-sizer.js';

/**
 * Refuses inputs no sizer can answer sensibly, with the field and its value, so every sizer (baselines and
 * the model) fails the same way on the same bad input instead of returning NaN shares.
 * @returns the equity (`totalValue`) to size against.
 */
export function checkRiskInput(input: RiskInput): Result<number, string> {
  const equity = input.state.portfolioMetrics.totalValue;
  if (!(Number.isFinite(equity) && equity > 0)) return err(`totalValue (equity) must be positive to size a trade, got ${equity}`);
  if (!(Number.isFinite(input.entry) && input.entry > 0)) return err(`entry price must be positive, got ${input.entry}`);
  if (input.direction !== 1 && input.direction !== -1) return err(`direction must be +1 or -1, got ${String(input.direction)}`);
  if (!(Number.isFinite(input.atr) && input.atr > 0)) return err(`ATR must be a positive price distance, got ${input.atr}`);
  return ok(equity);
}
