import { baselineScores, fitBaseline } from '../baseline/baseline-rule.js';
import type { LabelSpec } from '../labels/label-spec.js';
import type { TrainedEnsemble, TrainOptions } from '../models/ensemble-types.js';
import type { EvaluationPlan, TestSetName } from './evaluation-plan.js';
import { innerFolds } from './inner-folds.js';
import { gatherLabels, gatherRows, type TrainingSet } from './training-set.js';

/** Trains an ensemble: `trainEnsemble` in production, a fast stand-in in tests. */
export type EnsembleTrainer = (x: Float64Array, y: Uint8Array, n: number, dims: number, opts: TrainOptions) => Promise<TrainedEnsemble>;

/** The scorers compared in the report. */
export const SCORERS = ['ensemble', 'nn', 'svm', 'baseline'] as const;
export type ScorerName = (typeof SCORERS)[number];

/** Out-of-sample probabilities of every scorer on one test set, pooled over folds, with the labels. */
export interface PooledTest {
  readonly labels: Uint8Array;
  readonly scores: Record<ScorerName, Float64Array>;
}

const concat = <T extends Float64Array | Uint8Array>(parts: readonly T[], make: (n: number) => T): T => {
  const out = make(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * Trains one ensemble per fold and collects every scorer's out-of-sample probabilities. The members alone are
 * scored by their own Platt-calibrated probabilities (`explain`), so they get the full metric set, not
 * rank-only figures. The baseline is fitted per fold to that fold's training labels.
 * @returns the pooled test sets and the last fold's ensemble (the one a shipped model is).
 */
export async function foldPredictions(
  set: TrainingSet, plan: EvaluationPlan, spec: LabelSpec, trainer: EnsembleTrainer, seed: number,
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<{ pooled: Map<TestSetName, PooledTest>; last: TrainedEnsemble; lastTrain: Uint32Array }> {
  const parts = new Map<TestSetName, { labels: Uint8Array[]; scores: Record<ScorerName, Float64Array[]> }>();
  let last: { model: TrainedEnsemble; train: Uint32Array } | undefined;
  for (const [f, fold] of plan.folds.entries()) {
    const x = gatherRows(set, fold.train);
    const y = gatherLabels(set.labels, fold.train);
    const folds = innerFolds([...fold.train].map((i) => set.samples[i] as NonNullable<(typeof set.samples)[number]>));
    const stage = `train ${fold.name}`;
    const model = await trainer(x, y, fold.train.length, set.dims, {
      seed, folds, ...(onProgress === undefined ? {} : { onProgress: (s: string, done: number, total: number) => onProgress(`${stage}: ${s}`, done, total) }),
    });
    const baseline = fitBaseline(y, spec, `training events of ${fold.name}`);
    for (const [name, idx] of fold.tests) {
      const rows = gatherRows(set, idx);
      const nn = new Float64Array(idx.length);
      const svm = new Float64Array(idx.length);
      for (let i = 0; i < idx.length; i++) {
        const e = model.explain(rows.subarray(i * set.dims, (i + 1) * set.dims));
        nn[i] = e.nnProbability;
        svm[i] = e.svmProbability;
      }
      const p = parts.get(name) ?? { labels: [], scores: { ensemble: [], nn: [], svm: [], baseline: [] } };
      p.labels.push(gatherLabels(set.labels, idx));
      p.scores.ensemble.push(model.predictProba(rows, idx.length));
      p.scores.nn.push(nn);
      p.scores.svm.push(svm);
      p.scores.baseline.push(baselineScores(idx.length, baseline));
      parts.set(name, p);
    }
    onProgress?.('folds', f + 1, plan.folds.length);
    last = { model, train: fold.train };
  }
  if (last === undefined) throw new RangeError('the evaluation plan has no folds');
  const pooled = new Map<TestSetName, PooledTest>();
  for (const [name, p] of parts) {
    const f64 = (n: number): Float64Array => new Float64Array(n);
    pooled.set(name, {
      labels: concat(p.labels, (n) => new Uint8Array(n)),
      scores: { ensemble: concat(p.scores.ensemble, f64), nn: concat(p.scores.nn, f64), svm: concat(p.scores.svm, f64), baseline: concat(p.scores.baseline, f64) },
    });
  }
  return { pooled, last: last.model, lastTrain: last.train };
}
