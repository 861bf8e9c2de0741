import { buildDataset } from '../dataset/build-dataset.js';
import { SampleStore } from '../dataset/sample-store.js';
import type { TrainingSample } from '../dataset/training-sample.js';
import type { SplitSample } from '../evaluation/splits.js';
import { INPUT_COUNT, writeBreakoutInputs } from '../inputs/breakout-inputs.js';
import { labelSpecHash, type LabelSpec } from '../labels/label-spec.js';
import { BarStore } from '../../storage/bar-store.js';
import type { Db } from '../../storage/open-database.js';

/** The labelled events as model rows, oldest first (ties by symbol), with what the splits need. */
export interface TrainingSet {
  readonly n: number;
  readonly dims: number;
  /** Row-major model inputs (`INPUT_NAMES` order), `n × dims`. */
  readonly rows: Float64Array;
  /** 1 = target before stop within the horizon. */
  readonly labels: Uint8Array;
  readonly samples: readonly SplitSample[];
  readonly symbols: readonly string[];
}

/** Rows of `set` at `indices`, copied into one block. */
export function gatherRows(set: Pick<TrainingSet, 'rows' | 'dims'>, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * set.dims);
  for (let i = 0; i < indices.length; i++) {
    const from = (indices[i] as number) * set.dims;
    out.set(set.rows.subarray(from, from + set.dims), i * set.dims);
  }
  return out;
}

/** Labels of `set` at `indices`. */
export function gatherLabels(labels: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = labels[indices[i] as number] as number;
  return out;
}

/** Turns stored samples into a training set, sorted by event time so inner folds can be cut in time. */
export function toTrainingSet(samples: readonly TrainingSample[]): TrainingSet {
  const sorted = [...samples].sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const n = sorted.length;
  const rows = new Float64Array(n * INPUT_COUNT);
  const labels = new Uint8Array(n);
  sorted.forEach((s, i) => {
    writeBreakoutInputs(s.features, s.entryPrice, s.atr, s.direction, rows, i);
    labels[i] = s.outcome.label;
  });
  return {
    n, dims: INPUT_COUNT, rows, labels,
    samples: sorted.map((s) => ({ symbol: s.symbol, time: s.time, exitTime: s.outcome.exitTime })),
    symbols: [...new Set(sorted.map((s) => s.symbol))].sort(),
  };
}

/**
 * Labels the stored daily bars of `symbols` under `spec` (idempotent: `buildDataset` writes only what
 * changed) and reads every final sample back, reporting progress per symbol.
 */
export function loadTrainingSet(db: Db, symbols: readonly string[], spec: LabelSpec, onSymbol?: (done: number, total: number) => void): TrainingSet {
  const bars = new BarStore(db);
  const store = new SampleStore(db);
  const hash = labelSpecHash(spec);
  const all: TrainingSample[] = [];
  symbols.forEach((symbol, i) => {
    buildDataset({ bars, samples: store }, [symbol], spec, { interval: '1d' });
    all.push(...store.query({ symbol, interval: '1d', labelSpecHash: hash }));
    onSymbol?.(i + 1, symbols.length);
  });
  return toTrainingSet(all);
}
