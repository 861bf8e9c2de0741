import { resolve } from 'node:path';
import { volTargetAtrSizer } from '../ml/risk/baselines/vol-target-sizer.js';
import { loadRiskModel, SHIPPED_RISK_MODELS } from '../ml/risk/load-risk-model.js';
import type { Interval } from '../market/interval.js';
import type { RiskSizer } from '../ml/risk/risk-sizer.js';
import type { Result } from '../util/result.js';


export interface RiskServingOptions {
  /** The desk's bar interval: the risk model learned on daily bars, so only a daily desk serves it. */
  readonly interval: Interval;
  /** Where risk model versions live (`current.json` + version folders); default the shipped ones. */
  readonly modelsDir?: string;
  /** False: the trader switched the risk model off, and the baseline sizes every trade. Default true. */
  readonly enabled?: boolean;
  /** Loads and verifies a model (tests inject one); default `loadRiskModel`. */
  readonly load?: (modelsDir: string) => Result<RiskSizer, string>;
}

/** The sizer that serves, the baseline beside it, and why the baseline serves when it does. */
export interface RiskServing {
  readonly serving: RiskSizer;
  readonly baseline: RiskSizer;
  readonly fallbackReason?: string;
}

/**
 * Picks what sizes the desk's trades: the DQN risk model when it loads, verifies and is enabled on a daily
 * desk; otherwise
 * the volatility-targeted baseline, with the reason (disabled, or the loader's missing/invalid/tampered
 * message) that `ml.models` and every proposal show the trader. The baseline is always there for comparison.
 */
export function chooseRiskSizer(o: RiskServingOptions): RiskServing {
  const baseline = volTargetAtrSizer();
  if (o.enabled === false) return { serving: baseline, baseline, fallbackReason: 'the risk model is disabled on this desk' };
  // Its state (ATR as a share of price, trend and liquidity windows) is in daily units: intraday bars would
  // feed it volatilities it never saw.
  if (o.interval !== '1d') return { serving: baseline, baseline, fallbackReason: `the risk model was trained on 1d bars and this desk trades ${o.interval} bars` };
  const dir = resolve(o.modelsDir ?? SHIPPED_RISK_MODELS);
  const loaded = (o.load ?? loadRiskModel)(dir);
  if (!loaded.ok) return { serving: baseline, baseline, fallbackReason: `risk model not served (${loaded.error})` };
  return { serving: loaded.value, baseline };
}
