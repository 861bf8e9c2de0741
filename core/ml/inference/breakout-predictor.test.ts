import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { F, FEATURE_COUNT } from '../../features/feature-vector.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { MANIFEST_FILE } from '../artifact/write-artifact.js';
import { DEFAULT_BASELINE } from '../baseline/baseline-rule.js';
import { breakoutInputs } from '../inputs/breakout-inputs.js';
import { DEFAULT_LABEL_SPEC } from '../labels/label-spec.js';
import { breakoutSeries } from '../labels/testing/breakout-series.js';
import { loadStandIn, trainStandIn } from '../training/testing/stand-in-ensemble.js';
import { trainBreakoutModel } from '../training/train-breakout-model.js';
import { BreakoutPredictor } from './breakout-predictor.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const features = (): Float64Array => {
  const f = new Float64Array(FEATURE_COUNT).fill(1);
  f[F.support] = 95;
  f[F.resistance] = 105;
  f[F.relativeVolume] = 2;
  return f;
};

describe('BreakoutPredictor', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let good: string;
  let fresh: (name: string) => string;
  beforeAll(async () => {
    tmp = makeTempDir('desk-predictor-');
    const db = openDatabase(tmp.file('desk.db'));
    const bars = new BarStore(db);
    SYMBOLS.forEach((s, i) => bars.upsert(breakoutSeries(31 + i, 2200, s, '1d', Date.UTC(2005, 0, 3))));
    const model = await trainBreakoutModel({
      db, symbols: SYMBOLS, seed: 1, outDir: tmp.file('models'), trainer: trainStandIn, resamples: 20,
      split: { trainEndYear: 2008, testEndYear: 2010, heldOutSymbols: ['DDD'], mode: 'single' },
    });
    db.close();
    good = model.dir;
    fresh = (name) => {
      const dir = tmp.file(name);
      cpSync(good, dir, { recursive: true });
      return dir;
    };
  });
  afterAll(() => tmp.remove());
  const open = (dir: string): BreakoutPredictor => BreakoutPredictor.fromDir(dir, { loader: loadStandIn });
  const expectBaselineAnswers = (p: BreakoutPredictor): void => {
    const up = p.predictEvent(features(), 106, 2);
    expect(up?.probability).toBe(DEFAULT_BASELINE.successEstimate);
    expect(up?.confidence).toBe(0);
    expect(up?.direction).toBe('UP');
    expect(up?.targetPrice).toBe(110);
  };

  it('serves a verified model: the calibrated ensemble output for the event row', () => {
    const p = open(good);
    expect(p.source).toMatchObject({ kind: 'model', dir: good });
    const loaded = loadStandIn(new Map([['stand-in.json', readFileSync(path.join(good, 'stand-in.json'))]]));
    if (!loaded.ok) throw new Error(loaded.error);
    const want = loaded.value.explain(breakoutInputs(features(), 94, 2, 'down')).probability;
    const got = p.predictEvent(features(), 94, 2);
    expect(got?.probability).toBe(want);
    expect(got?.direction).toBe('DOWN');
    expect(got?.targetPrice).toBe(90);
    expect(got?.timeHorizon).toBe(65);
    expect(p.predictEvent(features(), 100, 2)).toBeUndefined();
  });

  it('refuses a weight file with one corrupt byte and lets the baseline answer', () => {
    const dir = fresh('corrupt');
    const file = path.join(dir, 'stand-in.json');
    const bytes = readFileSync(file);
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    writeFileSync(file, bytes);
    const p = open(dir);
    expect(p.source.kind).toBe('baseline');
    expect(p.source.kind === 'baseline' && p.source.reason).toMatch(/stand-in\.json sha256 .* does not match/);
    expectBaselineAnswers(p);
  });

  it('refuses a model trained on another feature schema and lets the baseline answer', () => {
    const dir = fresh('schema');
    const m = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ ...m, featureSchemaHash: '0'.repeat(64) }));
    const p = open(dir);
    expect(p.source.kind === 'baseline' && p.source.reason).toMatch(/feature schema 000000000000/);
    expectBaselineAnswers(p);
  });

  it('refuses a model with a missing file and lets the baseline answer', () => {
    const dir = fresh('missing');
    rmSync(path.join(dir, 'report.json'));
    const p = open(dir);
    expect(p.source.kind === 'baseline' && p.source.reason).toMatch(/report\.json is missing/);
    expectBaselineAnswers(p);
  });

  it('refuses a model trained on other labels, or one its loader rejects', () => {
    const other = { ...DEFAULT_BASELINE, spec: { ...DEFAULT_LABEL_SPEC, horizonBars: 20 } };
    const p = BreakoutPredictor.fromDir(good, { loader: loadStandIn, baseline: other });
    expect(p.source.kind === 'baseline' && p.source.reason).toMatch(/label spec/);
    const q = BreakoutPredictor.fromDir(good, { loader: () => ({ ok: false, error: 'weights.bin has 3 floats, expected 40' }) });
    expect(q.source.kind === 'baseline' && q.source.reason).toMatch(/weights\.bin has 3 floats/);
  });

  it('serves the version current.json names, and the baseline when there is none', () => {
    const root = path.dirname(good);
    writeFileSync(path.join(root, 'current.json'), JSON.stringify({ version: path.basename(good) }));
    expect(BreakoutPredictor.fromModelsRoot(root, { loader: loadStandIn }).source.kind).toBe('model');
    writeFileSync(path.join(root, 'current.json'), '{"version": "../x"}');
    expect(BreakoutPredictor.fromModelsRoot(root, { loader: loadStandIn }).source.kind).toBe('baseline');
    writeFileSync(path.join(root, 'current.json'), '{');
    expect(BreakoutPredictor.fromModelsRoot(root).source.kind).toBe('baseline');
    const none = BreakoutPredictor.fromModelsRoot(tmp.file('empty'));
    expect(none.source.kind === 'baseline' && none.source.reason).toMatch(/no model installed/);
  });

  it('predicts each symbol at its latest bar from streamed bars, and in batch', () => {
    const p = open(good);
    const bars = breakoutSeries(77, 400, 'ZZZ', '1d', Date.UTC(2012, 0, 2));
    expect(p.predictBreakout('ZZZ').status).toBe('unknown-symbol');
    const seen = new Set<string>();
    let breakout: ReturnType<BreakoutPredictor['predictBreakout']> | undefined;
    for (const bar of bars) {
      expect(p.onBar(bar).ok).toBe(true);
      const r = p.predictBreakout('ZZZ');
      seen.add(r.status);
      if (r.status === 'breakout') breakout = r;
    }
    expect([...seen].sort()).toEqual(['breakout', 'quiet', 'warming']);
    expect(breakout?.status === 'breakout' && breakout.model).toBe(p.source.kind === 'model' ? p.source.version : '');
    expect(p.predictBatch(['ZZZ', 'NOPE']).map((r) => r.status)).toEqual([p.predictBreakout('ZZZ').status, 'unknown-symbol']);
    expect(p.onBar({ ...(bars[0] as (typeof bars)[number]), interval: '1h' }).ok).toBe(false);
    expect(p.onBar(bars[0] as (typeof bars)[number]).ok).toBe(false);
  });

  it('can be started on the baseline alone', () => {
    const p = BreakoutPredictor.baselineOnly('models disabled by the trader');
    expect(p.source).toEqual({ kind: 'baseline', reason: 'models disabled by the trader' });
    expectBaselineAnswers(p);
  });
});
