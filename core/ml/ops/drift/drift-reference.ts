import { z } from 'zod';
import { err, ok, type Result } from '../../../util/result.js';
import type { ArtifactFiles } from '../../models/ensemble-types.js';
import { referenceHistogram, type Histogram } from './psi.js';

/** The artifact file holding the training reference of every input column and of the score. */
export const REFERENCE_FILE = 'reference.json';

const histogramSchema = z.object({ cuts: z.array(z.number()), shares: z.array(z.number().min(0).max(1)), n: z.number().int().nonnegative() });
const referenceSchema = z.object({
  format: z.literal('drift-reference/1'),
  inputNames: z.array(z.string()),
  inputs: z.array(histogramSchema),
  score: histogramSchema,
});

/** What live inputs and scores are compared with: histograms of the shipped model's training rows and scores. */
export type DriftReference = z.infer<typeof referenceSchema>;

/** The reference of `n` row-major training rows (`names.length` columns) and the model's scores on them. */
export function makeDriftReference(names: readonly string[], rows: Float64Array, n: number, scores: ArrayLike<number>): DriftReference {
  const dims = names.length;
  const inputs: Histogram[] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < dims; j++) {
    for (let i = 0; i < n; i++) column[i] = rows[i * dims + j] as number;
    inputs.push(referenceHistogram(column));
  }
  return { format: 'drift-reference/1', inputNames: [...names], inputs, score: referenceHistogram(scores) };
}

/** `reference.json` bytes. */
export const driftReferenceJson = (reference: DriftReference): string => `${JSON.stringify(reference)}\n`;

/** Parses an artifact's drift reference, saying what is wrong. */
export function readDriftReference(files: ArtifactFiles, where: string): Result<DriftReference, string> {
  const bytes = files.get(REFERENCE_FILE);
  if (bytes === undefined) return err(`${where}: has no ${REFERENCE_FILE} (training reference for drift); retrain it with this build (npm run train)`);
  try {
    const parsed = referenceSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    if (!parsed.success) return err(`${where}: ${REFERENCE_FILE} is malformed: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (parsed.data.inputs.length !== parsed.data.inputNames.length) return err(`${where}: ${REFERENCE_FILE} has ${parsed.data.inputs.length} histograms for ${parsed.data.inputNames.length} inputs`);
    return ok(parsed.data);
  } catch (error) {
    return err(`${where}: ${REFERENCE_FILE} is not valid JSON (${(error as Error).message})`);
  }
}
