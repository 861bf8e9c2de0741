import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTrain } from '../../core/cli/commands/train-command.js';
import type { Manifest } from '../../core/ml/artifact/manifest.js';
import { BreakoutPredictor } from '../../core/ml/inference/breakout-predictor.js';
import { currentModelDir } from '../../core/ml/inference/model-source.js';
import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import { readDaily } from '../support/daily-csv.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { describeWithSharedData, sharedDataDir } from '../support/shared-data.js';

const root = path.resolve('models/breakout');

describeWithSharedData('the shipped breakout model', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir('desk-shipped-');
  });
  afterAll(() => tmp.remove());

  it('verifies and serves predictions with every field in range on the real daily bars', () => {
    const predictor = BreakoutPredictor.fromModelsRoot(root);
    expect(predictor.source.kind).toBe('model');
    let breakouts = 0;
    for (const symbol of ['AAPL', 'SPY', 'XOM']) {
      for (const bar of columnsToBars(readDaily(symbol).columns, symbol, '1d')) {
        predictor.onBar(bar);
        const r = predictor.predictBreakout(symbol);
        if (r.status !== 'breakout') continue;
        breakouts++;
        const p = r.prediction;
        expect(p.probability).toBeGreaterThan(0);
        expect(p.probability).toBeLessThan(1);
        expect(p.confidence).toBeGreaterThanOrEqual(0);
        expect(p.riskScore).toBeGreaterThan(0);
        expect(p.timeHorizon).toBe(65);
      }
    }
    expect(breakouts).toBeGreaterThan(100);
  });

  it('is reproduced file for file by training again with its seed (only the recorded commit may differ)', async () => {
    const dir = currentModelDir(root);
    if (!dir.ok) throw new Error(dir.error);
    const shipped = JSON.parse(readFileSync(path.join(dir.value, 'manifest.json'), 'utf8')) as Manifest;
    const again = await runTrain({ out: tmp.file('models'), seed: String(shipped.seed), trainEnd: '2009', testEnd: '2017', heldOut: '6', mode: 'single' },
      { env: { DESK_SHARED_DATA: sharedDataDir() } });
    expect(again.manifest.version).toBe(shipped.version);
    expect(again.manifest.files).toEqual(shipped.files);
    expect({ ...again.manifest, createdFromCommit: null }).toEqual({ ...shipped, createdFromCommit: null });
  });
});
