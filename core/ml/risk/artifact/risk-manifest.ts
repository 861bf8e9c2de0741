import { z } from 'zod';
import { estimate, fileName, hex64, listedFiles } from '../../artifact/manifest.js';

/** Format tag of a risk model's `manifest.json`; a loader refuses any other. */
export const RISK_MANIFEST_FORMAT = 'risk-model/1';

/** The risk model's manifest: the breakout model's rules (size + sha256 of every file, input hashes). */
export const riskManifestSchema = z.object({
  format: z.literal(RISK_MANIFEST_FORMAT),
  version: fileName,
  createdFromCommit: z.string().nullable(),
  /** `RISK_INPUTS_HASH`: the observation encoding the network was trained on. */
  inputsHash: hex64,
  inputNames: z.array(z.string()),
  /** Hash of the action grid: what each output unit means. */
  actionGridHash: hex64,
  actionGrid: z.object({ sizes: z.array(z.number()), stopsAtr: z.array(z.number()), takeProfitsAtr: z.array(z.number()) }),
  seed: z.number().int(),
  training: z.object({
    firstYear: z.number().int(),
    lastYear: z.number().int(),
    symbols: z.array(z.string()),
    heldOutSymbols: z.array(z.string()),
    steps: z.number().int().nonnegative(),
    episodes: z.number().int().nonnegative(),
  }),
  /** The paper broker settings the environment traded with. */
  broker: z.record(z.string(), z.unknown()),
  /** sha256 of weights.bin: the "weights hash" two trainings with one seed must share. */
  weightsSha256: hex64,
  /** Headline out-of-sample figures; the full evaluation is in report.json. */
  metrics: z.record(z.string(), estimate),
  files: listedFiles,
});

export type RiskManifest = z.infer<typeof riskManifestSchema>;
export type RiskManifestMeta = Omit<RiskManifest, 'format' | 'files'>;
