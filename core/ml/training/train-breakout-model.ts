import { createHash } from 'node:crypto';
import { FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import type { Db } from '../../storage/open-database.js';
import { writeArtifact, stableJson, textFile, type ManifestMeta } from '../artifact/write-artifact.js';
import type { Manifest } from '../artifact/manifest.js';
import { baselineJson, fitBaseline } from '../baseline/baseline-rule.js';
import type { Estimate } from '../evaluation/bootstrap.js';
import { BREAKOUT_INPUTS_HASH, INPUT_NAMES } from '../inputs/breakout-inputs.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash, type LabelSpec } from '../labels/label-spec.js';
import { trainEnsemble } from '../models/ensemble-types.js';
import { fitStandardizer } from '../models/standardizer.js';
import { checkClaims, reportMarkdown, testSetReport, type BreakoutReport, type TestSetReport } from './breakout-report.js';
import { DEFAULT_SPLIT, planEvaluation, TEST_SETS, type SplitPlan, type TestSetName } from './evaluation-plan.js';
import { foldPredictions, type EnsembleTrainer } from './fold-predictions.js';
import { gatherLabels, gatherRows, loadTrainingSet } from './training-set.js';
import { GOLDEN_FILE, goldenJson, makeGoldenVectors } from '../ops/registry/golden-vectors.js';
import { driftReferenceJson, makeDriftReference, REFERENCE_FILE } from '../ops/drift/drift-reference.js';

export interface TrainBreakoutOptions {
  /** Database with the daily bars of `symbols`; samples are labelled into it. */
  readonly db: Db;
  readonly symbols: readonly string[];
  readonly split?: SplitPlan;
  readonly seed: number;
  /** Folder holding the versions, e.g. models/breakout. */
  readonly outDir: string;
  readonly spec?: LabelSpec;
  readonly createdFromCommit?: string | null;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  /** Default `trainEnsemble`. */
  readonly trainer?: EnsembleTrainer;
  /** Bootstrap resamples, default 1000 (tests use fewer). */
  readonly resamples?: number;
}

export interface TrainedBreakoutModel {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly report: BreakoutReport;
  readonly markdown: string;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const jsonEstimate = (e: Estimate | undefined): { value: number | null; low: number | null; high: number | null } => {
  const f = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
  return { value: f(e?.value), low: f(e?.low), high: f(e?.high) };
};

/** Headline figures for the manifest: ensemble and baseline on each test set. */
function headline(sets: Partial<Record<TestSetName, TestSetReport>>): Record<string, ReturnType<typeof jsonEstimate>> {
  const out: Record<string, ReturnType<typeof jsonEstimate>> = {};
  for (const [name, t] of Object.entries(sets)) {
    for (const s of ['ensemble', 'baseline'] as const) {
      const m = t.scorers[s];
      out[`${name}.${s}.auc`] = jsonEstimate(m.auc);
      out[`${name}.${s}.brier`] = jsonEstimate(m.brier);
      out[`${name}.${s}.ece`] = jsonEstimate(m.ece);
    }
    const k = `top-${Math.round(t.events * 0.2)}`;
    out[`${name}.ensemble.precision.${k}`] = jsonEstimate(t.scorers.ensemble.taken.find((x) => x.rule === k)?.precision);
  }
  return out;
}

/**
 * The training pipeline: label the stored bars into samples, plan the purged out-of-sample evaluation
 * (later years + held-out symbols), train the ensemble per fold, score it, each member alone and the baseline,
 * and write the artifact `<outDir>/<version>/` (model files, baseline.json, report.md/json, manifest.json).
 * The shipped weights are the LAST fold's model, so the reported figures are the out-of-sample figures of
 * exactly those weights (not of a refit on all data). Deterministic for a seed.
 * @throws RangeError when the data cannot support the split (no symbols, no training events, …).
 */
export async function trainBreakoutModel(options: TrainBreakoutOptions): Promise<TrainedBreakoutModel> {
  const spec = options.spec ?? DEFAULT_LABEL_SPEC;
  const split = options.split ?? DEFAULT_SPLIT;
  const progress = options.onProgress;
  if (options.symbols.length === 0) throw new RangeError('no symbols to train on: import daily bars first');
  const set = loadTrainingSet(options.db, options.symbols, spec, (done, total) => progress?.('dataset', done, total));
  if (set.n === 0) throw new RangeError(`no breakout events in the daily bars of ${options.symbols.join(', ')}`);
  const plan = planEvaluation(set.samples, split, options.seed);
  const { pooled, last, lastTrain } = await foldPredictions(set, plan, spec, options.trainer ?? trainEnsemble, options.seed, progress);
  const testSets: Partial<Record<TestSetName, TestSetReport>> = {};
  let step = 0;
  for (const [name, test] of pooled) {
    testSets[name] = testSetReport(test, options.seed, options.resamples);
    progress?.('evaluate', ++step, pooled.size);
  }
  const trainLabels = gatherLabels(set.labels, lastTrain);
  const trainSamples = [...lastTrain].map((i) => set.samples[i] as NonNullable<(typeof set.samples)[number]>);
  const trainSymbols = [...new Set(trainSamples.map((s) => s.symbol))].sort();
  const baseline = fitBaseline(trainLabels, spec, `training events of the shipped model (${trainSymbols.length} symbols, ` +
    `${isoDay(trainSamples[0]?.time ?? 0)} to ${isoDay(trainSamples[trainSamples.length - 1]?.time ?? 0)}, ${lastTrain.length} events)`);
  const modelFiles = last.toArtifact();
  const version = `v1-${createHash('sha256').update([...modelFiles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, b]) => `${n}:${createHash('sha256').update(b).digest('hex')}`).join('\n')).digest('hex').slice(0, 12)}`;
  let successes = 0;
  for (const l of set.labels) successes += l;
  const report: BreakoutReport = {
    version, seed: options.seed, labelSpecHash: labelSpecHash(spec),
    dataset: { events: set.n, successes, symbols: set.symbols, from: isoDay(set.samples[0]?.time ?? 0), to: isoDay(set.samples[set.n - 1]?.time ?? 0) },
    split: {
      mode: split.mode, heldOutSymbols: plan.heldOut,
      folds: plan.folds.map((f) => ({ name: f.name, train: f.train.length, purged: f.purged, tests: Object.fromEntries([...f.tests].map(([k, v]) => [k, v.length])) })),
      shipped: `the model of fold "${plan.folds[plan.folds.length - 1]?.name ?? ''}"`,
    },
    testSets,
    claims: [TEST_SETS.later, TEST_SETS.heldOut].flatMap((name) => {
      const t = testSets[name];
      return t === undefined || t.events === 0 ? [] : checkClaims(name, t);
    }),
  };
  const markdown = reportMarkdown(report);
  const trainRows = gatherRows(set, lastTrain);
  const standardizer = fitStandardizer(trainRows, lastTrain.length, set.dims, () => true);
  const meta: ManifestMeta = {
    version, createdFromCommit: options.createdFromCommit ?? null, featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH,
    inputNames: [...INPUT_NAMES], labelSpecHash: labelSpecHash(spec), labelSpec: { ...spec }, seed: options.seed,
    training: {
      from: isoDay(trainSamples[0]?.time ?? 0), to: isoDay(trainSamples[trainSamples.length - 1]?.time ?? 0), symbols: trainSymbols,
      samples: lastTrain.length, baseRate: baseline.successEstimate,
    },
    standardizer: { mean: [...standardizer.mean], std: [...standardizer.std] },
    metrics: headline(testSets),
  };
  const files = new Map(modelFiles);
  files.set('baseline.json', textFile(baselineJson(baseline)));
  files.set('report.json', textFile(stableJson(report)));
  files.set('report.md', textFile(markdown));
  // Stored with the model so the registry can prove a loaded copy computes what was trained, and drift has a
  // reference: the shipped fold's own training rows and its scores on them.
  files.set(GOLDEN_FILE, textFile(goldenJson(makeGoldenVectors(last, trainRows, lastTrain.length))));
  files.set(REFERENCE_FILE, textFile(driftReferenceJson(makeDriftReference(INPUT_NAMES, trainRows, lastTrain.length, last.predictProba(trainRows, lastTrain.length)))));
  const written = writeArtifact(options.outDir, files, meta);
  progress?.('artifact', 1, 1);
  return { ...written, report, markdown };
}
