import { pickHeldOutSymbols, timeCutFold, yearStart, type SplitSample } from '../evaluation/splits.js';
import { seededUniform as seededRandom } from '../../util/seeded-random.js';

/**
 * How the model is evaluated. Training never sees the held-out symbols, nor any event at or after
 * 1 January of `trainEndYear + 1` (purged at the cut). 'single': one model trained through trainEndYear,
 * tested on every later year up to testEndYear. 'yearly': expanding walk-forward, one model per test year
 * (trained on everything before it), the test predictions pooled.
 */
export interface SplitPlan {
  readonly trainEndYear: number;
  readonly testEndYear: number;
  /** The symbols to hold out, or how many to pick from the seed. */
  readonly heldOutSymbols: readonly string[] | number;
  readonly mode: 'single' | 'yearly';
}

export const DEFAULT_SPLIT: SplitPlan = { trainEndYear: 2009, testEndYear: 2017, heldOutSymbols: 6, mode: 'single' };

/** Names of the two out-of-sample test sets. */
export const TEST_SETS = { later: 'later-years', heldOut: 'held-out-symbols' } as const;
export type TestSetName = (typeof TEST_SETS)[keyof typeof TEST_SETS];

/** One model to train and what it is tested on. */
export interface PlannedFold {
  readonly name: string;
  readonly train: Uint32Array;
  readonly purged: number;
  readonly tests: ReadonlyMap<TestSetName, Uint32Array>;
}

export interface EvaluationPlan {
  readonly heldOut: readonly string[];
  readonly folds: readonly PlannedFold[];
}

/** @throws RangeError for a bad year range, unknown held-out symbols, or a fold without training data. */
export function planEvaluation(samples: readonly SplitSample[], split: SplitPlan, seed: number): EvaluationPlan {
  if (!(Number.isInteger(split.trainEndYear) && Number.isInteger(split.testEndYear) && split.trainEndYear < split.testEndYear)) {
    throw new RangeError(`trainEndYear must be an integer before testEndYear, got ${split.trainEndYear} and ${split.testEndYear}`);
  }
  const symbols = [...new Set(samples.map((s) => s.symbol))];
  const heldOut = typeof split.heldOutSymbols === 'number' ? pickHeldOutSymbols(symbols, split.heldOutSymbols, seededRandom(seed ^ 0x5eed)) : [...split.heldOutSymbols].sort();
  const unknown = heldOut.filter((s) => !symbols.includes(s));
  if (unknown.length > 0) throw new RangeError(`held-out symbols without samples: ${unknown.join(', ')}`);
  if (heldOut.length >= symbols.length) throw new RangeError(`holding out ${heldOut.length} of ${symbols.length} symbols leaves nothing to train on`);
  const out = new Set(heldOut);
  const cuts = split.mode === 'single'
    ? [[split.trainEndYear + 1, split.testEndYear]]
    : Array.from({ length: split.testEndYear - split.trainEndYear }, (_, i) => [split.trainEndYear + 1 + i, split.trainEndYear + 1 + i]);
  const folds = cuts.map(([from, to]) => {
    const start = yearStart(from as number);
    const end = yearStart((to as number) + 1);
    const later = timeCutFold(samples, `${from}-${to}`, start, end, (s) => !out.has(s.symbol), (s) => !out.has(s.symbol));
    const held = timeCutFold(samples, `${from}-${to}`, start, end, (s) => !out.has(s.symbol), (s) => out.has(s.symbol));
    if (later.train.length === 0) throw new RangeError(`no training events before ${from}`);
    return {
      name: `train < ${from}, test ${from}${to === from ? '' : `-${to}`}`, train: later.train, purged: later.purged,
      tests: new Map<TestSetName, Uint32Array>([[TEST_SETS.later, later.test], [TEST_SETS.heldOut, held.test]]),
    };
  });
  return { heldOut, folds };
}
