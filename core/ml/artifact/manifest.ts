import { z } from 'zod';

/** Format tag of `manifest.json`; a loader refuses any other. */
export const MANIFEST_FORMAT = 'breakout-model/1';

// The field rules every model manifest shares (breakout and risk).

/** A file's name inside the artifact folder: a plain name, never a path (a manifest cannot point outside). */
export const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'file names must be plain names without path separators');
export const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase sha256 hex digest');

/** A headline metric with its interval. */
export const estimate = z.object({ value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });

/** Every file of the artifact with its size and sha256 (`listFiles`). */
export const listedFiles = z.array(z.object({ name: fileName, bytes: z.number().int().nonnegative(), sha256: hex64 })).min(1);

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: fileName,
  /** Git commit the training code was at, when known. */
  createdFromCommit: z.string().nullable(),
  featureSchemaHash: hex64,
  /** Hash of the model input columns derived from the features (`BREAKOUT_INPUTS_HASH`). */
  inputsHash: hex64,
  inputNames: z.array(z.string()),
  labelSpecHash: hex64,
  labelSpec: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  training: z.object({
    /** ISO dates of the first and last training event. */
    from: z.string(),
    to: z.string(),
    symbols: z.array(z.string()),
    samples: z.number().int().nonnegative(),
    /** Success rate of the training events: the baseline's fixed estimate. */
    baseRate: z.number().min(0).max(1),
  }),
  /** Mean and std of each input column over the training rows, for drift checks against live inputs. */
  standardizer: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  /** Headline out-of-sample figures; the full evaluation is in report.json. */
  metrics: z.record(z.string(), estimate),
  files: listedFiles,
});

/** The parsed `manifest.json`. */
export type Manifest = z.infer<typeof manifestSchema>;
