import path from 'node:path';
import type { Interval } from '../market/interval.js';
import { BreakoutPredictor } from '../ml/inference/breakout-predictor.js';
import { SHIPPED_BREAKOUT_MODELS } from '../ml/inference/shipped-models.js';

/**
 * What answers for the desk's breakout events: the installed model when it verifies and the desk trades
 * daily bars (the interval it was trained on), otherwise the rule-based baseline with the reason, which
 * `ml.models` and `ml.health` show the trader.
 */
export function deskPredictor(interval: Interval, modelsDir: string = SHIPPED_BREAKOUT_MODELS): BreakoutPredictor {
  if (interval !== '1d') {
    return BreakoutPredictor.baselineOnly(`the breakout model was trained on 1d bars and this desk trades ${interval} bars, so the rule-based baseline serves`, { interval });
  }
  return BreakoutPredictor.fromModelsRoot(path.resolve(modelsDir), { interval });
}
