import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../features/feature-schema.js';
import type { RiskInput } from '../risk-sizer.js';

/**
 * The DQN's inputs, each a fixed function of the `RiskInput` the desk hands any sizer (so serving needs
 * nothing the baselines do not get). Scaled by hand to roughly −3..3, no fitted standardizer to drift:
 *
 * - `direction`: +1 long, −1 short.
 * - `cashShift`: cashPosition − 1, clipped to ±2: 0 all cash, −0.3 when 30 % of equity is long.
 * - `concentration`: the book's Herfindahl (0 flat, 1 one name).
 * - `correlationRisk`: weight-averaged correlation of the holdings (−1..1).
 * - `logVolatility`: ln(volatility / 2 %), clipped to ±3: 0 at a typical large cap's ATR/close.
 * - `trendWithTrade`: +1 when the trend agrees with the trade's side, −1 against, 0 flat.
 * - `logLiquidity`: ln(liquidityIndex), clipped to ±3 (0 = the usual traded value; breakouts run high).
 *
 * Left out on purpose: the position fields (currentWeight, unrealizedPnL, holdingPeriod). The model is
 * trained on entries, where they are always 0; feeding them at serving would put it off its training
 * distribution, so re-evaluating an open position asks it what it would do entering now.
 */
export const RISK_INPUT_NAMES = ['direction', 'cashShift', 'concentration', 'correlationRisk', 'logVolatility', 'trendWithTrade', 'logLiquidity'] as const;

export const RISK_INPUT_COUNT = RISK_INPUT_NAMES.length;

/** Bump when an encoding below changes without a name changing. */
const ENCODING_VERSION = 1;

/** Hash of the names, their order and the encoding version: a model is served only with the inputs it was trained on. */
export const RISK_INPUTS_HASH = createHash('sha256').update(canonicalJson({ names: RISK_INPUT_NAMES, version: ENCODING_VERSION, volatilityReference: 0.02 })).digest('hex');

const clip = (v: number, lim: number): number => (Number.isFinite(v) ? Math.max(-lim, Math.min(lim, v)) : 0);

/** Writes the inputs of `input` into `out` from `offset` (non-finite figures become 0, the neutral value). */
export function encodeRiskInput(input: RiskInput, out: Float64Array | Float32Array, offset = 0): void {
  const { portfolioMetrics: p, marketConditions: m } = input.state;
  const trend = m.trendDirection === 'up' ? 1 : m.trendDirection === 'down' ? -1 : 0;
  out[offset] = input.direction;
  out[offset + 1] = clip(p.cashPosition - 1, 2);
  out[offset + 2] = clip(p.concentration, 1);
  out[offset + 3] = clip(p.correlationRisk, 1);
  out[offset + 4] = clip(Math.log(m.volatility / 0.02), 3);
  out[offset + 5] = trend * input.direction;
  out[offset + 6] = clip(Math.log(m.liquidityIndex), 3);
}
