import { err, ok, type Result } from '../../../util/result.js';
import type { ArtifactFiles, EnsembleOutput, TrainedEnsemble, TrainOptions } from '../../models/ensemble-types.js';

/**
 * A tiny deterministic "ensemble" for pipeline tests: a linear score from the class-mean difference of each
 * column (no tfjs, milliseconds to train), squashed to a probability. Not a model of anything; it lets the
 * pipeline, artifact and inference tests run fast and independently of the real members.
 * @internal
 */
export interface StandIn {
  readonly weights: number[];
  readonly bias: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function ensembleOf(s: StandIn): TrainedEnsemble {
  const dims = s.weights.length;
  const score = (rows: Float64Array, i: number): number => {
    let z = s.bias;
    for (let j = 0; j < dims; j++) {
      const v = rows[i * dims + j] ?? 0;
      z += (s.weights[j] ?? 0) * (Number.isFinite(v) ? v : 0);
    }
    return z;
  };
  const map = (rows: Float64Array, n: number, f: (z: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(score(rows, i)));
  return {
    dims,
    predictProba: (rows, n) => map(rows, n, sigmoid),
    memberScores: (rows, n) => ({ nn: map(rows, n, (z) => z), svm: map(rows, n, (z) => -z) }),
    explain: (row): EnsembleOutput => {
      const p = sigmoid(score(row, 0));
      return { probability: p, nnProbability: p, svmProbability: 1 - p, support: 1 };
    },
    toArtifact: (): ArtifactFiles => new Map([['stand-in.json', new TextEncoder().encode(JSON.stringify(s))]]),
  };
}

/** Trains the stand-in on the rows whose fold is 0 (train); `seed` nudges the bias so seeds give different bytes. */
export function trainStandIn(x: Float64Array, y: Uint8Array, n: number, dims: number, opts: TrainOptions): Promise<TrainedEnsemble> {
  const sums = [new Float64Array(dims), new Float64Array(dims)];
  const counts = [0, 0];
  for (let i = 0; i < n; i++) {
    if (opts.folds !== undefined && opts.folds[i] !== 0) continue;
    const c = y[i] === 1 ? 1 : 0;
    counts[c] = (counts[c] ?? 0) + 1;
    for (let j = 0; j < dims; j++) {
      const v = x[i * dims + j] ?? 0;
      (sums[c] as Float64Array)[j] = ((sums[c] as Float64Array)[j] ?? 0) + (Number.isFinite(v) ? v : 0);
    }
  }
  const weights = Array.from({ length: dims }, (_, j) => {
    const d = ((sums[1] as Float64Array)[j] ?? 0) / Math.max(1, counts[1] ?? 0) - ((sums[0] as Float64Array)[j] ?? 0) / Math.max(1, counts[0] ?? 0);
    return Math.round(d * 1e6) / 1e8;
  });
  opts.onProgress?.('stand-in', 1, 1);
  return Promise.resolve(ensembleOf({ weights, bias: -1 + opts.seed * 1e-6 }));
}

/** Loads the stand-in's artifact; refuses anything else. */
export function loadStandIn(files: ArtifactFiles): Result<TrainedEnsemble, string> {
  const bytes = files.get('stand-in.json');
  if (bytes === undefined) return err('stand-in.json is missing');
  try {
    return ok(ensembleOf(JSON.parse(new TextDecoder().decode(bytes)) as StandIn));
  } catch (error) {
    return err(`stand-in.json is not JSON: ${(error as Error).message}`);
  }
}
