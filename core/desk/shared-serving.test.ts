import { describe, expect, it } from 'vitest';
import type { BreakoutPrediction } from '../ml/breakout-prediction.js';
import { BreakoutPredictor } from '../ml/inference/breakout-predictor.js';
import type { BreakoutServing, PredictionContext } from '../ml/inference/breakout-serving.js';
import { epochMs } from '../market/units.js';
import { SharedServing } from './shared-serving.js';

const answer = (probability: number): BreakoutPrediction => ({ probability, direction: 'UP', confidence: 0.5, targetPrice: 11, timeHorizon: 5, riskScore: 0.2 });

/** A serving that counts its asks and answers a new probability each time, so a reused answer shows. */
function counting(interval: '1d' | '1m' = '1d'): BreakoutServing & { asks: (PredictionContext | undefined)[] } {
  const base = BreakoutPredictor.baselineOnly('test', { interval });
  const asks: (PredictionContext | undefined)[] = [];
  return {
    asks,
    baseline: base.baseline,
    interval,
    source: { kind: 'model', version: 'v-test', dir: '/nowhere' },
    predictEvent(_f, _c, _a, context) {
      asks.push(context);
      return answer(asks.length / 10);
    },
  };
}

const bar = (symbol: string, time: number): PredictionContext => ({ symbol, interval: '1d', barTime: epochMs(time) });

describe('SharedServing', () => {
  it('answers the second ask about the same bar with the first answer, asking the live serving once', () => {
    const live = counting();
    const shared = new SharedServing(live, counting());
    const first = shared.predictEvent([], 10, 1, bar('AAA', 1));
    expect(shared.predictEvent([], 10, 1, bar('AAA', 1))).toBe(first);
    expect(shared.predictEvent([], 10, 1, bar('BBB', 1))?.probability).toBe(0.2);
    expect(live.asks.map((c) => c?.symbol)).toEqual(['AAA', 'BBB']);
    expect(shared.source).toEqual({ kind: 'model', version: 'v-test', dir: '/nowhere' });
  });

  it('sends history bars and asks without a bar to the history serving, which logs nothing', () => {
    const live = counting();
    const history = counting();
    const shared = new SharedServing(live, history);
    shared.warming = true;
    shared.predictEvent([], 10, 1, bar('AAA', 1));
    shared.warming = false;
    shared.predictEvent([], 10, 1);
    expect(live.asks).toEqual([]);
    expect(history.asks).toEqual([undefined, undefined]);
    expect(shared.interval).toBe('1d');
    expect(shared.baseline).toBe(live.baseline);
  });

  it('refuses servings of two intervals', () => {
    expect(() => new SharedServing(counting('1d'), counting('1m'))).toThrow(/1d bars but history serving for 1m/);
  });
});
