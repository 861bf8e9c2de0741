import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { verifyArtifact } from '../artifact/verify-artifact.js';
import { BREAKOUT_INPUTS_HASH } from '../inputs/breakout-inputs.js';
import { breakoutSeries } from '../labels/testing/breakout-series.js';
import { TEST_SETS, type SplitPlan } from './evaluation-plan.js';
import { loadStandIn, trainStandIn } from './testing/stand-in-ensemble.js';
import { trainBreakoutModel } from './train-breakout-model.js';
import { yearStart } from '../evaluation/splits.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
const split: SplitPlan = { trainEndYear: 2009, testEndYear: 2012, heldOutSymbols: ['EEE'], mode: 'single' };

describe('trainBreakoutModel', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-train-');
    db = openDatabase(tmp.file('desk.db'));
    const bars = new BarStore(db);
    SYMBOLS.forEach((s, i) => bars.upsert(breakoutSeries(11 + i, 2900, s, '1d', Date.UTC(2005, 0, 3))));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });
  const train = (seed: number, outDir = tmp.file('models'), plan = split) =>
    trainBreakoutModel({ db, symbols: SYMBOLS, split: plan, seed, outDir, trainer: trainStandIn, resamples: 50 });

  it('writes a verifiable artifact with the report, the baseline and a manifest naming the training data', async () => {
    const stages = new Set<string>();
    const model = await trainBreakoutModel({
      db, symbols: SYMBOLS, split, seed: 3, outDir: tmp.file('models'), trainer: trainStandIn, resamples: 50, onProgress: (stage) => stages.add(stage.split(':')[0] ?? ''),
    });
    const verified = verifyArtifact(model.dir, { featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH });
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    expect([...verified.value.files.keys()].sort()).toEqual(['baseline.json', 'golden.json', 'reference.json', 'report.json', 'report.md', 'stand-in.json']);
    expect(loadStandIn(verified.value.files).ok).toBe(true);
    const m = model.manifest;
    expect(m.training.symbols).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
    expect(m.training.to < '2010-01-01').toBe(true);
    expect(m.training.baseRate).toBeGreaterThan(0);
    expect(m.standardizer.mean).toHaveLength(m.inputNames.length);
    expect(JSON.parse(readFileSync(path.join(model.dir, 'baseline.json'), 'utf8'))).toMatchObject({ successEstimate: m.training.baseRate });
    expect([...stages]).toEqual(expect.arrayContaining(['dataset', 'train train < 2010, test 2010-2012', 'folds', 'evaluate', 'artifact']));
    const later = model.report.testSets[TEST_SETS.later];
    const held = model.report.testSets[TEST_SETS.heldOut];
    expect(later?.events).toBeGreaterThan(20);
    expect(held?.events).toBeGreaterThan(5);
    expect(Object.keys(later?.scorers ?? {})).toEqual(['ensemble', 'nn', 'svm', 'baseline']);
    // The baseline gives every event the same estimate: AUC 0.5 and its precision at its own count is the base rate.
    expect(later?.scorers.baseline.auc.value).toBe(0.5);
    expect(later?.scorers.baseline.taken[0]?.precision.value).toBeCloseTo((later?.successes ?? 0) / (later?.events ?? 1), 12);
    expect(model.report.claims.map((c) => c.target)).toEqual([0.8, 1.25, 0.8, 1.25]);
    expect(model.markdown).toContain('## Ticket claims');
    expect(readFileSync(path.join(model.dir, 'report.md'), 'utf8')).toBe(model.markdown);
  });

  it('gives identical manifest hashes when trained twice with the same seed, and different ones for another seed', async () => {
    const a = await train(5, tmp.file('a'));
    const b = await train(5, tmp.file('b'));
    const c = await train(6, tmp.file('c'));
    expect(b.manifest.version).toBe(a.manifest.version);
    expect(b.manifest.files).toEqual(a.manifest.files);
    expect(readFileSync(path.join(b.dir, 'manifest.json'))).toEqual(readFileSync(path.join(a.dir, 'manifest.json')));
    expect(c.manifest.files).not.toEqual(a.manifest.files);
  });

  it('trains one model per year in yearly mode and never on an outcome that reaches its test year', async () => {
    const trained: number[] = [];
    const model = await trainBreakoutModel({
      db, symbols: SYMBOLS, split: { ...split, mode: 'yearly' }, seed: 1, outDir: tmp.file('y'), resamples: 20,
      trainer: (x, y, n, dims, opts) => {
        trained.push(n);
        return trainStandIn(x, y, n, dims, opts);
      },
    });
    expect(model.report.split.folds.map((f) => f.name)).toEqual(['train < 2010, test 2010', 'train < 2011, test 2011', 'train < 2012, test 2012']);
    expect(trained).toHaveLength(3);
    expect(trained[0]).toBeLessThan(trained[2] ?? 0);
    expect(model.manifest.training.to < '2012-01-01').toBe(true);
    expect(Date.parse(model.manifest.training.to)).toBeLessThan(yearStart(2012));
  });

  it('refuses to train without symbols or without events', async () => {
    await expect(trainBreakoutModel({ db, symbols: [], seed: 1, outDir: tmp.dir, trainer: trainStandIn })).rejects.toThrow(/no symbols/);
    await expect(trainBreakoutModel({ db, symbols: ['NONE'], seed: 1, outDir: tmp.dir, trainer: trainStandIn })).rejects.toThrow(/no breakout events/);
  });
});
