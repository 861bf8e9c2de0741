import type { SentimentLabel } from './lexicon-scorer.js';

export interface ClassificationReport {
  readonly n: number;
  readonly accuracy: number;
  /** Unweighted mean of the per-class F1 over positive, negative and neutral. */
  readonly macroF1: number;
  readonly f1: Readonly<Record<SentimentLabel, number>>;
}

const LABELS: readonly SentimentLabel[] = ['positive', 'negative', 'neutral'];

/** Accuracy and macro-F1 of predicted against true labels (same length, same order). */
export function classificationReport(truth: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): ClassificationReport {
  if (truth.length !== predicted.length) throw new RangeError(`${truth.length} true labels but ${predicted.length} predictions`);
  let correct = 0;
  const f1 = { positive: 0, negative: 0, neutral: 0 };
  for (const label of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === label;
      const p = predicted[i] === label;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    f1[label] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  return {
    n: truth.length,
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    macroF1: (f1.positive + f1.negative + f1.neutral) / 3,
    f1,
  };
}
