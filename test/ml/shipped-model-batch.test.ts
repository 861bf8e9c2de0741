import path from 'node:path';
import { expect, it } from 'vitest';
import { FeatureEngine } from '../../core/features/feature-engine.js';
import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import { currentModelDir, loadModel } from '../../core/ml/inference/model-source.js';
import { INPUT_COUNT, writeBreakoutInputs } from '../../core/ml/inputs/breakout-inputs.js';
import { detectBreakout } from '../../core/ml/labels/breakout-event.js';
import { DEFAULT_LABEL_SPEC } from '../../core/ml/labels/label-spec.js';
import { WilderAtr } from '../../core/ml/labels/wilder-atr.js';
import { loadEnsemble } from '../../core/ml/models/ensemble-types.js';
import { readDaily } from '../support/daily-csv.js';
import { describeWithSharedData } from '../support/shared-data.js';

/** Model input rows of every breakout event in the real daily bars of `symbols`. */
function realEventRows(symbols: readonly string[]): { rows: Float64Array; n: number } {
  const rows: number[] = [];
  const one = new Float64Array(INPUT_COUNT);
  for (const symbol of symbols) {
    const engine = new FeatureEngine({ symbol, interval: '1d' });
    const atr = new WilderAtr(DEFAULT_LABEL_SPEC.atrPeriod);
    for (const bar of columnsToBars(readDaily(symbol).columns, symbol, '1d')) {
      if (!engine.onBar(bar).ok) continue;
      const a = atr.push(bar.high, bar.low, bar.close);
      const signal = engine.warm && a > 0 ? detectBreakout(bar.close, engine.values, a, DEFAULT_LABEL_SPEC) : undefined;
      if (signal === undefined) continue;
      writeBreakoutInputs(engine.values, bar.close, a, signal.direction, one, 0);
      rows.push(...one);
    }
  }
  return { rows: Float64Array.from(rows), n: rows.length / INPUT_COUNT };
}

describeWithSharedData('the shipped breakout model served in batches', () => {
  it('gives every real breakout row bit for bit the probability the single-row path gives it', () => {
    const dir = currentModelDir(path.resolve('models/breakout'));
    if (!dir.ok) throw new Error(dir.error);
    const model = loadModel(dir.value, DEFAULT_LABEL_SPEC, loadEnsemble);
    if (!model.ok) throw new Error(model.error);
    const { rows, n } = realEventRows(['AAPL', 'SPY', 'XOM', 'JPM']);
    expect(n).toBeGreaterThan(100);
    const e = model.value.ensemble;
    const batch = e.predictProba(rows, n);
    const mismatched: number[] = [];
    for (let r = 0; r < n; r++) {
      if (!Object.is(batch[r], e.explain(rows.subarray(r * INPUT_COUNT, (r + 1) * INPUT_COUNT)).probability)) mismatched.push(r);
    }
    expect(mismatched).toEqual([]);
    // Batch of one at the end of the block: offsets, not only row 0, must line up.
    const last = e.predictProba(rows.subarray((n - 1) * INPUT_COUNT), 1)[0];
    expect(last).toBe(batch[n - 1]);
  });
});
