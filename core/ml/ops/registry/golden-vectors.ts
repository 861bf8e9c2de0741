import { z } from 'zod';
import { err, ok, type Result } from '../../../util/result.js';
import type { ArtifactFiles, TrainedEnsemble } from '../../models/ensemble-types.js';

/** The artifact file holding the golden vectors. */
export const GOLDEN_FILE = 'golden.json';

/** How far a reproduced output may be from the stored one. */
export const GOLDEN_TOLERANCE = 1e-5;

/** How many training rows the artifact keeps as golden vectors. */
export const GOLDEN_COUNT = 32;

const goldenSchema = z.object({
  format: z.literal('golden-vectors/1'),
  dims: z.number().int().positive(),
  /** Raw input rows; null stands for NaN (a cold field), which JSON cannot hold. */
  inputs: z.array(z.array(z.number().nullable())).min(1),
  /** The calibrated probability the trained ensemble gave each row. */
  outputs: z.array(z.number()),
});

/** Inputs and the outputs the model gave them when it was written. */
export type GoldenVectors = z.infer<typeof goldenSchema>;

/**
 * Golden vectors from `n` row-major training rows: `GOLDEN_COUNT` rows evenly spaced over them and the
 * ensemble's probability for each, so a loaded copy of the model can prove it computes what was trained.
 */
export function makeGoldenVectors(ensemble: TrainedEnsemble, rows: Float64Array, n: number): GoldenVectors {
  const dims = ensemble.dims;
  const take = Math.min(GOLDEN_COUNT, n);
  if (take === 0) throw new RangeError('golden vectors need at least one training row');
  const picked = new Float64Array(take * dims);
  for (let i = 0; i < take; i++) {
    const from = Math.floor((i * n) / take) * dims;
    picked.set(rows.subarray(from, from + dims), i * dims);
  }
  const outputs = ensemble.predictProba(picked, take);
  const inputs: (number | null)[][] = [];
  for (let i = 0; i < take; i++) inputs.push(Array.from(picked.subarray(i * dims, (i + 1) * dims), (x) => (Number.isFinite(x) ? x : null)));
  return { format: 'golden-vectors/1', dims, inputs, outputs: Array.from(outputs) };
}

/** `golden.json` bytes of `makeGoldenVectors`. */
export const goldenJson = (golden: GoldenVectors): string => `${JSON.stringify(golden)}\n`;

/** Parses an artifact's golden vectors, saying what is wrong. */
export function readGoldenVectors(files: ArtifactFiles, where: string): Result<GoldenVectors, string> {
  const bytes = files.get(GOLDEN_FILE);
  if (bytes === undefined) return err(`${where}: has no ${GOLDEN_FILE} (golden input/output vectors); retrain it with this build (npm run train)`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return err(`${where}: ${GOLDEN_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = goldenSchema.safeParse(json);
  if (!parsed.success) return err(`${where}: ${GOLDEN_FILE} is malformed: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const g = parsed.data;
  if (g.outputs.length !== g.inputs.length || g.inputs.some((r) => r.length !== g.dims)) {
    return err(`${where}: ${GOLDEN_FILE} has ${g.inputs.length} inputs of ${g.dims} columns but ${g.outputs.length} outputs`);
  }
  return ok(g);
}

/** The largest error of the loaded ensemble on the golden vectors, and at which vector. */
export interface GoldenCheck {
  readonly maxError: number;
  readonly worstIndex: number;
  readonly vectors: number;
}

/**
 * Runs the loaded ensemble on the golden inputs; an error naming the worst vector when any output is off by
 * more than `tolerance` (or is not a number).
 */
export function checkGoldenVectors(ensemble: TrainedEnsemble, golden: GoldenVectors, where: string, tolerance: number = GOLDEN_TOLERANCE): Result<GoldenCheck, string> {
  if (golden.dims !== ensemble.dims) return err(`${where}: golden vectors have ${golden.dims} columns but the model takes ${ensemble.dims}`);
  const n = golden.inputs.length;
  const rows = new Float64Array(n * golden.dims);
  golden.inputs.forEach((r, i) => r.forEach((x, j) => {
    rows[i * golden.dims + j] = x ?? Number.NaN;
  }));
  const got = ensemble.predictProba(rows, n);
  let maxError = 0;
  let worstIndex = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs((got[i] as number) - (golden.outputs[i] as number));
    const error = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
    if (error > maxError) {
      maxError = error;
      worstIndex = i;
    }
  }
  if (maxError > tolerance) {
    return err(`${where}: golden vector ${worstIndex} gives ${(got[worstIndex] as number).toPrecision(8)} where the model was written with ` +
      `${(golden.outputs[worstIndex] as number).toPrecision(8)} (off by ${maxError.toExponential(2)}, tolerance ${tolerance.toExponential(0)}): the weights do not compute what was trained`);
  }
  return ok({ maxError, worstIndex, vectors: n });
}
